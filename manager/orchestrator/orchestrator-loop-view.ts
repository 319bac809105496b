// What the orchestrator loop knows of the store besides tasks: nodes, services (and which are
// global) and the cluster, read once and then kept from change events. Each change marks the slots
// it can affect; tasks themselves are read per slot at pass time from the store's indexes.
import type { Cluster__Output } from '../../proto/gen/covey/v1/Cluster.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreEvent } from '../store/store-event.ts';
import type { DirtyServices } from './orchestrator-loop-dirty.ts';
import { nodeChangeMatters } from './orchestrator-loop-events.ts';
import { isWanted } from './task-lifecycle.ts';
import { taskHistoryLimit } from './task-reaper.ts';

export class OrchestratorView {
  readonly nodes = new Map<string, Node__Output>();
  readonly services = new Map<string, Service__Output>();
  private readonly globalServices = new Set<string>();
  private cluster: Cluster__Output | undefined;

  constructor(
    private readonly store: Pick<MemoryStore, 'find'>,
    private readonly dirty: DirtyServices,
  ) {}

  /** The cluster's task history retention limit (default when there is no cluster object). */
  get historyLimit(): number {
    return taskHistoryLimit(this.cluster);
  }

  /**
   * Reads everything again and marks every service for a full pass, and every service that tasks
   * still name but that no longer exists (its tasks must go). O(all tasks): once per resync.
   */
  load(): void {
    this.nodes.clear();
    for (const n of this.store.find('node')) this.nodes.set(n.id, n);
    this.services.clear();
    this.globalServices.clear();
    for (const s of this.store.find('service')) this.setService(s);
    this.cluster = this.store.find('cluster')[0];
    for (const id of this.services.keys()) this.dirty.markFull(id);
    for (const t of this.store.find('task'))
      if (!this.services.has(t.serviceId)) this.dirty.markFull(t.serviceId);
  }

  /** Follows one change and marks what it can affect. */
  apply(e: StoreEvent): void {
    switch (e.kind) {
      case 'service':
        if (e.action === 'delete') {
          this.services.delete(e.object.id);
          this.globalServices.delete(e.object.id);
        } else {
          this.setService(e.object);
        }
        this.dirty.markFull(e.object.id);
        return;
      case 'task': {
        this.dirty.markTask(e.object);
        const old = e.oldObject;
        if (old !== undefined && (old.slot !== e.object.slot || old.nodeId !== e.object.nodeId))
          this.dirty.markTask(old);
        return;
      }
      case 'node':
        this.applyNode(e.action, e.object, e.oldObject);
        return;
      case 'cluster': {
        const before = this.historyLimit;
        this.cluster = this.store.find('cluster')[0];
        // A new retention limit applies to every slot's history at once.
        if (this.historyLimit !== before) for (const id of this.services.keys()) this.dirty.markFull(id);
        return;
      }
    }
  }

  private applyNode(action: StoreEvent['action'], node: Node__Output, old: Node__Output | undefined): void {
    const before = old ?? this.nodes.get(node.id);
    if (action === 'delete') this.nodes.delete(node.id);
    else this.nodes.set(node.id, node);
    if (action === 'update' && before !== undefined && !nodeChangeMatters(before, node)) return;
    // Its tasks may have to leave (down, drained, removed, constraints); finished history may not.
    for (const t of this.store.find('task', { nodeId: node.id })) if (isWanted(t)) this.dirty.markTask(t);
    // Every global service has a slot on every node: it may gain or lose a task there.
    for (const id of this.globalServices) this.dirty.markNode(id, node.id);
  }

  private setService(s: Service__Output): void {
    this.services.set(s.id, s);
    if (s.spec?.mode === 'global') this.globalServices.add(s.id);
    else this.globalServices.delete(s.id);
  }
}
