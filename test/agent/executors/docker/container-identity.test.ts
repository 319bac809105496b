import t from 'tap';
import {
  containerName,
  coveyLabels,
  nodeLabelFilter,
  taskLabelFilter,
  workloadFromLabels,
} from '../../../../agent/executors/docker/container-identity.ts';
import { dockerTask } from './docker-fixtures.ts';

const run = { id: 'run1', nodeId: 'node-a' };

t.test('names follow Swarm: <service>.<slot>.<task>, and the node for a global service', async (t) => {
  t.equal(containerName(dockerTask(run, { id: 'tk', serviceName: 'web', slot: 3 }), 'node-a'), 'web.3.tk');
  t.equal(
    containerName(dockerTask(run, { id: 'tk', serviceName: 'mon', slot: 0 }), 'node-a'),
    'mon.node-a.tk',
  );
  const anonymous = dockerTask(run, { id: 'tk' });
  anonymous.serviceAnnotations = null;
  t.equal(containerName(anonymous, 'node-a'), 'svc-test.1.tk', 'the service id without a name');
});

t.test('labels carry task, service, node and slot; workloads are read back from them', async (t) => {
  const labels = coveyLabels(dockerTask(run, { id: 'tk', slot: 2 }), 'node-a');
  t.same(labels, {
    'covey.task.id': 'tk',
    'covey.service.id': 'svc-test',
    'covey.service.name': 'covey-test',
    'covey.node.id': 'node-a',
    'covey.slot': '2',
  });
  t.same(workloadFromLabels(labels, true), { taskId: 'tk', serviceId: 'svc-test', running: true });
  t.equal(workloadFromLabels({ other: 'x' }, true), undefined);
  t.equal(workloadFromLabels(undefined, false), undefined);
  t.equal(nodeLabelFilter('n1'), 'covey.node.id=n1');
  t.equal(taskLabelFilter('t1'), 'covey.task.id=t1');
});
