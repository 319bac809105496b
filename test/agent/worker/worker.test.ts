import t from 'tap';
import type { Executor } from '../../../agent/executors/executor.ts';
import { HollowExecutor } from '../../../agent/executors/hollow-executor.ts';
import { assignmentSetFromChanges } from '../../../agent/worker/assignment-set.ts';
import { StatusReporter } from '../../../agent/worker/status-reporter.ts';
import { Worker } from '../../../agent/worker/worker.ts';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatusUpdate } from '../../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import { FakeClock, settle } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';

function setup(options: { maxBatch?: number; flushIntervalMs?: number } = {}) {
  const clock = new FakeClock();
  const batches: TaskStatusUpdate[][] = [];
  const reporter = new StatusReporter({
    clock,
    maxBatch: options.maxBatch ?? 1000,
    flushIntervalMs: options.flushIntervalMs ?? 100,
    send: async (updates) => void batches.push(updates),
  });
  const executor = new HollowExecutor({ clock });
  const seen: Array<[string, number]> = [];
  const worker = new Worker({ executor, reporter, clock, onStatus: (id, s) => seen.push([id, s.state]) });
  const lastSent = (taskId: string) =>
    batches
      .flat()
      .filter((u) => u.taskId === taskId)
      .at(-1)?.status?.state;
  return { clock, batches, worker, seen, lastSent };
}

t.test('a complete set starts every task; the reporter sends the RUNNING states in one batch', async (t) => {
  const { clock, batches, worker, seen, lastSent } = setup();
  worker.reconcile({ kind: 'complete', tasks: [makeTask('a'), makeTask('b')] });
  await settle();
  t.same(
    seen.filter(([id]) => id === 'a').map(([, s]) => s),
    [
      S.TASK_STATE_ACCEPTED,
      S.TASK_STATE_PREPARING,
      S.TASK_STATE_READY,
      S.TASK_STATE_STARTING,
      S.TASK_STATE_RUNNING,
    ],
  );
  await clock.advance(100);
  t.equal(batches.length, 1);
  t.equal(lastSent('a'), S.TASK_STATE_RUNNING);
  t.equal(lastSent('b'), S.TASK_STATE_RUNNING);
  t.same(worker.summary(), { assigned: 2, running: 2 });
});

t.test('incremental update with desired SHUTDOWN stops the task and reports SHUTDOWN', async (t) => {
  const { clock, worker, lastSent } = setup();
  worker.reconcile({ kind: 'complete', tasks: [makeTask('a')] });
  await clock.advance(100);
  worker.reconcile({
    kind: 'incremental',
    updated: [makeTask('a', { desired: S.TASK_STATE_SHUTDOWN })],
    removed: [],
  });
  await clock.advance(100);
  t.equal(lastSent('a'), S.TASK_STATE_SHUTDOWN);
  t.same(worker.taskIds, ['a'], 'still assigned until removed');
});

t.test(
  'a task missing from a complete set, or removed incrementally, is shut down and removed',
  async (t) => {
    const { clock, worker, lastSent } = setup();
    worker.reconcile({ kind: 'complete', tasks: [makeTask('a'), makeTask('b'), makeTask('c')] });
    await clock.advance(100);
    worker.reconcile({ kind: 'complete', tasks: [makeTask('b'), makeTask('c')] });
    worker.reconcile({ kind: 'incremental', updated: [], removed: ['c', 'unknown'] });
    await worker.settled();
    await clock.advance(100);
    t.same(worker.taskIds, ['b']);
    t.equal(lastSent('a'), S.TASK_STATE_SHUTDOWN);
    t.equal(lastSent('c'), S.TASK_STATE_SHUTDOWN);
    t.equal(lastSent('b'), S.TASK_STATE_RUNNING);
  },
);

t.test('reconciling the same set again sends nothing new', async (t) => {
  const { clock, batches, worker } = setup();
  const tasks = [makeTask('a'), makeTask('b')];
  worker.reconcile({ kind: 'complete', tasks });
  await clock.advance(100);
  const before = batches.flat().length;
  worker.reconcile({ kind: 'complete', tasks });
  worker.reconcile({ kind: 'incremental', updated: tasks, removed: [] });
  await clock.advance(1000);
  t.equal(batches.flat().length, before);
});

t.test('exit codes from hollow labels map to COMPLETE and FAILED', async (t) => {
  const { clock, worker, lastSent } = setup();
  worker.reconcile({
    kind: 'complete',
    tasks: [
      makeTask('ok', { labels: { 'covey.hollow.exit': '0', 'covey.hollow.run-ms': '50' } }),
      makeTask('bad', { labels: { 'covey.hollow.exit': '2' } }),
      makeTask('nope', { labels: { 'covey.hollow.fail-prepare': 'no such image: x' } }),
    ],
  });
  await clock.advance(100);
  t.equal(lastSent('ok'), S.TASK_STATE_COMPLETE);
  t.equal(lastSent('bad'), S.TASK_STATE_FAILED);
  t.equal(lastSent('nope'), S.TASK_STATE_REJECTED);
});

t.test('assignmentSetFromChanges decodes the dispatcher stream', async (t) => {
  const a = makeTask('a');
  const set = assignmentSetFromChanges(AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL, [
    { action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE, assignment: { task: a, item: 'task' } },
    { action: AssignmentAction.ASSIGNMENT_ACTION_REMOVE, assignment: { task: makeTask('b'), item: 'task' } },
    { action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE, assignment: null },
  ]);
  t.same(set, { kind: 'incremental', updated: [a], removed: ['b'] });
  const complete = assignmentSetFromChanges(AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE, [
    { action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE, assignment: { task: a, item: 'task' } },
  ]);
  t.same(complete, { kind: 'complete', tasks: [a] });
});

t.test('1,000 hollow tasks reach RUNNING with O(batches) flushes and no idle timers', async (t) => {
  const { clock, batches, worker, lastSent } = setup({ maxBatch: 100, flushIntervalMs: 100 });
  const tasks = Array.from({ length: 1000 }, (_, i) => makeTask(`t${i}`));
  worker.reconcile({ kind: 'complete', tasks });
  await clock.advance(100);
  await clock.advance(100);
  t.same(worker.summary(), { assigned: 1000, running: 1000 });
  for (const task of tasks) {
    if (lastSent(task.id) !== S.TASK_STATE_RUNNING) {
      t.fail(`${task.id} not reported RUNNING`);
      break;
    }
  }
  // 5,000 state changes coalesce into one RUNNING update per task, 100 to a batch.
  t.ok(batches.length <= 11, `flushes: ${batches.length}`);
  t.equal(batches.flat().length, 1000, 'one update per task');
  t.ok(batches.every((b) => b.length <= 100));
  t.equal(clock.pendingTimers, 0);
});

t.test('removal from the assignment set calls shutdown then remove on the controller', async (t) => {
  const clock = new FakeClock();
  const hollow = new HollowExecutor({ clock });
  const calls: string[] = [];
  const executor: Executor = {
    runtime: hollow.runtime,
    describe: () => hollow.describe(),
    controller: (task) => {
      const inner = hollow.controller(task);
      return {
        prepare: () => inner.prepare(),
        start: () => inner.start(),
        wait: () => inner.wait(),
        shutdown: (graceMs) => {
          calls.push(`${task.id} shutdown ${graceMs}`);
          return inner.shutdown(graceMs);
        },
        terminate: () => inner.terminate(),
        remove: () => {
          calls.push(`${task.id} remove`);
          return inner.remove();
        },
      };
    },
  };
  const reporter = new StatusReporter({ clock, send: async () => {} });
  const worker = new Worker({ executor, reporter, clock });
  worker.reconcile({ kind: 'complete', tasks: [makeTask('a', { graceSeconds: 2 })] });
  await settle();
  worker.reconcile({ kind: 'complete', tasks: [] });
  await worker.settled();
  t.same(calls, ['a shutdown 2000', 'a remove']);
  t.same(worker.summary(), { assigned: 0, running: 0 });
});
