// The scheduler's commit pipeline on its own: batch size and the bound on batches in flight,
// conflicts that re-propose the untouched decisions, other failures, and stop.
import { pino } from 'pino';
import t from 'tap';
import { CommitPipeline } from '../../../manager/scheduler/scheduler-loop-commit.ts';
import type { Decision } from '../../../manager/scheduler/scheduler-loop-decision.ts';
import { VersionConflictError } from '../../../manager/store/errors.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { NotLeaderError } from '../../../raft/errors.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { makeTask } from './fixtures.ts';

const NOW = 1_700_000_000_000;

function storeWith(n: number): MemoryStore {
  const store = new MemoryStore();
  const r = store.applyBatch(
    {
      actions: Array.from({ length: n }, (_, i) => ({
        createTask: makeTask(`t${String(i).padStart(3, '0')}`),
        expectedVersion: 0,
        action: 'createTask' as const,
      })),
      requestId: '',
      proposedAt: { seconds: 1, nanos: 0 },
    },
    1,
  );
  if (!r.ok) throw r.error;
  return store;
}

function assignAll(store: MemoryStore): Decision[] {
  return store.find('task').map((task) => ({ kind: 'assign', task, nodeId: 'n1', preassigned: false }));
}

interface Outcome {
  committed: string[][];
  dropped: { ids: string[]; cause: unknown }[];
  settled: number;
}

function pipeline(
  store: MemoryStore,
  proposer: StoreProposer,
  o: { maxBatchActions?: number; maxBatchesInFlight?: number } = {},
): { p: CommitPipeline; out: Outcome } {
  const out: Outcome = { committed: [], dropped: [], settled: 0 };
  const p = new CommitPipeline({
    store,
    proposer,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    ...o,
    onCommitted: (ds) => out.committed.push(ds.map((d) => d.task.id)),
    onDropped: (ds, cause) => out.dropped.push({ ids: ds.map((d) => d.task.id), cause }),
    onSettled: () => out.settled++,
  });
  return { p, out };
}

/** Resolves after every microtask queued so far (the DirectProposer applies on microtasks). */
const drain = () => new Promise((r) => setImmediate(r));

t.test('batches hold at most maxBatchActions and at most maxBatchesInFlight are in flight', async (t) => {
  const store = storeWith(25);
  const held: { actions: readonly StoreAction[]; release: () => void }[] = [];
  const direct = new DirectProposer(store, () => NOW);
  const holding: StoreProposer = {
    propose: (actions) =>
      new Promise((resolve, reject) => {
        held.push({ actions, release: () => void direct.propose(actions).then(resolve, reject) });
      }),
  };
  const { p, out } = pipeline(store, holding, { maxBatchActions: 10, maxBatchesInFlight: 2 });
  p.enqueue(assignAll(store));
  t.same(
    held.map((h) => h.actions.length),
    [10, 10],
    'two batches of 10 in flight, the rest waits',
  );
  t.equal(p.batchesInFlight, 2);
  t.notOk(p.idle);
  held[0]?.release();
  await drain();
  t.same(
    held.map((h) => h.actions.length),
    [10, 10, 5],
    'a settled batch lets the next one go',
  );
  held[1]?.release();
  held[2]?.release();
  await drain();
  t.equal(out.committed.flat().length, 25);
  t.equal(out.settled, 3);
  t.ok(p.idle);
  const first = direct.batches[0]?.actions[0]?.updateTask;
  t.equal(first?.nodeId, 'n1');
  t.equal(first?.status?.state, TaskState.TASK_STATE_ASSIGNED);
  t.same(first?.status?.timestamp, { seconds: NOW / 1000, nanos: 0 });
  t.equal(direct.batches[0]?.actions[0]?.expectedVersion, 1, 'expects the version the decision read');
});

t.test('a conflict re-proposes the untouched decisions and gives back the stale ones', async (t) => {
  const store = storeWith(5);
  const decisions = assignAll(store);
  // Another writer changes t001 and t003 after the decisions were taken.
  for (const id of ['t001', 't003']) {
    const cur = store.get('task', id)!;
    const r = store.applyBatch(
      {
        actions: [{ updateTask: { ...cur, slot: 9 }, expectedVersion: 1, action: 'updateTask' }],
        requestId: '',
        proposedAt: { seconds: 2, nanos: 0 },
      },
      store.lastBatchIndex + 1,
    );
    t.ok(r.ok);
  }
  const direct = new DirectProposer(store, () => NOW);
  const { p, out } = pipeline(store, direct);
  p.enqueue(decisions);
  await drain();
  t.same(
    direct.batches.map((b) => b.actions.length),
    [5, 3],
  );
  t.same(out.committed, [['t000', 't002', 't004']]);
  t.equal(out.dropped.length, 1);
  t.same(out.dropped[0]?.ids, ['t001', 't003'], 'every stale decision given back at once');
  t.type(out.dropped[0]?.cause, VersionConflictError);
  t.equal(p.counts.conflicts, 1);
});

t.test('a deleted task is a conflict too', async (t) => {
  const store = storeWith(3);
  const decisions = assignAll(store);
  store.applyBatch(
    {
      actions: [{ deleteTask: store.get('task', 't000')!, expectedVersion: 0, action: 'deleteTask' }],
      requestId: '',
      proposedAt: { seconds: 2, nanos: 0 },
    },
    store.lastBatchIndex + 1,
  );
  const { p, out } = pipeline(store, new DirectProposer(store, () => NOW));
  p.enqueue(decisions);
  await drain();
  t.same(out.committed, [['t001', 't002']]);
  t.same(
    out.dropped.map((d) => d.ids),
    [['t000']],
  );
});

t.test('a conflict naming no task of the batch gives the whole batch back (no retry loop)', async (t) => {
  const store = storeWith(2);
  let calls = 0;
  const odd: StoreProposer = {
    propose: async () => {
      calls++;
      throw new VersionConflictError('task', 'elsewhere', 1, 2);
    },
  };
  const { p, out } = pipeline(store, odd);
  p.enqueue(assignAll(store));
  await drain();
  t.equal(calls, 1);
  t.same(
    out.dropped.map((d) => d.ids),
    [['t000', 't001']],
  );
  t.ok(p.idle);
});

t.test('other failures give the whole batch back without retrying', async (t) => {
  const store = storeWith(3);
  const direct = new DirectProposer(store, () => NOW);
  direct.failWith = new NotLeaderError('m1', 'm2', 5);
  const { p, out } = pipeline(store, direct);
  p.enqueue(assignAll(store));
  await drain();
  t.same(out.committed, []);
  t.same(
    out.dropped.map((d) => d.ids),
    [['t000', 't001', 't002']],
  );
  t.type(out.dropped[0]?.cause, NotLeaderError);
  t.equal(p.counts.failed, 1);
  t.ok(p.idle);
});

t.test('stop proposes nothing more, waits for the batch in flight and reports nothing', async (t) => {
  const store = storeWith(4);
  let reject: ((e: Error) => void) | undefined;
  let calls = 0;
  const hanging: StoreProposer = {
    propose: () => {
      calls++;
      return new Promise((_, rej) => {
        reject = rej;
      });
    },
  };
  const { p, out } = pipeline(store, hanging, { maxBatchActions: 2, maxBatchesInFlight: 1 });
  p.enqueue(assignAll(store));
  let stopped = false;
  const stopping = p.stop().then(() => {
    stopped = true;
  });
  await drain();
  t.notOk(stopped, 'waits for the proposal in flight');
  reject?.(new NotLeaderError('m1', '', 6));
  await stopping;
  t.equal(calls, 1, 'the queued batch was never proposed');
  t.same(out, { committed: [], dropped: [], settled: 0 });
  p.enqueue(assignAll(store));
  t.equal(calls, 1, 'enqueue after stop is ignored');
});
