import t from 'tap';
import {
  DEFAULT_VERDICT_OPTIONS,
  type Judged,
  judgeConvergence,
  startVerdict,
  type Verdict,
  type VerdictMemory,
  type VerdictOptions,
} from '../../../cli/progress/convergence-verdict.ts';
import type { ServiceObservation } from '../../../cli/progress/service-observation.ts';
import { serviceProgress } from '../../../cli/progress/slot-progress.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import type { UpdateStatus__Output } from '../../../proto/gen/covey/v1/UpdateStatus.ts';
import {
  FAILED,
  observation,
  PENDING,
  PREPARING,
  SHUTDOWN,
  service,
  status,
  task,
} from './observation-fixtures.ts';

const CONVERGE: VerdictOptions = { ...DEFAULT_VERDICT_OPTIONS, goal: 'converge', timeoutMs: undefined };
const ROLLBACK: VerdictOptions = { ...CONVERGE, goal: 'rollback' };

/** Feeds observations at the given times; returns every verdict. */
function run(
  steps: [number, ServiceObservation][],
  options = CONVERGE,
  baseline: UpdateStatus__Output | null = null,
): Verdict[] {
  return judgeAll(steps, options, baseline).map((j) => j.verdict);
}

function judgeAll(
  steps: [number, ServiceObservation][],
  options = CONVERGE,
  baseline: UpdateStatus__Output | null = null,
): Judged[] {
  let memory: VerdictMemory = startVerdict(steps[0]?.[0] ?? 0, baseline);
  return steps.map(([nowMs, o]) => {
    const judged = judgeConvergence(
      memory,
      { progress: serviceProgress(o), updateStatus: o.service.updateStatus, nowMs },
      options,
    );
    memory = judged.memory;
    return judged;
  });
}

const running2 = () => [task({ id: 'a', slot: 1 }), task({ id: 'b', slot: 2 })];

t.test('converged once every slot runs the current spec, steady for settleMs', async (t) => {
  const o = observation(service(), running2());
  const v = run([
    [0, o],
    [500, o],
    [1_000, o],
  ]);
  t.same(v[0], { kind: 'waiting', verifyingForMs: 1_000 });
  t.equal(v[1]?.kind, 'waiting');
  t.same(v[2], { kind: 'converged' });
});

t.test('a slot that stops running restarts the settle period', async (t) => {
  const ok = observation(service(), running2());
  const wobble = observation(service(), [
    task({ id: 'a', slot: 1 }),
    task({ id: 'b2', slot: 2, state: PREPARING }),
  ]);
  const v = run([
    [0, ok],
    [800, wobble],
    [1_200, ok],
    [2_100, ok],
    [2_200, ok],
  ]);
  t.same(
    v.map((x) => x.kind),
    ['waiting', 'waiting', 'waiting', 'waiting', 'converged'],
  );
  t.same(v[1], { kind: 'waiting', verifyingForMs: undefined }, 'not verifying while a slot moves');
});

t.test('not converged while tasks of an older spec or beyond the replicas still run', async (t) => {
  const old = observation(service(), [task({ id: 'a', slot: 1 }), task({ id: 'b', slot: 2, version: 4 })]);
  t.same(
    run([
      [0, old],
      [5_000, old],
    ]).map((v) => v.kind),
    ['waiting', 'waiting'],
  );
  const extra = observation(service({ replicas: 1 }), [
    task({ id: 'a', slot: 1 }),
    task({ id: 'b', slot: 2, desired: SHUTDOWN }),
  ]);
  t.same(
    run([
      [0, extra],
      [5_000, extra],
    ]).map((v) => v.kind),
    ['waiting', 'waiting'],
  );
});

t.test('update: waits for COMPLETED; PAUSED fails with the manager message', async (t) => {
  const updating = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_UPDATING, 'update in progress') }),
    running2(),
  );
  t.same(
    run([
      [0, updating],
      [10_000, updating],
    ]).map((v) => v.kind),
    ['waiting', 'waiting'],
    'all running is not enough while updating',
  );
  const completed = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_COMPLETED, 'update completed') }),
    running2(),
  );
  t.same(
    run([
      [0, updating],
      [100, completed],
      [1_100, completed],
    ]).at(-1),
    { kind: 'converged' },
  );
  const message = 'update paused due to failure or early termination of task x: starting failed';
  const paused = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_PAUSED, message) }),
    running2(),
  );
  t.same(
    run([
      [0, updating],
      [100, paused],
    ]).at(-1),
    { kind: 'paused', reason: message },
  );
});

t.test(
  'an update rolled back by the manager fails with the reason it gave when it started rolling back',
  async (t) => {
    const reason = 'update rolled back due to failure or early termination of task x: boom';
    const back = observation(
      service({ updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_STARTED, reason) }),
      running2(),
    );
    const done = observation(
      service({ updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback completed') }),
      running2(),
    );
    const v = judgeAll([
      [0, back],
      [100, done],
    ]);
    t.same(v[0]?.verdict, { kind: 'waiting', verifyingForMs: undefined });
    t.equal(v[0]?.rollingBack, true);
    t.same(v[1]?.verdict, { kind: 'rolled-back', reason });
    t.equal(v[1]?.rollingBack, true);
    t.same(
      run([[0, done]]),
      [{ kind: 'rolled-back', reason: 'rollback completed' }],
      'only the final state seen',
    );
    // The rollback went by between two looks: the failed task of the undone update says why.
    const undone = service({
      updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback completed'),
    });
    undone.previousSpecVersion = 6;
    const failedNew = task({
      id: 'n1',
      slot: 2,
      version: 6,
      state: FAILED,
      desired: SHUTDOWN,
      err: 'task n1 failed to start: boom',
    });
    t.same(
      run([
        [0, observation(service(), running2())],
        [100, observation(undone, [...running2(), failedNew])],
      ]).at(-1),
      {
        kind: 'rolled-back',
        reason: 'update rolled back after task web.2 failed: task n1 failed to start: boom',
      },
    );
  },
);

t.test('rollback: waits for ROLLBACK_COMPLETED; ROLLBACK_PAUSED fails', async (t) => {
  const started = observation(
    service({
      updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_STARTED, 'manually requested rollback'),
    }),
    running2(),
  );
  const done = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback completed') }),
    running2(),
  );
  t.same(
    run(
      [
        [0, started],
        [5_000, started],
        [5_100, done],
        [6_100, done],
      ],
      ROLLBACK,
    ).map((v) => v.kind),
    ['waiting', 'waiting', 'waiting', 'converged'],
  );
  const paused = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_ROLLBACK_PAUSED, 'rollback paused due to x') }),
    running2(),
  );
  t.same(
    run(
      [
        [0, started],
        [100, paused],
      ],
      ROLLBACK,
    ).at(-1),
    { kind: 'paused', reason: 'rollback paused due to x' },
  );
  const none = observation(service(), running2());
  t.same(
    run(
      [
        [0, none],
        [5_000, none],
      ],
      ROLLBACK,
    ).map((v) => v.kind),
    ['waiting', 'waiting'],
    'no status is not a finished rollback',
  );
});

t.test('unschedulable: a PENDING reason that persists fails, naming the task and the reason', async (t) => {
  const reason = 'no suitable node (3 nodes: 3 unmatched constraint)';
  const pending = observation(service({ replicas: 1 }), [
    task({ id: 'p', slot: 1, nodeId: '', state: PENDING, err: reason }),
  ]);
  const v = run([
    [0, pending],
    [4_999, pending],
    [5_000, pending],
  ]);
  t.same(
    v.map((x) => x.kind),
    ['waiting', 'waiting', 'unschedulable'],
  );
  t.same(v[2], { kind: 'unschedulable', reason: `task web.1 cannot be scheduled: ${reason}` });
});

t.test('a passing PENDING reason does not fail', async (t) => {
  const pending = observation(service({ replicas: 1 }), [
    task({ id: 'p', slot: 1, nodeId: '', state: PENDING, err: 'no suitable node (1 node: 1 drained)' }),
  ]);
  const placed = observation(service({ replicas: 1 }), [task({ id: 'p', slot: 1 })]);
  t.same(
    run([
      [0, pending],
      [3_000, placed],
      [4_000, placed],
      [6_000, placed],
    ]).map((v) => v.kind),
    ['waiting', 'waiting', 'converged', 'converged'],
  );
  const pendingAgain = observation(service({ replicas: 1 }), [
    task({ id: 'q', slot: 1, nodeId: '', state: PENDING, err: 'x' }),
  ]);
  t.same(
    run([
      [0, pending],
      [3_000, pendingAgain],
      [7_000, pendingAgain],
      [8_000, pendingAgain],
    ]).map((v) => v.kind),
    ['waiting', 'waiting', 'waiting', 'unschedulable'],
    'counted per task: a new pending task starts its own clock',
  );
});

t.test(
  'a replica whose tasks keep ending fails after maxTaskEnds, history before the watch aside',
  async (t) => {
    const old = task({ id: 'f0', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'old failure' });
    const f1 = task({ id: 'f1', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'exit 1' });
    const f2 = task({ id: 'f2', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'exit 1' });
    const f3 = task({ id: 'f3', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'exit 2' });
    const svc = service({ replicas: 1 });
    const v = run([
      [0, observation(svc, [old, f1])],
      [100, observation(svc, [old, f1, f2])],
      [200, observation(svc, [old, f1, f2, f3])],
    ]);
    t.same(
      v.map((x) => x.kind),
      ['waiting', 'waiting', 'waiting'],
      'f0 and f1 had ended before the watch',
    );
    const f4 = task({ id: 'f4', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'exit 3' });
    const w = run([
      [0, observation(svc, [old])],
      [100, observation(svc, [old, f1, f2])],
      [200, observation(svc, [old, f1, f2, f3, f4])],
    ]);
    t.equal(w[1]?.kind, 'waiting');
    t.same(w[2], { kind: 'failed', reason: 'task web.1 ended 4 times, last: exit 3' });
  },
);

t.test('--timeout: not converged when the deadline passes, with the counts', async (t) => {
  const half = observation(service(), [
    task({ id: 'a', slot: 1 }),
    task({ id: 'b', slot: 2, state: PREPARING }),
  ]);
  const v = run(
    [
      [0, half],
      [2_999, half],
      [3_000, half],
    ],
    { ...CONVERGE, timeoutMs: 3_000 },
  );
  t.same(
    v.map((x) => x.kind),
    ['waiting', 'waiting', 'timeout'],
  );
  t.same(v[2], { kind: 'timeout', reason: 'not converged after 3s: 1 out of 2 tasks running' });
  const updating = observation(
    service({ updateStatus: status(UpdateState.UPDATE_STATE_UPDATING, 'update in progress') }),
    running2(),
  );
  t.match(
    run(
      [
        [0, updating],
        [3_000, updating],
      ],
      { ...CONVERGE, timeoutMs: 3_000 },
    )[1],
    {
      kind: 'timeout',
      reason: /2 out of 2 tasks running \(update updating: update in progress\)/,
    },
  );
});

t.test('zero replicas converge once nothing runs', async (t) => {
  const stopping = observation(service({ replicas: 0 }), [task({ id: 'a', slot: 1, desired: SHUTDOWN })]);
  const stopped = observation(service({ replicas: 0 }), [
    task({ id: 'a', slot: 1, desired: SHUTDOWN, state: SHUTDOWN }),
  ]);
  t.same(
    run([
      [0, stopping],
      [1_000, stopped],
      [2_000, stopped],
    ]).map((v) => v.kind),
    ['waiting', 'waiting', 'converged'],
  );
});

t.test(
  'a rollout the write left in place is not a verdict on this command (a scale keeps the status)',
  async (t) => {
    const rolledBack = status(UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback completed', 100);
    const after = observation(service({ updateStatus: rolledBack }), running2());
    t.same(
      run(
        [
          [0, after],
          [1_000, after],
        ],
        CONVERGE,
        rolledBack,
      ).at(-1),
      { kind: 'converged' },
      'an old rollback',
    );
    const rollingBack = status(UpdateState.UPDATE_STATE_ROLLBACK_STARTED, 'manually requested rollback', 100);
    const going = observation(service({ updateStatus: rollingBack }), running2());
    const finished = observation(service({ updateStatus: { ...rolledBack } }), running2());
    const v = run(
      [
        [0, going],
        [2_000, going],
        [2_100, finished],
        [3_100, finished],
      ],
      CONVERGE,
      rollingBack,
    );
    t.same(
      v.map((x) => x.kind),
      ['waiting', 'waiting', 'waiting', 'converged'],
      'a rollback under way that completes',
    );
    t.same(
      judgeAll([[0, after]], CONVERGE, rolledBack).map((j) => j.rollingBack),
      [false],
      'an old rollback is not shown as rolling back',
    );
    const updating = status(UpdateState.UPDATE_STATE_UPDATING, 'update in progress', 100);
    const autoBack = status(UpdateState.UPDATE_STATE_ROLLBACK_STARTED, 'update rolled back due to x', 200);
    const autoDone = status(UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback completed', 200);
    t.same(
      run(
        [
          [0, observation(service({ updateStatus: updating }), running2())],
          [100, observation(service({ updateStatus: autoBack }), running2())],
          [200, observation(service({ updateStatus: autoDone }), running2())],
        ],
        CONVERGE,
        updating,
      ).at(-1),
      { kind: 'rolled-back', reason: 'update rolled back due to x' },
      'a rollback that starts after the write fails it',
    );
  },
);
