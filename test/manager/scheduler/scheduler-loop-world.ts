// Shared pieces of the scheduler loop tests: a store seeded without encoding, writes by "other"
// components, proposers that hold batches, hand-fired timers, and views of where tasks landed.
import { pino } from 'pino';
import { SchedulerLoop, type SchedulerLoopOptions } from '../../../manager/scheduler/scheduler-loop.ts';
import type { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import type { StoreAction, StoreAction__Output } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { DirectProposer } from '../direct-proposer.ts';
import { makeNode } from './fixtures.ts';

export const NOW = 1_700_000_000_000;
const silent = pino({ level: 'silent' });

/** Writes objects straight into the store (one batch, no encoding): the cluster as others left it. */
export function put(store: MemoryStore, objects: { nodes?: Node__Output[]; tasks?: Task__Output[] }): void {
  const actions: StoreAction__Output[] = [
    ...(objects.nodes ?? []).map((n) => ({
      createNode: n,
      expectedVersion: 0,
      action: 'createNode' as const,
    })),
    ...(objects.tasks ?? []).map((x) => ({
      createTask: x,
      expectedVersion: 0,
      action: 'createTask' as const,
    })),
  ];
  const r = store.applyBatch(
    { actions, requestId: '', proposedAt: { seconds: 1, nanos: 0 } },
    store.lastBatchIndex + 1,
  );
  if (!r.ok) throw r.error;
}

/** Another writer (orchestrator, operator) changes an object as it is stored now. */
export function change<K extends 'task' | 'node'>(
  store: MemoryStore,
  kind: K,
  id: string,
  edit: (o: K extends 'task' ? Task__Output : Node__Output) => K extends 'task' ? Task__Output : Node__Output,
): void {
  const current = store.get(kind, id);
  if (current === undefined) throw new Error(`${kind} ${id} missing`);
  const next = edit(current as never);
  const member = kind === 'task' ? 'updateTask' : 'updateNode';
  const r = store.applyBatch(
    {
      actions: [{ [member]: next, expectedVersion: current.meta?.version ?? 0, action: member }],
      requestId: '',
      proposedAt: { seconds: 2, nanos: 0 },
    },
    store.lastBatchIndex + 1,
  );
  if (!r.ok) throw r.error;
}

export function nodes(n: number, o: Parameters<typeof makeNode>[1] = {}, prefix = 'n'): Node__Output[] {
  return Array.from({ length: n }, (_, i) => makeNode(`${prefix}${String(i).padStart(3, '0')}`, o));
}

/** Timers the test fires by hand. */
export class FakeTimers {
  readonly armed: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  readonly set = (fn: () => void, ms: number): (() => void) => {
    const timer = { fn, ms, cancelled: false };
    this.armed.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  get pending(): { ms: number }[] {
    return this.armed.filter((x) => !x.cancelled);
  }
  fireAll(): void {
    for (const x of this.armed.splice(0)) if (!x.cancelled) x.fn();
  }
}

/** Holds every batch until released: a Raft entry that takes its time to commit. */
export class HoldingProposer implements StoreProposer {
  readonly held: { actions: readonly StoreAction[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  private passThrough = false;
  private waiters: { n: number; resolve: () => void }[] = [];
  constructor(readonly inner: StoreProposer) {}

  propose(actions: readonly StoreAction[]): ReturnType<StoreProposer['propose']> {
    if (this.passThrough) return this.inner.propose(actions);
    return new Promise((resolve, reject) => {
      this.held.push({
        actions,
        resolve: () => void this.inner.propose(actions).then(resolve, reject),
        reject,
      });
      const due = this.waiters.filter((w) => this.held.length >= w.n);
      this.waiters = this.waiters.filter((w) => this.held.length < w.n);
      for (const w of due) w.resolve();
    });
  }

  waitFor(n: number): Promise<void> {
    if (this.held.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  releaseAll(): void {
    this.passThrough = true;
    for (const h of this.held.splice(0)) h.resolve();
  }
}

export function newLoop(
  store: MemoryStore,
  proposer: StoreProposer,
  o: Partial<SchedulerLoopOptions> = {},
): SchedulerLoop {
  return new SchedulerLoop({ store, proposer, logger: silent, now: () => NOW, ...o });
}

/** updateTask actions of every batch proposed (refused ones included). */
export function taskWrites(p: DirectProposer): Task__Output[] {
  return p.batches.flatMap((b) => b.actions.flatMap((a) => (a.updateTask ? [a.updateTask] : [])));
}

export function countsByNode(store: MemoryStore): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of store.find('task')) if (x.nodeId !== '') m.set(x.nodeId, (m.get(x.nodeId) ?? 0) + 1);
  return m;
}

export function memoryByNode(store: MemoryStore): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of store.find('task')) {
    if (x.nodeId === '') continue;
    m.set(x.nodeId, (m.get(x.nodeId) ?? 0) + (x.spec?.resources?.reservations?.memoryBytes ?? 0));
  }
  return m;
}
