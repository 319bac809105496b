// Coalescing many status updates into one per (node, task): the result equals applying them in
// order under the forward-only and terminal-final rules.
import t from 'tap';
import { StatusBatcher } from '../../../manager/dispatcher/status-batcher.ts';
import { isTerminalState } from '../../../manager/dispatcher/status-update.ts';
import { TaskHealth } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { makeStatus } from './fixtures.ts';

const S = TaskState;

t.test('keeps the latest forward update per task, in first-arrival order', async (t) => {
  const b = new StatusBatcher();
  b.add('n1', [
    { taskId: 'a', status: makeStatus(S.TASK_STATE_ACCEPTED) },
    { taskId: 'b', status: makeStatus(S.TASK_STATE_ACCEPTED) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_STARTING) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_PREPARING) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_RUNNING) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_RUNNING, { health: TaskHealth.TASK_HEALTH_HEALTHY }) },
    { taskId: 'c', status: null },
  ]);
  t.equal(b.received, 6);
  t.equal(b.size, 2);
  const out = b.drain();
  t.same(
    out.map((u) => [u.taskId, u.status.state, u.status.health]),
    [
      ['a', S.TASK_STATE_RUNNING, TaskHealth.TASK_HEALTH_HEALTHY],
      ['b', S.TASK_STATE_ACCEPTED, TaskHealth.TASK_HEALTH_NONE],
    ],
  );
  t.equal(b.size, 0);
  t.same(b.drain(), []);
});

t.test('a terminal state is kept over later reports', async (t) => {
  const b = new StatusBatcher();
  b.add('n1', [
    { taskId: 'a', status: makeStatus(S.TASK_STATE_FAILED, { message: 'exit 1' }) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_ORPHANED) },
    { taskId: 'a', status: makeStatus(S.TASK_STATE_FAILED, { message: 'again' }) },
  ]);
  t.same(
    b.drain().map((u) => [u.status.state, u.status.message]),
    [[S.TASK_STATE_FAILED, 'exit 1']],
  );
});

t.test('reports from different nodes for one task are kept apart for validation', async (t) => {
  const b = new StatusBatcher();
  b.add('n1', [{ taskId: 'a', status: makeStatus(S.TASK_STATE_RUNNING) }]);
  b.add('n2', [{ taskId: 'a', status: makeStatus(S.TASK_STATE_FAILED) }]);
  t.same(
    b.drain().map((u) => [u.nodeId, u.status.state]),
    [
      ['n1', S.TASK_STATE_RUNNING],
      ['n2', S.TASK_STATE_FAILED],
    ],
  );
});

t.test('random sequences: coalesced result equals sequential application', async (t) => {
  const states = Object.values(TaskState) as TaskState__Output[];
  const random = new SeededRandom(11);
  for (let round = 0; round < 500; round++) {
    const b = new StatusBatcher();
    const seq = Array.from({ length: 1 + random.intn(8) }, (_, i) =>
      makeStatus(random.pick(states), { message: `m${i}` }),
    );
    b.add(
      'n1',
      seq.map((status) => ({ taskId: 't', status })),
    );
    let model = seq[0];
    for (const next of seq.slice(1)) {
      if (model === undefined || isTerminalState(model.state) || next.state < model.state) continue;
      model = next;
    }
    const got = b.drain()[0]?.status;
    if (got !== model) t.fail(`round ${round}: got ${got?.message}, want ${model?.message}`);
  }
  t.pass('500 random sequences agree with the model');
});
