// What the scheduler knows about one node: its facts (flattened for cheap filter checks) and the
// load of the tasks assigned to it, kept incrementally as tasks come and go.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { TaskUsage } from './task-usage.ts';

export class NodeInfo {
  readonly id: string;
  node!: Node__Output;
  hostname = '';
  role: 'manager' | 'worker' = 'worker';
  os = '';
  arch = '';
  labels: Readonly<Record<string, string>> = {};
  engineLabels: Readonly<Record<string, string>> = {};
  state: number = NodeState.NODE_STATE_UNKNOWN;
  availability: number = NodeAvailability.NODE_AVAILABILITY_ACTIVE;
  /** Runtime kinds offered; a HOLLOW node takes every kind (see RuntimeKind). */
  runtimes = new Set<number>();
  /** Runtimes the agent reported as not able to start tasks now. */
  unavailableRuntimes = new Set<number>();
  totalNanoCpus = 0;
  totalMemoryBytes = 0;
  reservedNanoCpus = 0;
  reservedMemoryBytes = 0;
  /** Tasks assigned here that still hold resources (state ≤ RUNNING). */
  readonly tasks = new Map<string, TaskUsage>();
  readonly tasksByService = new Map<string, number>();
  /** Host-mode published ports in use (`80/tcp`) → number of tasks publishing them. */
  readonly hostPorts = new Map<string, number>();
  /** Position in the NodeSet's id order; a cheap deterministic tie-break. Set by NodeSet.ordered(). */
  rank = 0;
  /**
   * Tasks of the service being scheduled on this node. Scratch space owned by the running
   * scheduleBatch group: kept on the node so a group allocates nothing per node.
   */
  groupServiceTasks = 0;

  constructor(node: Node__Output) {
    this.id = node.id;
    this.setNode(node);
  }

  /** Replaces the node's facts (spec, description, status); its task accounting is kept. */
  setNode(node: Node__Output): void {
    this.node = node;
    const d = node.description;
    this.hostname = (d?.hostname ?? '').toLowerCase();
    this.role = node.role === NodeRole.NODE_ROLE_MANAGER ? 'manager' : 'worker';
    this.os = (d?.platform?.os ?? '').toLowerCase();
    this.arch = (d?.platform?.architecture ?? '').toLowerCase();
    this.labels = node.spec?.annotations?.labels ?? {};
    this.engineLabels = d?.engine?.labels ?? {};
    this.state = node.status?.state ?? NodeState.NODE_STATE_UNKNOWN;
    this.availability = node.spec?.availability ?? NodeAvailability.NODE_AVAILABILITY_ACTIVE;
    this.runtimes = new Set(d?.runtimes ?? []);
    this.unavailableRuntimes = new Set();
    for (const h of node.status?.health?.runtimes ?? []) {
      if (!h.available) this.unavailableRuntimes.add(h.runtime);
    }
    this.totalNanoCpus = d?.resources?.nanoCpus ?? 0;
    this.totalMemoryBytes = d?.resources?.memoryBytes ?? 0;
  }

  get availableNanoCpus(): number {
    return this.totalNanoCpus - this.reservedNanoCpus;
  }

  get availableMemoryBytes(): number {
    return this.totalMemoryBytes - this.reservedMemoryBytes;
  }

  get taskCount(): number {
    return this.tasks.size;
  }

  /** Whether the node passes the ready, availability and runtime filters for tasks of `kind`. */
  acceptsRuntime(kind: number): boolean {
    if (this.state !== NodeState.NODE_STATE_READY) return false;
    if (this.availability !== NodeAvailability.NODE_AVAILABILITY_ACTIVE) return false;
    const via = this.runtimeFor(kind);
    return via !== undefined && !this.unavailableRuntimes.has(via);
  }

  serviceTaskCount(serviceId: string): number {
    return this.tasksByService.get(serviceId) ?? 0;
  }

  /** The runtime the node would run a task of `kind` with, or undefined when it offers none. */
  runtimeFor(kind: number): number | undefined {
    if (kind === RuntimeKind.RUNTIME_KIND_UNKNOWN) return undefined;
    if (this.runtimes.has(kind)) return kind;
    if (this.runtimes.has(RuntimeKind.RUNTIME_KIND_HOLLOW)) return RuntimeKind.RUNTIME_KIND_HOLLOW;
    return undefined;
  }

  /** Returns false when the task was already accounted here (idempotent). */
  addTask(usage: TaskUsage): boolean {
    if (this.tasks.has(usage.taskId)) return false;
    this.tasks.set(usage.taskId, usage);
    this.reservedNanoCpus += usage.nanoCpus;
    this.reservedMemoryBytes += usage.memoryBytes;
    this.tasksByService.set(usage.serviceId, (this.tasksByService.get(usage.serviceId) ?? 0) + 1);
    for (const p of usage.hostPorts) this.hostPorts.set(p, (this.hostPorts.get(p) ?? 0) + 1);
    return true;
  }

  removeTask(taskId: string): boolean {
    const usage = this.tasks.get(taskId);
    if (usage === undefined) return false;
    this.tasks.delete(taskId);
    this.reservedNanoCpus -= usage.nanoCpus;
    this.reservedMemoryBytes -= usage.memoryBytes;
    const n = (this.tasksByService.get(usage.serviceId) ?? 1) - 1;
    if (n === 0) this.tasksByService.delete(usage.serviceId);
    else this.tasksByService.set(usage.serviceId, n);
    for (const p of usage.hostPorts) {
      const c = (this.hostPorts.get(p) ?? 1) - 1;
      if (c === 0) this.hostPorts.delete(p);
      else this.hostPorts.set(p, c);
    }
    return true;
  }
}
