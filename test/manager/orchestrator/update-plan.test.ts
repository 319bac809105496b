import t, { type Test } from 'tap';
import type { OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import { reconcileReplicated } from '../../../manager/orchestrator/replicated.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { type UpdatePlan, planUpdate } from '../../../manager/orchestrator/update-plan.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { UpdateConfig__Output } from '../../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { timestampFromMs, timestampMs } from '../../../proto/time.ts';
import { T0, World, idSequence, makeNode, makeService } from './world.ts';

const dur = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

function config(o: Partial<UpdateConfig__Output> = {}): UpdateConfig__Output {
  return {
    parallelism: 1,
    delay: null,
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    monitor: dur(5_000),
    maxFailureRatio: 0,
    order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
    ...o,
  };
}

/**
 * The store, agents and leader loop around planUpdate: each pass plans the update, runs the
 * replicated reconciler with the slots the plan owns, and applies both in one batch (the world
 * refuses stale versions, so the two never touching the same task is checked on every pass).
 */
function setup(o: {
  replicas: number;
  update?: UpdateConfig__Output | null;
  rollback?: UpdateConfig__Output | null;
  healthcheck?: boolean;
}) {
  const world = new World();
  for (let i = 1; i <= 3; i++) world.nodes.set(`n${i}`, makeNode(`n${i}`));
  const supervisor = new RestartSupervisor();
  let newId = idSequence();
  const base = makeService({ replicas: o.replicas, specVersion: 10 });
  const spec = base.spec!;
  const process = spec.task!.process!;
  let svc: Service__Output = {
    ...base,
    spec: {
      ...spec,
      task: {
        ...spec.task!,
        process: {
          ...process,
          healthcheck: o.healthcheck
            ? {
                test: ['CMD', 'true'],
                interval: null,
                timeout: null,
                retries: 0,
                startPeriod: null,
                startInterval: null,
              }
            : null,
        },
      },
      updateConfig: o.update === undefined ? config() : o.update,
      rollbackConfig: o.rollback ?? null,
    },
  };
  let last: UpdatePlan | undefined;
  /** How the agents report health for a task that starts: tests with a healthcheck pick it. */
  let healthOnStart: TaskHealth__Output = o.healthcheck
    ? TaskHealth.TASK_HEALTH_STARTING
    : TaskHealth.TASK_HEALTH_NONE;

  const pass = (): UpdatePlan => {
    const input = { service: svc, tasks: world.taskList(), nodes: world.nodes, now: world.now, newId };
    const plan = planUpdate(input);
    const reconciled = reconcileReplicated({ ...input, supervisor, slotsUnderUpdate: plan.slotsUnderUpdate });
    world.apply([...plan.actions, ...reconciled]);
    if (plan.statusChanged) svc = { ...svc, updateStatus: plan.status };
    if (plan.decision === 'rollback') {
      // What the loop does with the decision: the control API's rollback swap.
      svc = {
        ...svc,
        spec: svc.previousSpec,
        specVersion: svc.previousSpecVersion,
        previousSpec: svc.spec,
        previousSpecVersion: svc.specVersion,
      };
    }
    last = plan;
    return plan;
  };
  const setHealth = (id: string, health: TaskHealth__Output) => {
    const task = world.get(id);
    world.tasks.set(id, { ...task, status: { ...task.status!, health } });
  };
  /** Agents: stop what the manager stopped, then start what it wants running. */
  const agentsStop = () => {
    for (const task of world.taskList()) {
      const s = task.status?.state ?? 0;
      if (task.desiredState >= TaskState.TASK_STATE_SHUTDOWN && s <= TaskState.TASK_STATE_RUNNING) {
        world.report(task.id, TaskState.TASK_STATE_SHUTDOWN);
      }
    }
  };
  const agentsRun = () => {
    const before = new Set(runningIds());
    world.scheduleAndRun();
    for (const id of runningIds()) if (!before.has(id)) setHealth(id, healthOnStart);
  };
  const runningIds = () =>
    world
      .taskList()
      .filter((x) => x.status?.state === TaskState.TASK_STATE_RUNNING)
      .map((x) => x.id);
  const deploy = () => {
    pass();
    agentsRun();
  };
  /** `service update` as the control API stores it: new spec version, previous spec kept, status cleared. */
  const updateSpec = (change: (s: Service__Output) => Service__Output = (s) => s) => {
    const next = change(svc);
    svc = {
      ...next,
      specVersion: svc.specVersion + 10,
      previousSpec: svc.spec,
      previousSpecVersion: svc.specVersion,
      updateStatus: null,
    };
  };
  /** The spec's image changes (args for a process): a changed template. */
  const newArgs = (args: string) => (s: Service__Output) => ({
    ...s,
    spec: { ...s.spec!, task: { ...s.spec!.task!, process: { ...s.spec!.task!.process!, args: [args] } } },
  });
  return {
    world,
    pass,
    agentsStop,
    agentsRun,
    setHealth,
    deploy,
    updateSpec,
    newArgs,
    runningIds,
    service: () => svc,
    setService: (s: Service__Output) => (svc = s),
    last: () => last,
    setHealthOnStart: (h: TaskHealth__Output) => (healthOnStart = h),
    resetIds: (prefix: string) => (newId = idSequence(prefix)),
  };
}

type Harness = ReturnType<typeof setup>;

const creates = (a: readonly OrchestratorAction[]) =>
  a.flatMap((x) => (x.kind === 'create-task' ? [x.task] : []));
const stateOf = (h: Harness) => h.service().updateStatus?.state;
const version = (h: Harness) => h.service().specVersion;
const byVersion = (h: Harness, v: number) => h.world.taskList().filter((x) => x.specVersion === v);
const liveRunning = (h: Harness) =>
  h.world
    .taskList()
    .filter(
      (x) =>
        x.status?.state === TaskState.TASK_STATE_RUNNING && x.desiredState <= TaskState.TASK_STATE_RUNNING,
    ).length;
const inFlightSlots = (h: Harness) => {
  const v = version(h);
  return new Set(
    h.world
      .taskList()
      .filter(
        (x) =>
          x.specVersion === v &&
          x.desiredState <= TaskState.TASK_STATE_RUNNING &&
          (x.status?.state ?? 0) < TaskState.TASK_STATE_RUNNING,
      )
      .map((x) => x.slot),
  ).size;
};

/** Runs passes and agents, one second apart, until the update leaves UPDATING / ROLLBACK_STARTED. */
function drive(h: Harness, observe: () => void = () => {}, maxSteps = 200): number {
  for (let i = 0; i < maxSteps; i++) {
    h.pass();
    observe();
    const s = stateOf(h);
    if (s !== UpdateState.UPDATE_STATE_UPDATING && s !== UpdateState.UPDATE_STATE_ROLLBACK_STARTED) return i;
    h.agentsStop();
    observe();
    h.agentsRun();
    observe();
    h.world.now += 1_000;
  }
  throw new Error('update did not settle');
}

/** Each slot got exactly one task of version v, and that one is live and RUNNING. */
function assertEachSlotOnce(t: Test, h: Harness, v: number, replicas: number) {
  const perSlot = new Map<number, Task__Output[]>();
  for (const x of byVersion(h, v)) perSlot.set(x.slot, [...(perSlot.get(x.slot) ?? []), x]);
  t.same(
    [...perSlot.keys()].sort((a, b) => a - b),
    Array.from({ length: replicas }, (_, i) => i + 1),
    'every slot updated',
  );
  for (const [slot, list] of perSlot) {
    t.equal(list.length, 1, `slot ${slot} updated once`);
    t.equal(list[0]?.status?.state, TaskState.TASK_STATE_RUNNING, `slot ${slot} runs the new spec`);
  }
}

t.test('a service never updated has no update to plan', (t) => {
  const h = setup({ replicas: 3 });
  h.deploy();
  const plan = h.pass();
  t.same(plan.actions, []);
  t.equal(plan.statusChanged, false);
  t.equal(plan.status, null);
  t.end();
});

t.test('parallelism 1, stop-first: one slot at a time, old stopped before the new one starts', (t) => {
  const h = setup({ replicas: 3 });
  h.deploy();
  h.updateSpec(h.newArgs('2000'));
  const first = h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING);
  t.equal(timestampMs(h.service().updateStatus?.startedAt), T0);
  const made = creates(first.actions);
  t.equal(made.length, 1);
  t.equal(made[0]?.slot, 1);
  t.equal(made[0]?.desiredState, TaskState.TASK_STATE_READY, 'held until the old task stops');
  t.same([...first.slotsUnderUpdate], [1]);
  const old1 = byVersion(h, 10).find((x) => x.slot === 1)!;
  t.equal(old1.desiredState, TaskState.TASK_STATE_SHUTDOWN);

  t.same(h.pass().actions, [], 'planning again on the same store changes nothing');
  h.agentsRun();
  t.equal(h.world.get(made[0]!.id).status?.state, TaskState.TASK_STATE_READY, 'prepared, not started');
  h.agentsStop();
  const started = h.pass();
  t.same(
    started.actions.map((a) => (a.kind === 'set-desired-state' ? [a.taskId, a.desiredState] : a.kind)),
    [[made[0]!.id, TaskState.TASK_STATE_RUNNING]],
  );
  let maxInFlight = 0;
  drive(h, () => (maxInFlight = Math.max(maxInFlight, inFlightSlots(h))));
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  t.equal(maxInFlight, 1);
  assertEachSlotOnce(t, h, version(h), 3);
  t.end();
});

t.test('parallelism 2 and 0 start that many slots at once', async (t) => {
  for (const [parallelism, expected] of [
    [2, [1, 2]],
    [0, [1, 2, 3, 4]],
  ] as const) {
    t.test(`parallelism ${parallelism}`, (t) => {
      const h = setup({ replicas: 4, update: config({ parallelism }) });
      h.deploy();
      h.updateSpec(h.newArgs('x'));
      t.same(
        creates(h.pass().actions).map((x) => x.slot),
        expected,
      );
      let maxInFlight = 0;
      drive(h, () => (maxInFlight = Math.max(maxInFlight, inFlightSlots(h))));
      t.equal(maxInFlight, expected.length);
      assertEachSlotOnce(t, h, version(h), 4);
      t.end();
    });
  }
});

t.test('delay: nothing new before the delay after a batch ends; wakeAt says when', (t) => {
  const h = setup({ replicas: 2, update: config({ delay: dur(10_000) }) });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  h.agentsStop();
  h.pass(); // starts the held replacement
  h.world.now += 500;
  h.agentsRun(); // RUNNING at T0 + 500
  const doneAt = T0 + 500;
  h.world.now = doneAt + 1_000;
  const early = h.pass();
  t.same(creates(early.actions), [], 'slot 2 waits');
  t.equal(early.wakeAt, doneAt + 5_000, 'first the monitor window of slot 1 ends');
  h.world.now = doneAt + 9_999;
  const still = h.pass();
  t.same(creates(still.actions), []);
  t.equal(still.wakeAt, doneAt + 10_000);
  h.world.now = doneAt + 10_000;
  t.same(
    creates(h.pass().actions).map((x) => x.slot),
    [2],
  );
  t.end();
});

t.test('start-first never drops below the replica count through a 6-replica update', (t) => {
  const h = setup({
    replicas: 6,
    update: config({ order: UpdateOrder.UPDATE_ORDER_START_FIRST, parallelism: 2 }),
  });
  h.deploy();
  t.equal(liveRunning(h), 6);
  h.updateSpec(h.newArgs('x'));
  const first = h.pass();
  t.same(
    creates(first.actions).map((x) => [x.slot, x.desiredState]),
    [
      [1, TaskState.TASK_STATE_RUNNING],
      [2, TaskState.TASK_STATE_RUNNING],
    ],
  );
  t.equal(
    first.actions.filter((a) => a.kind === 'set-desired-state').length,
    0,
    'old tasks keep running until the new ones run',
  );
  let min = Number.POSITIVE_INFINITY;
  drive(h, () => (min = Math.min(min, liveRunning(h))));
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  t.equal(min, 6, 'sampled after every step');
  assertEachSlotOnce(t, h, version(h), 6);
  t.end();
});

t.test('stop-first (the contrast) does drop below the replica count', (t) => {
  const h = setup({ replicas: 6, update: config({ parallelism: 2 }) });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  let min = Number.POSITIVE_INFINITY;
  drive(h, () => (min = Math.min(min, liveRunning(h))));
  t.equal(min, 4);
  assertEachSlotOnce(t, h, version(h), 6);
  t.end();
});

t.test('healthcheck: RUNNING but not yet HEALTHY is not updated', (t) => {
  const h = setup({ replicas: 2, healthcheck: true });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  h.agentsStop();
  h.pass();
  h.agentsRun();
  const fresh = byVersion(h, version(h))[0]!;
  t.equal(fresh.status?.state, TaskState.TASK_STATE_RUNNING);
  h.world.now += 60_000;
  const waiting = h.pass();
  t.same(creates(waiting.actions), [], 'slot 2 waits for health');
  t.same([...waiting.slotsUnderUpdate], [1]);
  h.setHealth(fresh.id, TaskHealth.TASK_HEALTH_NONE);
  t.same(creates(h.pass().actions), [], 'no health report is not healthy when the spec has a check');
  h.setHealth(fresh.id, TaskHealth.TASK_HEALTH_HEALTHY);
  t.same(
    creates(h.pass().actions).map((x) => x.slot),
    [2],
  );
  t.end();
});

/** Runs the first replacement to RUNNING, then has the agent report it FAILED. */
function failFirstReplacement(h: Harness, err = 'exit status 1'): Task__Output {
  h.pass();
  h.agentsStop();
  h.pass();
  h.agentsRun();
  h.world.now += 1_000;
  const fresh = byVersion(h, version(h)).find((x) => x.status?.state === TaskState.TASK_STATE_RUNNING)!;
  h.world.report(fresh.id, TaskState.TASK_STATE_FAILED);
  const task = h.world.get(fresh.id);
  h.world.tasks.set(fresh.id, { ...task, status: { ...task.status!, err } });
  return fresh;
}

t.test('a failure inside the monitor window pauses the update and says which task', (t) => {
  const h = setup({ replicas: 3 });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  const failed = failFirstReplacement(h);
  const plan = h.pass();
  t.equal(plan.statusChanged, true);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_PAUSED);
  t.match(h.service().updateStatus?.message, `task ${failed.id}: exit status 1`);
  t.match(h.service().updateStatus?.message, /^update paused due to failure/);
  t.equal(timestampMs(h.service().updateStatus?.completedAt), h.world.now);
  t.same(creates(plan.actions), [], 'no more slots');
  // Paused stays paused while the spec is the same, whatever happens to the tasks.
  for (let i = 0; i < 10; i++) {
    h.world.now += 1_000;
    const p = h.pass();
    t.same(p.actions, []);
    t.equal(p.statusChanged, false);
    h.agentsStop();
    h.agentsRun();
  }
  const old = byVersion(h, 10).filter((x) => x.desiredState === TaskState.TASK_STATE_RUNNING);
  t.same(old.map((x) => x.slot).sort(), [2, 3], 'slots 2 and 3 untouched');
  // The next `service update` (a new spec version; the control API clears the status) resumes.
  h.updateSpec(h.newArgs('y'));
  h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING);
  drive(h);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  assertEachSlotOnce(t, h, version(h), 3);
  t.end();
});

t.test('a replacement failing after its monitor window is a task failure, not an update failure', (t) => {
  const h = setup({ replicas: 3, update: config({ delay: dur(10_000) }) });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  h.agentsStop();
  h.pass();
  h.agentsRun();
  const fresh = byVersion(h, version(h)).find((x) => x.status?.state === TaskState.TASK_STATE_RUNNING)!;
  t.ok(fresh.status?.startedAt, 'the run start is recorded');
  // The batch delay (10 s) outlasts the monitor window (5 s): the replacement fails in between.
  h.world.now += 7_000;
  h.pass();
  h.world.report(fresh.id, TaskState.TASK_STATE_FAILED);
  const plan = h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING, 'not paused');
  t.equal(plan.statusChanged, false);
  drive(h);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  t.end();
});

t.test('failure action continue keeps going and completes', (t) => {
  const h = setup({
    replicas: 3,
    update: config({ failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE }),
  });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  failFirstReplacement(h);
  const next = h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING);
  t.same(
    creates(next.actions).map((x) => x.slot),
    [2],
    'the failed slot is the restart policy’s, the update moves on',
  );
  drive(h);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  t.end();
});

t.test('failure action rollback: decision, then the rollback runs with rollback_config', (t) => {
  const h = setup({
    replicas: 4,
    update: config({ failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK, parallelism: 2 }),
    rollback: config({ parallelism: 0, monitor: dur(1_000) }),
  });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  const newVersion = version(h);
  const failed = failFirstReplacement(h);
  const plan = h.pass();
  t.equal(plan.decision, 'rollback');
  t.equal(plan.status?.state, UpdateState.UPDATE_STATE_ROLLBACK_STARTED);
  t.match(
    plan.status?.message,
    `update rolled back due to failure or early termination of task ${failed.id}`,
  );
  t.same(creates(plan.actions), []);
  t.equal(version(h), 10, 'the harness swapped spec and previous spec as the loop will');
  const rollback = h.pass();
  t.same(
    creates(rollback.actions)
      .map((x) => x.slot)
      .sort(),
    [1, 2],
    'all at once (rollback parallelism 0), only the slots on the new spec (slot 1 runs its restart)',
  );
  drive(h);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED);
  t.match(h.service().updateStatus?.message, 'rollback completed');
  const live = h.world.taskList().filter((x) => x.desiredState === TaskState.TASK_STATE_RUNNING);
  t.same(
    live.map((x) => x.specVersion),
    [10, 10, 10, 10],
  );
  t.notOk(
    byVersion(h, newVersion).some((x) => x.desiredState === TaskState.TASK_STATE_RUNNING),
    'nothing of the failed spec left',
  );
  t.end();
});

t.test('a rollback that fails pauses as ROLLBACK_PAUSED', (t) => {
  const h = setup({
    replicas: 2,
    update: config({ failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK, parallelism: 2 }),
    rollback: config({ failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK }),
  });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  // Both replacements run, then one fails: the rollback replaces the other.
  h.pass();
  h.agentsStop();
  h.pass();
  h.agentsRun();
  h.world.now += 1_000;
  const [a] = byVersion(h, version(h));
  h.world.report(a!.id, TaskState.TASK_STATE_FAILED);
  t.equal(h.pass().decision, 'rollback');
  h.world.now += 1_000;
  h.pass();
  h.agentsStop();
  h.pass();
  h.agentsRun();
  h.world.now += 1_000;
  const back = h.world
    .taskList()
    .find(
      (x) =>
        x.specVersion === 10 && x.status?.state === TaskState.TASK_STATE_RUNNING && x.desiredState === 512,
    )!;
  t.ok(back, 'a rolled-back task runs');
  h.world.report(back.id, TaskState.TASK_STATE_REJECTED);
  const plan = h.pass();
  t.equal(plan.decision, 'none', 'a rollback never rolls back (ROLLBACK there means pause)');
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_ROLLBACK_PAUSED);
  t.match(
    h.service().updateStatus?.message,
    `rollback paused due to failure or early termination of task ${back.id}`,
  );
  t.end();
});

/** Drives the update until slot's replacement runs, then has the agent report it FAILED. */
function failSlot(h: Harness, slot: number): void {
  const v = version(h);
  for (let i = 0; i < 20; i++) {
    const fresh = byVersion(h, v).find(
      (x) =>
        x.slot === slot &&
        x.status?.state === TaskState.TASK_STATE_RUNNING &&
        x.desiredState === TaskState.TASK_STATE_RUNNING,
    );
    if (fresh !== undefined) {
      h.world.report(fresh.id, TaskState.TASK_STATE_FAILED);
      return;
    }
    h.pass();
    h.agentsStop();
    h.agentsRun();
    h.world.now += 1_000;
  }
  throw new Error(`slot ${slot} never ran`);
}

t.test('max failure ratio 0.5 tolerates one failure of four, not a second', (t) => {
  const first = setup({ replicas: 4, update: config({ maxFailureRatio: 0.5 }) });
  first.deploy();
  first.updateSpec(first.newArgs('x'));
  failSlot(first, 1);
  first.pass();
  t.equal(stateOf(first), UpdateState.UPDATE_STATE_PAUSED, '1 failed of 1 updated > 0.5');

  const h = setup({ replicas: 4, update: config({ maxFailureRatio: 0.5 }) });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  failSlot(h, 2);
  h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING, '1 failed of 2 updated = 0.5 is tolerated');
  failSlot(h, 3);
  h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_PAUSED, '2 failed of 3 updated > 0.5');

  const tolerant = setup({ replicas: 4, update: config({ maxFailureRatio: 0.5 }) });
  tolerant.deploy();
  tolerant.updateSpec(tolerant.newArgs('x'));
  failSlot(tolerant, 2);
  drive(tolerant);
  t.equal(stateOf(tolerant), UpdateState.UPDATE_STATE_COMPLETED, 'one failure of four: the update completes');
  t.end();
});

t.test('completes only once the last replacement is past its monitor window', (t) => {
  const h = setup({ replicas: 1 });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  h.agentsStop();
  h.pass();
  h.world.now += 2_000;
  h.agentsRun();
  const ranAt = h.world.now;
  const plan = h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING);
  t.equal(plan.wakeAt, ranAt + 5_000);
  h.world.now = ranAt + 4_999;
  h.pass();
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_UPDATING);
  h.world.now = ranAt + 5_000;
  const done = h.pass();
  t.equal(done.statusChanged, true);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  t.equal(timestampMs(h.service().updateStatus?.completedAt), ranAt + 5_000);
  t.equal(done.wakeAt, undefined);
  t.same(h.pass().actions, []);
  t.equal(h.pass().statusChanged, false, 'completed stays completed');
  t.end();
});

t.test('a new leader resumes from a mid-update snapshot: no slot twice, none skipped', (t) => {
  for (const order of [UpdateOrder.UPDATE_ORDER_STOP_FIRST, UpdateOrder.UPDATE_ORDER_START_FIRST]) {
    for (let cut = 1; cut <= 8; cut++) {
      const h = setup({ replicas: 4, update: config({ order, parallelism: 2 }) });
      h.deploy();
      h.updateSpec(h.newArgs('x'));
      for (let i = 0; i < cut; i++) {
        h.pass();
        h.agentsStop();
        if (i % 2 === 0) h.agentsRun();
        h.world.now += 1_000;
      }
      // The new leader: the store as it was (a deep copy), fresh id generator, no memory.
      const snapshot = structuredClone(h.service());
      h.setService(snapshot);
      h.resetIds('leader2-');
      drive(h);
      t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED, `order ${order} cut ${cut}`);
      assertEachSlotOnce(t, h, version(h), 4);
    }
  }
  t.end();
});

t.test('--force (a spec version bump, same spec) replaces every slot', (t) => {
  const h = setup({ replicas: 3, update: config({ parallelism: 0 }) });
  h.deploy();
  const before = structuredClone(h.service().spec);
  h.updateSpec((s) => ({
    ...s,
    spec: { ...s.spec!, task: { ...s.spec!.task!, forceUpdate: s.spec!.task!.forceUpdate + 1 } },
  }));
  t.same(h.service().spec?.task?.process, before?.task?.process, 'the runtime spec is unchanged');
  t.equal(creates(h.pass().actions).length, 3);
  drive(h);
  assertEachSlotOnce(t, h, version(h), 3);
  t.end();
});

t.test('scaling during an update: the reconciler fills new slots with the new spec', (t) => {
  const h = setup({ replicas: 2 });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  const svc = h.service();
  // A scale keeps the spec version (the control API clears the status, so the update restarts).
  h.setService({
    ...svc,
    spec: { ...svc.spec!, mode: 'replicated', replicated: { replicas: 4 } },
    updateStatus: null,
  });
  const plan = h.pass();
  t.same(creates(plan.actions), [], 'slot 1 is still in flight; the planner does not create slots 3 and 4');
  const slots34 = byVersion(h, version(h)).filter((x) => x.slot >= 3);
  t.equal(slots34.length, 2, 'the reconciler created them, current already');
  drive(h);
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_COMPLETED);
  assertEachSlotOnce(t, h, version(h), 4);
  t.end();
});

t.test('tasks the reconciler owns are left to it (ended, or on a lost node)', (t) => {
  const h = setup({ replicas: 2, update: config({ parallelism: 2 }) });
  h.deploy();
  const slot1 = h.world.taskList().find((x) => x.slot === 1)!;
  h.world.report(slot1.id, TaskState.TASK_STATE_FAILED);
  h.updateSpec(h.newArgs('x'));
  const plan = h.pass();
  t.same(
    creates(plan.actions).map((x) => x.slot),
    [2],
    'slot 1 is being restarted by the reconciler, with the new spec',
  );
  t.notOk(plan.slotsUnderUpdate.has(1));
  t.ok(
    byVersion(h, version(h)).some((x) => x.slot === 1),
    'the reconciler’s restart has the new spec',
  );
  t.end();
});

t.test('a held replacement starts once the old task is gone, even on a node that died', (t) => {
  const h = setup({ replicas: 1 });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.pass();
  const old = byVersion(h, 10)[0]!;
  t.same(h.pass().actions, [], 'old task still stopping');
  h.world.nodes.set(old.nodeId, makeNode(old.nodeId, { state: NodeState.NODE_STATE_DOWN }));
  const plan = h.pass();
  t.same(
    plan.actions.map((a) => (a.kind === 'set-desired-state' ? a.desiredState : a.kind)),
    [TaskState.TASK_STATE_RUNNING],
  );
  t.end();
});

t.test('statusChanged and timestamps use the injected clock', (t) => {
  const h = setup({ replicas: 1 });
  h.deploy();
  h.world.now = T0 + 42_000;
  h.updateSpec(h.newArgs('x'));
  const plan = h.pass();
  t.same(plan.status?.startedAt, timestampFromMs(T0 + 42_000));
  t.equal(plan.statusChanged, true);
  t.equal(h.pass().statusChanged, false);
  t.end();
});

t.test('failure action rollback without a previous spec pauses instead', (t) => {
  const h = setup({
    replicas: 2,
    update: config({ failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK }),
  });
  h.deploy();
  h.updateSpec(h.newArgs('x'));
  h.setService({ ...h.service(), previousSpec: null });
  failFirstReplacement(h);
  const plan = h.pass();
  t.equal(plan.decision, 'none');
  t.equal(stateOf(h), UpdateState.UPDATE_STATE_PAUSED);
  t.end();
});
