import t from 'tap';
import { reapTaskHistory } from '../../../manager/orchestrator/task-reaper.ts';
import { reconcileReplicated } from '../../../manager/orchestrator/replicated.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { removeServiceTasks } from '../../../manager/orchestrator/service-removal.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { World, idSequence, makeNode, makeService } from './world.ts';

t.test('a removed service: live tasks get desired REMOVE, then the reaper deletes them all', (t) => {
  const world = new World();
  world.nodes.set('n1', makeNode('n1'));
  const service = makeService({ replicas: 3, restart: { delayMs: 0 } });
  const supervisor = new RestartSupervisor();
  const newId = idSequence();
  const step = () => {
    world.apply(
      reconcileReplicated({
        service,
        tasks: world.taskList(),
        nodes: world.nodes,
        now: world.now,
        newId,
        supervisor,
      }),
    );
    world.scheduleAndRun();
  };
  step();
  world.report('t001', TaskState.TASK_STATE_FAILED);
  step();
  t.equal(world.tasks.size, 4, 'three live tasks and one ended');

  const actions = removeServiceTasks('svc', [
    ...world.taskList(),
    ...world.taskList().map((x) => ({ ...x, serviceId: 'other' })),
  ]);
  t.equal(actions.length, 3, 'only the live tasks of that service');
  t.ok(
    actions.every((a) => a.desiredState === TaskState.TASK_STATE_REMOVE && a.reason === 'service removed'),
  );
  world.apply(actions);
  t.same(
    reapTaskHistory({ tasks: world.taskList(), services: new Map(), historyLimit: 5 }).map((a) => a.taskId),
    ['t001'],
    'only finished tasks',
  );
  for (const x of world.taskList()) if (x.id !== 't001') world.report(x.id, TaskState.TASK_STATE_SHUTDOWN);
  t.equal(reapTaskHistory({ tasks: world.taskList(), services: new Map(), historyLimit: 5 }).length, 4);
  t.end();
});
