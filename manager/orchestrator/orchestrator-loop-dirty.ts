// What the orchestrator loop still has to reconcile: per service, either all of it or only some
// slots (replicated) and nodes (global). Task events dirty one slot, so a pass costs what changed,
// not the size of the service.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';

export interface DirtyScope {
  /** The whole service (created, updated, removed, a rejected batch, a resync). */
  full: boolean;
  /** Replicated slots to reconcile (tasks with slot > 0). */
  readonly slots: Set<number>;
  /** Nodes to reconcile: a global service's per-node slot (tasks with slot 0). */
  readonly nodes: Set<string>;
}

export class DirtyServices {
  private readonly entries = new Map<string, DirtyScope>();

  get size(): number {
    return this.entries.size;
  }

  has(serviceId: string): boolean {
    return this.entries.has(serviceId);
  }

  markFull(serviceId: string): void {
    const e = this.entry(serviceId);
    e.full = true;
    // A full pass reads every task of the service: the narrower marks are implied.
    e.slots.clear();
    e.nodes.clear();
  }

  markSlot(serviceId: string, slot: number): void {
    const e = this.entry(serviceId);
    if (!e.full) e.slots.add(slot);
  }

  markNode(serviceId: string, nodeId: string): void {
    const e = this.entry(serviceId);
    if (!e.full) e.nodes.add(nodeId);
  }

  /** The slot a task occupies: its replicated slot, or its node for a global service. */
  markTask(task: Pick<Task__Output, 'serviceId' | 'slot' | 'nodeId'>): void {
    if (task.slot > 0) this.markSlot(task.serviceId, task.slot);
    else this.markNode(task.serviceId, task.nodeId);
  }

  /** Dirty services in id order (passes are deterministic). */
  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Removes and returns a service's scope. */
  take(serviceId: string): DirtyScope | undefined {
    const e = this.entries.get(serviceId);
    this.entries.delete(serviceId);
    return e;
  }

  clear(): void {
    this.entries.clear();
  }

  private entry(serviceId: string): DirtyScope {
    let e = this.entries.get(serviceId);
    if (e === undefined) {
      e = { full: false, slots: new Set(), nodes: new Set() };
      this.entries.set(serviceId, e);
    }
    return e;
  }
}
