import t from 'tap';
import { serviceProgress } from '../../../cli/progress/slot-progress.ts';
import { TaskHealth } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import {
  ASSIGNED,
  COMPLETE,
  FAILED,
  observation,
  PENDING,
  PREPARING,
  SHUTDOWN,
  service,
  task,
} from './observation-fixtures.ts';

t.test('replicated: one line per slot, the current spec counts', async (t) => {
  const p = serviceProgress(
    observation(service({ replicas: 3 }), [
      task({ id: 'a', slot: 1 }),
      task({ id: 'b', slot: 2, state: PREPARING }),
      task({ id: 'old', slot: 3, version: 4 }),
    ]),
  );
  t.equal(p.desired, 3);
  t.equal(p.done, 1);
  t.same(
    p.slots.map((s) => [s.label, s.state, s.step, s.done]),
    [
      ['1/3', 'running', 8, true],
      ['2/3', 'preparing', 5, false],
      ['3/3', 'outdated (running)', 0, false],
    ],
  );
  t.equal(p.leftovers, 1, 'a task of an older spec still runs');
});

t.test('a slot shows its newest current task, history under it does not count', async (t) => {
  const p = serviceProgress(
    observation(service({ replicas: 1 }), [
      task({ id: 'old', slot: 1, version: 4, state: SHUTDOWN, desired: SHUTDOWN }),
      task({ id: 'failed', slot: 1, state: FAILED, desired: SHUTDOWN, err: 'exit 1' }),
      task({ id: 'new', slot: 1, state: ASSIGNED }),
    ]),
  );
  t.equal(p.slots[0]?.task?.id, 'new');
  t.equal(p.leftovers, 0, 'ended tasks are not leftovers');
  t.same(
    p.ended.map((e) => [e.taskId, e.name, e.reason]),
    [['failed', 'web.1', 'exit 1']],
  );
});

t.test('a slot not yet filled shows as new', async (t) => {
  const p = serviceProgress(observation(service({ replicas: 2 }), [task({ id: 'a', slot: 1 })]));
  t.same(
    p.slots.map((s) => [s.label, s.state, s.done]),
    [
      ['1/2', 'running', true],
      ['2/2', 'new', false],
    ],
  );
});

t.test('pending with the scheduler reason: shown and listed as unschedulable', async (t) => {
  const reason = 'no suitable node (2 nodes: 2 unmatched constraint)';
  const p = serviceProgress(
    observation(service({ replicas: 1 }), [
      task({ id: 'p', slot: 1, nodeId: '', state: PENDING, err: reason }),
    ]),
  );
  t.equal(p.slots[0]?.message, reason);
  t.same(p.unschedulable, [{ taskId: 'p', slotKey: '1', name: 'web.1', reason }]);
});

t.test('scaled down: tasks beyond the replica count are leftovers until they stop', async (t) => {
  const tasks = [task({ id: 'a', slot: 1 }), task({ id: 'b', slot: 2, desired: SHUTDOWN })];
  t.equal(serviceProgress(observation(service({ replicas: 1 }), tasks)).leftovers, 1);
  const stopped = [
    task({ id: 'a', slot: 1 }),
    task({ id: 'b', slot: 2, desired: SHUTDOWN, state: SHUTDOWN }),
  ];
  t.equal(serviceProgress(observation(service({ replicas: 1 }), stopped)).leftovers, 0);
  const lost = serviceProgress(
    observation(
      service({ replicas: 1 }),
      [...tasks.slice(0, 1), task({ id: 'c', slot: 2, nodeId: 'dead' })],
      { down: ['dead'] },
    ),
  );
  t.equal(lost.leftovers, 0, 'a task on a down node will never report: it does not hold convergence');
});

t.test('a healthcheck holds a running task until healthy', async (t) => {
  const starting = serviceProgress(
    observation(service({ replicas: 1 }), [
      task({ id: 'a', slot: 1, healthcheck: true, health: TaskHealth.TASK_HEALTH_STARTING }),
    ]),
  );
  t.equal(starting.done, 0);
  t.equal(starting.slots[0]?.state, 'running (health: starting)');
  const healthy = serviceProgress(
    observation(service({ replicas: 1 }), [
      task({ id: 'a', slot: 1, healthcheck: true, health: TaskHealth.TASK_HEALTH_HEALTHY }),
    ]),
  );
  t.equal(healthy.done, 1);
});

t.test('exited tasks say how they ended', async (t) => {
  const p = serviceProgress(
    observation(service({ replicas: 1 }), [task({ id: 'x', slot: 1, state: COMPLETE, exitCode: 0 })]),
  );
  t.equal(p.ended[0]?.reason, 'complete (exited)');
  const q = serviceProgress(
    observation(service({ replicas: 1 }), [task({ id: 'y', slot: 1, state: FAILED, exitCode: 3 })]),
  );
  t.equal(q.ended[0]?.reason, 'failed (exit code 3)');
});

t.test('global: one line per node holding a wanted task; desired from the manager', async (t) => {
  const p = serviceProgress(
    observation(
      service({ global: true }),
      [
        task({ id: 'a', nodeId: 'n2' }),
        task({ id: 'b', nodeId: 'n1', state: PREPARING }),
        task({ id: 'gone', nodeId: 'n3', state: SHUTDOWN, desired: SHUTDOWN }),
      ],
      { globalDesired: 3 },
    ),
  );
  t.equal(p.desired, 3);
  t.equal(p.done, 1);
  t.same(
    p.slots.map((s) => [s.label, s.state]),
    [
      ['host-n1', 'preparing'],
      ['host-n2', 'running'],
    ],
  );
});
