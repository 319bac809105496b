// TaskStatusWriter without gRPC: group commits at the scale of the 1,000-agent benchmark, waiting for
// the commit, and refusing once stopped.
import { pino } from 'pino';
import t from 'tap';
import { DispatcherStoppedError } from '../../../manager/dispatcher/dispatcher-errors.ts';
import { TaskStatusWriter } from '../../../manager/dispatcher/dispatcher-task-status-writer.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { MAX_BATCH_ACTIONS } from '../../../manager/store/store-proposer.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { makeStatus, makeTask } from './fixtures.ts';

const NODES = 1000;
const PER_NODE = 100;

async function world(tasks: number, perNode: number) {
  const store = new MemoryStore();
  const proposer = new DirectProposer(store, () => 1_700_000_000_000);
  for (let i = 0; i < tasks; i += MAX_BATCH_ACTIONS) {
    const actions = [];
    for (let j = i; j < Math.min(tasks, i + MAX_BATCH_ACTIONS); j++) {
      actions.push({ createTask: makeTask(`t${j}`, { nodeId: `n${Math.floor(j / perNode)}` }) });
    }
    await proposer.propose(actions);
  }
  const writer = new TaskStatusWriter({
    store,
    proposer,
    logger: pino({ level: 'silent' }),
    now: () => 1_700_000_000_000,
    setTimer: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
  });
  return { store, proposer, writer };
}

t.test('100,000 reports from 1,000 agents commit in a few hundred entries', async (t) => {
  const { store, proposer, writer } = await world(NODES * PER_NODE, PER_NODE);
  const before = proposer.batches.length;
  const started = performance.now();
  // Each agent sends its reports in one call, all agents at once, as after a mass deployment.
  await Promise.all(
    Array.from({ length: NODES }, (_, n) =>
      writer.submit(
        `n${n}`,
        Array.from({ length: PER_NODE }, (_, k) => ({
          taskId: `t${n * PER_NODE + k}`,
          status: makeStatus(TaskState.TASK_STATE_RUNNING),
        })),
      ),
    ),
  );
  const ms = performance.now() - started;
  const entries = proposer.batches.length - before;
  t.equal(entries, (NODES * PER_NODE) / MAX_BATCH_ACTIONS, 'full batches only');
  t.equal(writer.entries, entries);
  t.ok(
    store.find('task').every((x) => x.status?.state === TaskState.TASK_STATE_RUNNING),
    'every report committed before its call resolved',
  );
  t.ok(ms < 8000, `took ${Math.round(ms)} ms`);
});

t.test('submit resolves only after the commit, and refuses once stopped', async (t) => {
  const { store, proposer, writer } = await world(2, 10);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let proposed: () => void = () => {};
  const proposing = new Promise<void>((resolve) => {
    proposed = resolve;
  });
  const propose = proposer.propose.bind(proposer);
  proposer.propose = async (actions, requestId) => {
    proposed();
    await gate;
    return propose(actions, requestId);
  };
  let done = false;
  const pending = writer
    .submit('n0', [{ taskId: 't0', status: makeStatus(TaskState.TASK_STATE_RUNNING) }])
    .then((r) => {
      done = true;
      return r;
    });
  await proposing;
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(done, false, 'not answered while the batch is uncommitted');
  release();
  t.same(await pending, { accepted: 1, ignored: 0 });
  t.equal(store.get('task', 't0')?.status?.state, TaskState.TASK_STATE_RUNNING);
  const ignored = await writer.submit('n9', [
    { taskId: 't1', status: makeStatus(TaskState.TASK_STATE_RUNNING) },
  ]);
  t.same(ignored, { accepted: 0, ignored: 1 }, "another node's task");
  await writer.stop();
  await t.rejects(
    writer.submit('n0', [{ taskId: 't1', status: makeStatus(TaskState.TASK_STATE_RUNNING) }]),
    DispatcherStoppedError,
  );
});
