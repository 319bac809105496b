// Status update rules: wrong node refused, unknown task, forward only (every pair of states),
// terminal states final, same state with news accepted, exact repeats ignored.
import t from 'tap';
import {
  DuplicateStatusError,
  MissingStatusError,
  StateRegressionError,
  TaskNotOnNodeError,
  TerminalStateError,
  UnknownTaskError,
} from '../../../manager/dispatcher/errors.ts';
import { isTerminalState, validateStatusUpdate } from '../../../manager/dispatcher/status-update.ts';
import { TaskHealth } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { makeStatus, makeTask } from './fixtures.ts';

const STATES = Object.values(TaskState) as TaskState__Output[];

t.test('unknown task and wrong node are refused with typed reasons', async (t) => {
  const unknown = validateStatusUpdate('n1', undefined, {
    taskId: 'x',
    status: makeStatus(TaskState.TASK_STATE_RUNNING),
  });
  t.equal(unknown.kind, 'ignore');
  if (unknown.kind === 'ignore') {
    t.ok(unknown.reason instanceof UnknownTaskError);
    t.equal(unknown.reason.taskId, 'x');
  }
  const wrong = validateStatusUpdate('n2', makeTask('a', { nodeId: 'n1' }), {
    taskId: 'a',
    status: makeStatus(TaskState.TASK_STATE_RUNNING),
  });
  t.equal(wrong.kind, 'ignore');
  if (wrong.kind === 'ignore') {
    t.ok(wrong.reason instanceof TaskNotOnNodeError);
    t.match(wrong.reason, { nodeId: 'n2', assignedNodeId: 'n1' });
  }
  const none = validateStatusUpdate('n1', makeTask('a'), { taskId: 'a', status: null });
  t.ok(none.kind === 'ignore' && none.reason instanceof MissingStatusError);
});

t.test('every (current, proposed) pair: forward applies, backward and after-terminal ignored', async (t) => {
  let applied = 0;
  for (const current of STATES) {
    for (const proposed of STATES) {
      const task = makeTask('a', { state: current });
      const decision = validateStatusUpdate('n1', task, {
        taskId: 'a',
        status: makeStatus(proposed, { message: 'new' }),
      });
      if (isTerminalState(current)) {
        if (!(decision.kind === 'ignore' && decision.reason instanceof TerminalStateError)) {
          t.fail(`terminal ${current} → ${proposed} must be ignored`);
        }
      } else if (proposed < current) {
        if (!(decision.kind === 'ignore' && decision.reason instanceof StateRegressionError)) {
          t.fail(`${current} → ${proposed} is backwards and must be ignored`);
        }
      } else if (decision.kind !== 'apply' || decision.status.state !== proposed) {
        t.fail(`${current} → ${proposed} must apply`);
      } else {
        applied++;
      }
    }
  }
  // Non-terminal states NEW..RUNNING are the first 8; each applies to itself and every later state.
  const expected = STATES.filter((s) => !isTerminalState(s)).reduce<number>(
    (sum, s) => sum + STATES.filter((p) => p >= s).length,
    0,
  );
  t.equal(applied, expected, `${applied} forward transitions applied`);
  t.ok(applied > 0);
});

t.test('RUNNING → RUNNING with a health change applies; an exact repeat does not', async (t) => {
  const task = makeTask('a', { state: TaskState.TASK_STATE_RUNNING });
  const unhealthy = validateStatusUpdate('n1', task, {
    taskId: 'a',
    status: makeStatus(TaskState.TASK_STATE_RUNNING, { health: TaskHealth.TASK_HEALTH_UNHEALTHY }),
  });
  t.equal(unhealthy.kind, 'apply');
  const repeat = validateStatusUpdate('n1', task, {
    taskId: 'a',
    status: makeStatus(TaskState.TASK_STATE_RUNNING),
  });
  t.ok(repeat.kind === 'ignore' && repeat.reason instanceof DuplicateStatusError);
});

t.test(
  'the first RUNNING report stamps started_at, kept through later states; the agent cannot set it',
  async (t) => {
    const at = (seconds: number) => ({ seconds, nanos: 0 });
    const starting = makeTask('a', { state: TaskState.TASK_STATE_STARTING });
    const early = validateStatusUpdate('n1', starting, {
      taskId: 'a',
      status: { ...makeStatus(TaskState.TASK_STATE_STARTING, { message: 'x' }), startedAt: at(1) },
    });
    t.ok(
      early.kind === 'apply' && early.status.startedAt === null,
      'not before RUNNING, whatever the agent says',
    );
    const running = validateStatusUpdate('n1', starting, {
      taskId: 'a',
      status: { ...makeStatus(TaskState.TASK_STATE_RUNNING), timestamp: at(100) },
    });
    t.ok(running.kind === 'apply');
    const stamped = running.kind === 'apply' ? running.status : null;
    t.same(stamped?.startedAt, at(100), 'the RUNNING report time');
    const ran = { ...starting, status: stamped };
    const failed = validateStatusUpdate('n1', ran, {
      taskId: 'a',
      status: { ...makeStatus(TaskState.TASK_STATE_FAILED), timestamp: at(200) },
    });
    t.same(failed.kind === 'apply' ? failed.status.startedAt : null, at(100), 'kept when it fails');
  },
);

t.test('a task with no status yet counts as NEW', async (t) => {
  const task = makeTask('a');
  task.status = null;
  const d = validateStatusUpdate('n1', task, {
    taskId: 'a',
    status: makeStatus(TaskState.TASK_STATE_ACCEPTED),
  });
  t.equal(d.kind, 'apply');
});

t.test('terminal states are exactly those after RUNNING', async (t) => {
  t.same(STATES.filter(isTerminalState), [
    TaskState.TASK_STATE_COMPLETE,
    TaskState.TASK_STATE_SHUTDOWN,
    TaskState.TASK_STATE_FAILED,
    TaskState.TASK_STATE_REJECTED,
    TaskState.TASK_STATE_REMOVE,
    TaskState.TASK_STATE_ORPHANED,
  ]);
});
