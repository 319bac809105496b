// The filters that apply to one task group, split into static and dynamic, and the operator's
// explanation when no node passes them (`no suitable node (3 nodes: 2 insufficient memory, 1 drained)`).
import { matchesConstraint } from './constraint.ts';
import { FILTERS, type Filter } from './filters.ts';
import type { NodeInfo } from './node-info.ts';
import type { TaskRequirements } from './task-requirements.ts';

export class Pipeline {
  readonly staticFilters: readonly Filter[];
  readonly dynamicFilters: readonly Filter[];
  private readonly ordered: readonly Filter[];

  constructor(
    readonly req: TaskRequirements,
    filters: readonly Filter[] = FILTERS,
  ) {
    this.ordered = filters.filter((f) => f.enabled(req));
    this.staticFilters = this.ordered.filter((f) => !f.dynamic);
    this.dynamicFilters = this.ordered.filter((f) => f.dynamic);
  }

  passes(node: NodeInfo): boolean {
    return this.passesStatic(node) && this.passesDynamic(node);
  }

  passesStatic(node: NodeInfo): boolean {
    for (const f of this.staticFilters) if (f.check(node, this.req) !== undefined) return false;
    return true;
  }

  passesDynamic(node: NodeInfo): boolean {
    for (const f of this.dynamicFilters) if (f.check(node, this.req) !== undefined) return false;
    return true;
  }

  /**
   * The static filters beyond ready/availability/runtime (which NodeSet.eligibleFor caches):
   * the hot path, written out rather than dispatched through Filter objects. The randomized test
   * checks it against the Filter objects.
   */
  matchesConstraints(node: NodeInfo): boolean {
    for (const c of this.req.constraints) if (!matchesConstraint(node, c)) return false;
    return true;
  }

  /** passesDynamic, written out for the hot path (see matchesConstraints). */
  fitsNow(node: NodeInfo): boolean {
    const req = this.req;
    if (req.memoryBytes > node.totalMemoryBytes - node.reservedMemoryBytes) return false;
    if (req.nanoCpus > node.totalNanoCpus - node.reservedNanoCpus) return false;
    for (const p of req.hostPorts) if (node.hostPorts.has(p)) return false;
    return req.maxReplicasPerNode === 0 || node.serviceTaskCount(req.serviceId) < req.maxReplicasPerNode;
  }

  /** The first failing filter's reason, in explanation order; undefined when the node fits. */
  explain(node: NodeInfo): string | undefined {
    for (const f of this.ordered) {
      const reason = f.check(node, this.req);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }

  /** Why no node fits: each node's first failing filter, counted, largest group first. */
  explainNoSuitableNode(nodes: Iterable<NodeInfo>): string {
    const counts = new Map<string, number>();
    let total = 0;
    for (const node of nodes) {
      total++;
      const reason = this.explain(node) ?? 'busy with tasks of this batch';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    if (total === 0) return 'no suitable node (no nodes in the cluster)';
    const parts = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([reason, n]) => `${n} ${reason}`);
    return `no suitable node (${total} node${total === 1 ? '' : 's'}: ${parts.join(', ')})`;
  }
}
