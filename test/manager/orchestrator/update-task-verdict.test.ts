import t from 'tap';
import {
  countsAsUpdated,
  endedOnItsOwn,
  hasHealthcheck,
  stateSince,
} from '../../../manager/orchestrator/update-task-verdict.ts';
import type { HealthConfig__Output } from '../../../proto/gen/covey/v1/HealthConfig.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskSpec__Output } from '../../../proto/gen/covey/v1/TaskSpec.ts';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import { T0, idSequence, makeService } from './world.ts';

const check = (test: string[]): HealthConfig__Output => ({
  test,
  interval: null,
  timeout: null,
  retries: 0,
  startPeriod: null,
  startInterval: null,
});

function task(
  state: TaskState__Output,
  health: TaskHealth__Output,
  healthcheck: HealthConfig__Output | null,
) {
  const base = newTask({ service: makeService({}), slot: 1, nodeId: '', now: T0, newId: idSequence() });
  const spec: TaskSpec__Output = { ...base.spec!, process: { ...base.spec!.process!, healthcheck } };
  return { ...base, spec, status: { ...base.status!, state, health, timestamp: timestampFromMs(T0 + 7) } };
}

t.test('hasHealthcheck: a check of its own, not NONE, not inherited', (t) => {
  const spec = (h: HealthConfig__Output | null) => task(0, 0, h).spec;
  t.equal(hasHealthcheck(spec(null)), false);
  t.equal(hasHealthcheck(spec(check([]))), false, 'inherits the image’s: unknown here');
  t.equal(hasHealthcheck(spec(check(['NONE']))), false);
  t.equal(hasHealthcheck(spec(check(['CMD-SHELL', 'true']))), true);
  t.equal(hasHealthcheck(null), false);
  t.end();
});

t.test('countsAsUpdated: RUNNING, and HEALTHY when there is a check', (t) => {
  const hc = check(['CMD', 'true']);
  const cases: [Task__Output, boolean, string][] = [
    [task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_NONE, null), true, 'no check'],
    [task(TaskState.TASK_STATE_STARTING, TaskHealth.TASK_HEALTH_NONE, null), false, 'not running'],
    [task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_NONE, hc), false, 'check, no report'],
    [task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_STARTING, hc), false, 'check starting'],
    [task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_HEALTHY, hc), true, 'healthy'],
    [
      task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_STARTING, check([])),
      false,
      'image check starting',
    ],
    [task(TaskState.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_UNHEALTHY, null), false, 'unhealthy'],
  ];
  for (const [x, expected, why] of cases) t.equal(countsAsUpdated(x), expected, why);
  t.end();
});

t.test('endedOnItsOwn: failed, rejected, exited, orphaned; not shut down', (t) => {
  const ended = (s: TaskState__Output) => endedOnItsOwn(task(s, 0, null));
  t.equal(ended(TaskState.TASK_STATE_FAILED), true);
  t.equal(ended(TaskState.TASK_STATE_REJECTED), true);
  t.equal(ended(TaskState.TASK_STATE_COMPLETE), true);
  t.equal(ended(TaskState.TASK_STATE_ORPHANED), true);
  t.equal(ended(TaskState.TASK_STATE_SHUTDOWN), false);
  t.equal(ended(TaskState.TASK_STATE_RUNNING), false);
  t.end();
});

t.test('stateSince reads the status timestamp', (t) => {
  t.equal(stateSince(task(TaskState.TASK_STATE_RUNNING, 0, null)), T0 + 7);
  t.end();
});
