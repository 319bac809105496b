import t from 'tap';
import { ServiceSpecMissingError } from '../../../manager/orchestrator/errors.ts';
import { newTask, runtimeOf } from '../../../manager/orchestrator/new-task.ts';
import { timestampMs } from '../../../proto/time.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { T0, idSequence, makeService } from './world.ts';

t.test('a replicated task copies the template for its slot', (t) => {
  const service = makeService({ replicas: 3, specVersion: 42 });
  service.endpoint = {
    spec: null,
    ports: [{ name: 'http', protocol: 0, targetPort: 80, publishedPort: 8080, publishMode: 0 }],
  };
  service.spec!.endpoint = {
    ports: [{ name: 'http', protocol: 0, targetPort: 80, publishedPort: 8080, publishMode: 0 }],
  };
  const task = newTask({ service, slot: 2, nodeId: '', now: T0 + 1500, newId: idSequence('id') });
  t.equal(task.id, 'id001');
  t.equal(task.serviceId, 'svc');
  t.equal(task.slot, 2);
  t.equal(task.nodeId, '');
  t.equal(task.specVersion, 42);
  t.equal(task.desiredState, TaskState.TASK_STATE_RUNNING);
  t.equal(task.status?.state, TaskState.TASK_STATE_PENDING);
  t.equal(task.status?.message, 'pending task scheduling');
  t.equal(task.runtime, RuntimeKind.RUNTIME_KIND_PROCESS);
  t.same(task.spec, service.spec!.task);
  t.same(task.serviceAnnotations, { name: 'web', labels: { tier: 'front' } });
  t.equal(task.endpoint?.spec?.ports[0]?.publishedPort, 8080);
  t.equal(task.endpoint?.ports[0]?.targetPort, 80);
  t.equal(timestampMs(task.meta?.createdAt), T0 + 1500);
  t.equal(timestampMs(task.status?.timestamp), T0 + 1500);
  // A deep copy: changing the service later does not reach the task.
  service.spec!.task!.process!.args.push('more');
  service.spec!.annotations!.labels.tier = 'back';
  t.same(task.spec?.process?.args, ['1000']);
  t.equal(task.serviceAnnotations?.labels.tier, 'front');
  t.end();
});

t.test('a global task names its node; a held one is desired READY', (t) => {
  const task = newTask({
    service: makeService({ global: true }),
    slot: 0,
    nodeId: 'n7',
    now: T0,
    newId: () => 'x',
    desiredState: TaskState.TASK_STATE_READY,
  });
  t.equal(task.nodeId, 'n7');
  t.equal(task.slot, 0);
  t.equal(task.desiredState, TaskState.TASK_STATE_READY);
  t.end();
});

t.test('runtime follows the template; a service without spec is refused', (t) => {
  const svc = makeService({});
  t.equal(runtimeOf({ ...svc.spec!.task!, runtime: 'container' }), RuntimeKind.RUNTIME_KIND_DOCKER);
  const { runtime: _drop, ...noRuntime } = svc.spec!.task!;
  t.equal(runtimeOf(noRuntime), RuntimeKind.RUNTIME_KIND_UNKNOWN);
  const err = t.throws(() =>
    newTask({ service: { ...svc, spec: null }, slot: 1, nodeId: '', now: T0, newId: () => 'x' }),
  );
  t.ok(err instanceof ServiceSpecMissingError && err.field === 'spec' && err.serviceId === 'svc');
  const err2 = t.throws(() =>
    newTask({
      service: { ...svc, spec: { ...svc.spec!, task: null } },
      slot: 1,
      nodeId: '',
      now: T0,
      newId: () => 'x',
    }),
  );
  t.ok(err2 instanceof ServiceSpecMissingError && err2.field === 'spec.task');
  t.end();
});
