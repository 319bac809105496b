// The scheduler's view of the cluster: a NodeInfo per node plus an index from task to node, so
// every node or task change costs O(1) (plus the task's host ports), never a rescan.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { NodeInfo } from './node-info.ts';
import { holdsResources, type TaskUsage, taskUsage } from './task-usage.ts';

const EMPTY: ReadonlySet<NodeInfo> = new Set();

export class NodeSet {
  private readonly infos = new Map<string, NodeInfo>();
  /** Task → node it is accounted on, including nodes not (yet) known to the set. */
  private readonly taskNode = new Map<string, string>();
  /** Tasks reported on nodes the set does not know yet; attached when the node arrives. */
  private readonly orphans = new Map<string, Map<string, TaskUsage>>();
  /** Service → nodes holding at least one of its tasks, so a group seeds its counts cheaply. */
  private readonly serviceNodes = new Map<string, Set<NodeInfo>>();
  /** Nodes sorted by id; undefined after a membership change. */
  private sorted: NodeInfo[] | undefined;
  /** Runtime kind → sorted nodes passing ready/availability/runtime; cleared on any node change. */
  private readonly eligible = new Map<number, NodeInfo[]>();

  get size(): number {
    return this.infos.size;
  }

  get(nodeId: string): NodeInfo | undefined {
    return this.infos.get(nodeId);
  }

  nodes(): IterableIterator<NodeInfo> {
    return this.infos.values();
  }

  /** Adds or updates a node; its task accounting survives updates. */
  upsertNode(node: Node__Output): NodeInfo {
    this.eligible.clear();
    const existing = this.infos.get(node.id);
    if (existing !== undefined) {
      existing.setNode(node);
      return existing;
    }
    const info = new NodeInfo(node);
    this.infos.set(node.id, info);
    this.sorted = undefined;
    const waiting = this.orphans.get(node.id);
    if (waiting !== undefined) {
      for (const u of waiting.values()) this.attach(info, u);
      this.orphans.delete(node.id);
    }
    return info;
  }

  /** Forgets a node; tasks still indexed on it wait as orphans in case it comes back. */
  removeNode(nodeId: string): void {
    const info = this.infos.get(nodeId);
    if (info === undefined) return;
    this.infos.delete(nodeId);
    this.sorted = undefined;
    this.eligible.clear();
    for (const serviceId of info.tasksByService.keys()) this.serviceNodes.get(serviceId)?.delete(info);
    if (info.tasks.size > 0) this.orphans.set(nodeId, new Map(info.tasks));
  }

  /**
   * Adds or updates a task from the store: accounted on its node while assigned and not finished,
   * released as soon as it reaches COMPLETE or later (or loses its node).
   */
  upsertTask(task: Task__Output): void {
    const previous = this.taskNode.get(task.id);
    if (!holdsResources(task)) {
      if (previous !== undefined) this.removeTask(task.id);
      return;
    }
    if (previous === task.nodeId) return;
    if (previous !== undefined) this.removeTask(task.id);
    this.account(task.nodeId, taskUsage(task));
  }

  removeTask(taskId: string): void {
    const nodeId = this.taskNode.get(taskId);
    if (nodeId === undefined) return;
    this.taskNode.delete(taskId);
    const info = this.infos.get(nodeId);
    if (info !== undefined) {
      const usage = info.tasks.get(taskId);
      if (usage !== undefined && info.removeTask(taskId) && info.serviceTaskCount(usage.serviceId) === 0) {
        this.serviceNodes.get(usage.serviceId)?.delete(info);
      }
      return;
    }
    const waiting = this.orphans.get(nodeId);
    waiting?.delete(taskId);
    if (waiting?.size === 0) this.orphans.delete(nodeId);
  }

  /** Records a placement made by the scheduler before the store has it (same effect as upsertTask). */
  account(nodeId: string, usage: TaskUsage): void {
    if (this.taskNode.has(usage.taskId)) this.removeTask(usage.taskId);
    this.taskNode.set(usage.taskId, nodeId);
    const info = this.infos.get(nodeId);
    if (info !== undefined) {
      this.attach(info, usage);
      return;
    }
    let waiting = this.orphans.get(nodeId);
    if (waiting === undefined) {
      waiting = new Map();
      this.orphans.set(nodeId, waiting);
    }
    waiting.set(usage.taskId, usage);
  }

  private attach(info: NodeInfo, usage: TaskUsage): void {
    if (!info.addTask(usage)) return;
    let nodes = this.serviceNodes.get(usage.serviceId);
    if (nodes === undefined) {
      nodes = new Set();
      this.serviceNodes.set(usage.serviceId, nodes);
    }
    nodes.add(info);
  }

  /** Nodes holding tasks of `serviceId` (read-only view). */
  nodesOfService(serviceId: string): ReadonlySet<NodeInfo> {
    return this.serviceNodes.get(serviceId) ?? EMPTY;
  }

  /** Every node sorted by id, each with its `rank` set to its position. */
  ordered(): readonly NodeInfo[] {
    if (this.sorted === undefined) {
      this.sorted = [...this.infos.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const [i, info] of this.sorted.entries()) info.rank = i;
    }
    return this.sorted;
  }

  /** Nodes (in id order) that are ready, active and run tasks of `runtime`; cached between node changes. */
  eligibleFor(runtime: number): readonly NodeInfo[] {
    let nodes = this.eligible.get(runtime);
    if (nodes === undefined) {
      nodes = this.ordered().filter((n) => n.acceptsRuntime(runtime));
      this.eligible.set(runtime, nodes);
    }
    return nodes;
  }

  /** The node a task is accounted on, if any. */
  nodeOfTask(taskId: string): string | undefined {
    return this.taskNode.get(taskId);
  }
}
