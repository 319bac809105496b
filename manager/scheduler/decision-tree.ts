// Placement preferences as SwarmKit's decision tree: one level per `spread=` descriptor, branches
// by label value, a NodeHeap at each leaf. Each task descends into the live branch holding the
// fewest tasks of the service, so tasks spread over label values first, then over nodes.
import { NodeHeap } from './node-heap.ts';
import type { NodeInfo } from './node-info.ts';
import { type SpreadDescriptor, spreadValue } from './spread-descriptor.ts';

export interface Branch {
  readonly key: string;
  readonly parent: Branch | undefined;
  /** Tasks of the service on the branch's eligible nodes (full ones included: they still count). */
  serviceTasks: number;
  /** Sorted by key; empty at a leaf. */
  readonly children: Branch[];
  /** Nodes of a leaf that still fit the group's tasks; undefined on inner branches. */
  readonly heap: NodeHeap | undefined;
  liveChildren: number;
  live: boolean;
}

export class DecisionTree {
  readonly root: Branch;

  /**
   * `eligible`: nodes that pass the static filters (their tasks count for spreading), with
   * `groupServiceTasks` set; the tree takes the array over and reorders it.
   * `fits(info)`: whether a node can take a task now (only those enter a heap); undefined when
   * every eligible node is known to fit.
   */
  constructor(
    eligible: NodeInfo[],
    preferences: readonly SpreadDescriptor[],
    fits: ((info: NodeInfo) => boolean) | undefined,
  ) {
    this.root = build('', undefined, eligible, preferences, 0, fits);
  }

  /** The leaf to place the next task in, or undefined when no node fits any more. */
  pick(): Branch | undefined {
    let b = this.root;
    if (!b.live) return undefined;
    while (b.heap === undefined) {
      let best: Branch | undefined;
      for (const c of b.children) {
        if (c.live && (best === undefined || c.serviceTasks < best.serviceTasks)) best = c;
      }
      if (best === undefined) return undefined;
      b = best;
    }
    return b;
  }

  /** Records a task placed on the top node of `leaf`; `stillFits` says if it can take another. */
  placed(leaf: Branch, stillFits: boolean): void {
    const heap = leaf.heap;
    const top = heap?.peek();
    if (heap === undefined || top === undefined) return;
    top.groupServiceTasks++;
    for (let b: Branch | undefined = leaf; b !== undefined; b = b.parent) b.serviceTasks++;
    if (stillFits) {
      heap.topChanged();
      return;
    }
    heap.pop();
    if (heap.size > 0) return;
    leaf.live = false;
    for (let p = leaf.parent; p !== undefined; p = p.parent) {
      p.liveChildren--;
      if (p.liveChildren > 0) break;
      p.live = false;
    }
  }
}

function build(
  key: string,
  parent: Branch | undefined,
  entries: NodeInfo[],
  preferences: readonly SpreadDescriptor[],
  depth: number,
  fits: ((info: NodeInfo) => boolean) | undefined,
): Branch {
  let serviceTasks = 0;
  for (const e of entries) serviceTasks += e.groupServiceTasks;
  const descriptor = preferences[depth];
  if (descriptor === undefined) {
    // Compacts in place: the tree owns `entries` (see the constructor), which spares an array per group.
    if (fits !== undefined) {
      let n = 0;
      for (const e of entries) if (fits(e)) entries[n++] = e;
      entries.length = n;
    }
    const heap = new NodeHeap(entries);
    return { key, parent, serviceTasks, children: [], heap, liveChildren: 0, live: heap.size > 0 };
  }
  const groups = new Map<string, NodeInfo[]>();
  for (const e of entries) {
    const v = spreadValue(e, descriptor);
    const g = groups.get(v);
    if (g === undefined) groups.set(v, [e]);
    else g.push(e);
  }
  const branch: Branch = {
    key,
    parent,
    serviceTasks,
    children: [],
    heap: undefined,
    liveChildren: 0,
    live: false,
  };
  for (const k of [...groups.keys()].sort()) {
    const child = build(k, branch, groups.get(k) ?? [], preferences, depth + 1, fits);
    branch.children.push(child);
    if (child.live) branch.liveChildren++;
  }
  branch.live = branch.liveChildren > 0;
  return branch;
}
