import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Executor, TaskController, Workload } from '../../../agent/executors/executor.ts';
import { HollowExecutor } from '../../../agent/executors/hollow-executor.ts';
import { TaskStateFile } from '../../../agent/state/task-state-file.ts';
import { StatusReporter } from '../../../agent/worker/status-reporter.ts';
import { Worker } from '../../../agent/worker/worker.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';
import { FakeClock, settle } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';

/** A hollow executor that also lists workloads (as the docker and process runtimes do) and records calls. */
class RecordingExecutor implements Executor {
  readonly runtime;
  readonly calls: string[] = [];
  readonly removed: string[] = [];
  constructor(
    private readonly inner: HollowExecutor,
    public held: Workload[],
  ) {
    this.runtime = inner.runtime;
  }
  describe() {
    return this.inner.describe();
  }
  controller(task: Task__Output): TaskController {
    const c = this.inner.controller(task);
    const calls = this.calls;
    const record = <T>(what: string, step: () => T): T => {
      calls.push(`${what} ${task.id}`);
      return step();
    };
    return {
      prepare: () => record('prepare', () => c.prepare()),
      start: () => record('start', () => c.start()),
      wait: () => record('wait', () => c.wait()),
      shutdown: (g) => c.shutdown(g),
      terminate: () => c.terminate(),
      remove: () => c.remove(),
    };
  }
  async workloads(): Promise<Workload[]> {
    return this.held;
  }
  async removeWorkload(taskId: string): Promise<void> {
    this.removed.push(taskId);
    this.held = this.held.filter((w) => w.taskId !== taskId);
  }
}

async function setup(t: Test, held: Workload[] = []) {
  const d = await mkdtemp(join(tmpdir(), 'covey-worker-restart-'));
  t.teardown(() => rm(d, { recursive: true, force: true }));
  const clock = new FakeClock();
  const reporter = new StatusReporter({ clock, flushIntervalMs: 100, send: async () => {} });
  const executor = new RecordingExecutor(new HollowExecutor({ clock }), held);
  const stateFile = new TaskStateFile(join(d, 'tasks.json'));
  const seen: Array<[string, number]> = [];
  const worker = new Worker({
    executor,
    reporter,
    clock,
    stateFile,
    onStatus: (id, s) => seen.push([id, s.state]),
  });
  return { clock, executor, stateFile, worker, seen };
}

t.test(
  'the state file follows the tasks: statuses and log watermarks, written after a short delay',
  async (t) => {
    const { clock, stateFile, worker } = await setup(t);
    worker.reconcile({ kind: 'complete', tasks: [makeTask('a'), makeTask('b')] });
    await settle();
    worker.noteLogsShipped('a', 5_000);
    t.same(await stateFile.load(), { kind: 'absent' }, 'nothing is written before the delay');
    await clock.advance(100);
    await worker.persist();
    const loaded = await stateFile.load();
    if (loaded.kind !== 'loaded') throw new Error(loaded.kind);
    t.same(
      loaded.tasks.map((s) => [s.task.id, s.task.status?.state, s.logsShippedUntilMs]),
      [
        ['a', S.TASK_STATE_RUNNING, 5_000],
        ['b', S.TASK_STATE_RUNNING, 0],
      ],
    );
    worker.reconcile({ kind: 'incremental', updated: [], removed: ['b'] });
    await settle();
    await clock.advance(100);
    await worker.persist();
    const after = await stateFile.load();
    t.same(
      after.kind === 'loaded' ? after.tasks.map((s) => s.task.id) : [],
      ['a'],
      'a removed task is forgotten',
    );
  },
);

t.test('a restarted worker adopts its running tasks: no prepare, no start, it waits on them', async (t) => {
  const first = await setup(t);
  first.worker.reconcile({ kind: 'complete', tasks: [makeTask('a')] });
  await settle();
  await first.worker.persist();
  // A new agent process: same state file, a fresh executor and worker.
  const second = await setup(t);
  const loaded = await first.stateFile.load();
  if (loaded.kind !== 'loaded') throw new Error(loaded.kind);
  second.worker.adopt(loaded.tasks);
  await settle();
  t.same(second.executor.calls, ['wait a'], 'the workload is attached to, not started again');
  t.same(second.worker.summary(), { assigned: 1, running: 1 });
  t.same(second.seen, [], 'nothing new to report: the task is still RUNNING');
});

t.test('after a complete set, workloads no assigned task owns are removed; assigned ones stay', async (t) => {
  const { worker, executor } = await setup(t, [
    { taskId: 'a', serviceId: 's', running: true },
    { taskId: 'gone', serviceId: 's', running: true },
    { taskId: 'old', serviceId: 's', running: false },
  ]);
  worker.reconcile({ kind: 'complete', tasks: [makeTask('a', { state: S.TASK_STATE_RUNNING })] });
  await worker.orphansRemoved();
  t.same(executor.removed.sort(), ['gone', 'old']);
  t.same(
    executor.held.map((w) => w.taskId),
    ['a'],
  );
});
