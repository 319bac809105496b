import t from 'tap';
import { reconcileService } from '../../../manager/orchestrator/reconcile-service.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { T0, idSequence, labelMatcher, makeNode, makeService } from './world.ts';

t.test('dispatches on the service mode', (t) => {
  const nodes = new Map([
    ['n1', makeNode('n1')],
    ['n2', makeNode('n2')],
  ]);
  const run = (global: boolean) =>
    reconcileService({
      service: makeService(global ? { global: true } : { replicas: 3 }),
      tasks: [],
      nodes,
      now: T0,
      newId: idSequence(),
      supervisor: new RestartSupervisor(),
      matchesConstraints: labelMatcher,
    }).map((a) => (a.kind === 'create-task' ? `${a.task.slot}@${a.task.nodeId}` : a.kind));
  t.same(run(false), ['1@', '2@', '3@']);
  t.same(run(true), ['0@n1', '0@n2']);
  t.end();
});
