// A binary min-heap of candidate nodes for one task group, ordered by the group's score: fewest
// tasks of the service, then fewest tasks overall, then node ID (so equal inputs give equal output).
import type { NodeInfo } from './node-info.ts';

/** Needs `groupServiceTasks` and `rank` set for the running group (see NodeInfo). */
export function compareNodes(a: NodeInfo, b: NodeInfo): number {
  return a.groupServiceTasks - b.groupServiceTasks || a.tasks.size - b.tasks.size || a.rank - b.rank;
}

export class NodeHeap {
  private readonly items: NodeInfo[];

  /** Heapifies in O(n): cheaper than sorting when a group takes few of many nodes. */
  constructor(nodes: NodeInfo[]) {
    this.items = nodes;
    for (let i = (nodes.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): NodeInfo | undefined {
    return this.items[0];
  }

  /** The top's score grew (a task was placed on it): restore heap order. */
  topChanged(): void {
    this.siftDown(0);
  }

  pop(): NodeInfo | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top !== undefined && last !== undefined && items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const items = this.items;
    const n = items.length;
    let i = start;
    const node = items[i];
    if (node === undefined) return;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = items[l] as NodeInfo;
      if (r < n) {
        const right = items[r] as NodeInfo;
        if (compareNodes(right, child) < 0) {
          c = r;
          child = right;
        }
      }
      if (compareNodes(child, node) >= 0) break;
      items[i] = child;
      i = c;
    }
    items[i] = node;
  }
}
