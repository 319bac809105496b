// A lab cluster of real daemons on loopback (3 managers + 3 workers, all with hollow agents, mTLS
// everywhere): deploys, scaling, global services, drain, constraints and resources, writes through
// a follower, and the errors an operator gets for bad input.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { ControlClient } from '../../cli/control-client.ts';
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { LabCluster, waitFor } from './lab-cluster.ts';
import { global, perNode, replicated, serviceTasks } from './service-fixtures.ts';

const lab = await LabCluster.start({ managers: 3, workers: 3 });
t.teardown(() => lab.stop());
const control = lab.control();

await lab.allReady(6);

t.test('a replicated service runs all its tasks, spread evenly over the nodes', async (t) => {
  const { service } = await control.createService({ spec: replicated('web', 12) });
  const id = service?.id ?? '';
  const { running } = await waitFor(async () => {
    const s = await serviceTasks(control, id);
    return s.running.length === 12 ? s : undefined;
  }, '12 tasks RUNNING');
  const counts = [...perNode(running).values()];
  t.equal(counts.length, 6, 'every node runs some');
  t.ok(
    counts.every((c) => c === 2),
    `2 per node (${counts.join(',')})`,
  );

  const v1 = (await control.getService(id)).service;
  await control.updateService({
    serviceId: id,
    serviceVersion: v1?.meta?.version ?? 0,
    spec: replicated('web', 18),
  });
  await waitFor(async () => (await serviceTasks(control, id)).running.length === 18, 'scaled up to 18');
  const v2 = (await control.getService(id)).service;
  await control.updateService({
    serviceId: id,
    serviceVersion: v2?.meta?.version ?? 0,
    spec: replicated('web', 4),
  });
  const after = await waitFor(async () => {
    const s = await serviceTasks(control, id);
    return s.wanted.length === 4 && s.running.length === 4 ? s : undefined;
  }, 'scaled down to 4');
  t.same(
    after.running.map((x) => x.slot).sort((a, b) => a - b),
    [1, 2, 3, 4],
    'the highest slots were removed',
  );
  await control.removeService(id);
  await waitFor(
    async () => (await serviceTasks(control, id)).wanted.length === 0,
    'tasks of the removed service stopped',
  );
});

t.test('a global service follows nodes; drain moves tasks off a node and back', async (t) => {
  const { service } = await control.createService({ spec: global('agentd') });
  const id = service?.id ?? '';
  await waitFor(
    async () => (await serviceTasks(control, id)).running.length === 6,
    'one global task per node',
  );
  const { service: web } = await control.createService({ spec: replicated('drainme', 6) });
  const webId = web?.id ?? '';
  await waitFor(async () => (await serviceTasks(control, webId)).running.length === 6, 'drainme running');

  const w1 = lab.nodes.find((n) => n.name === 'w1')?.daemon?.nodeId ?? '';
  const node = (await control.getNode(w1)).node;
  await control.updateNode({
    nodeId: w1,
    nodeVersion: node?.meta?.version ?? 0,
    spec: { ...node?.spec, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN },
  });
  await waitFor(async () => {
    const g = await serviceTasks(control, id);
    const r = await serviceTasks(control, webId);
    return (
      g.running.length === 5 &&
      !g.wanted.some((x) => x.nodeId === w1) &&
      r.running.length === 6 &&
      !r.wanted.some((x) => x.nodeId === w1)
    );
  }, 'w1 drained: its global task gone, its replicas running elsewhere');
  t.pass('drained');

  const drained = (await control.getNode(w1)).node;
  await control.updateNode({
    nodeId: w1,
    nodeVersion: drained?.meta?.version ?? 0,
    spec: { ...drained?.spec, availability: NodeAvailability.NODE_AVAILABILITY_ACTIVE },
  });
  await waitFor(
    async () => (await serviceTasks(control, id)).running.length === 6,
    'the global task is back on w1',
  );
  t.pass('active again');

  const tokens = (await control.getCluster()).cluster?.rootCa?.joinTokens;
  // Through a follower: its CA forwards the issuance (which writes the store) to the leader.
  const follower = lab.managers().find((n) => !n.daemon?.manager?.isLeader());
  const w4 = await lab.addNode('w4', { join: { addr: follower?.addr ?? '', token: tokens?.worker ?? '' } });
  const g = await waitFor(async () => {
    const s = await serviceTasks(control, id);
    return s.running.length === 7 ? s : undefined;
  }, 'a global task on the node that joined');
  t.ok(
    g.running.some((x) => x.nodeId === w4.daemon?.nodeId),
    'the new node runs the global service',
  );
  await control.removeService(id);
  await control.removeService(webId);
});

t.test('constraints and resource reservations decide placement', async (t) => {
  const { service } = await control.createService({
    spec: replicated('pinned', 3, {
      task: {
        container: { image: 'covey-test/busybox:1' },
        placement: { constraints: ['node.hostname==w2'] },
      },
    }),
  });
  const id = service?.id ?? '';
  const w2 = lab.nodes.find((n) => n.name === 'w2')?.daemon?.nodeId ?? '';
  const { running } = await waitFor(async () => {
    const s = await serviceTasks(control, id);
    return s.running.length === 3 ? s : undefined;
  }, 'pinned tasks running');
  t.ok(
    running.every((x) => x.nodeId === w2),
    'all on w2',
  );

  const { service: big } = await control.createService({
    spec: replicated('too-big', 1, {
      task: {
        container: { image: 'covey-test/busybox:1' },
        resources: { reservations: { memoryBytes: 64 * 1024 ** 3 } },
      },
    }),
  });
  const pending = await waitFor(async () => {
    const s = await serviceTasks(control, big?.id ?? '');
    const task = s.wanted[0];
    return task?.status?.state === TaskState.TASK_STATE_PENDING &&
      task.status.message.includes('no suitable node')
      ? task
      : undefined;
  }, 'the oversized task to stay PENDING with a reason');
  t.match(pending.status?.message, /insufficient memory/, `reason: ${pending.status?.message}`);
  await control.removeService(id);
  await control.removeService(big?.id ?? '');
});

t.test('writes through a follower reach the leader; reads are consistent there', async (t) => {
  const follower = lab.managers().find((n) => !n.daemon?.manager?.isLeader());
  t.ok(follower, 'a follower');
  const viaFollower = new ControlClient([follower?.addr ?? ''], lab.admin);
  t.teardown(() => viaFollower.close());
  const { service } = await viaFollower.createService({ spec: replicated('via-follower', 2) });
  const got = await viaFollower.getService(service?.id ?? '');
  t.equal(got.service?.spec?.annotations?.name, 'via-follower', 'read back at once through the follower');
  await waitFor(
    async () => (await serviceTasks(viaFollower, service?.id ?? '')).running.length === 2,
    'running',
  );
  await viaFollower.removeService(service?.id ?? '');
});

t.test('bad input gets a clear error and the daemons keep serving', async (t) => {
  await t.rejects(
    control.createService({
      spec: replicated('bad', 1, {
        task: { container: { image: 'x' }, resources: { limits: { memoryBytes: 1024 } } },
      }),
    }),
    { code: grpc.status.INVALID_ARGUMENT, details: /spec\.task\.resources\.limits\.memory/ },
    'a too-small memory limit names its field',
  );
  await t.rejects(control.createService({ spec: { annotations: { name: 'Bad Name!' } } }), {
    code: grpc.status.INVALID_ARGUMENT,
  });
  await t.rejects(control.getService('nosuchservice0000000000000'), {
    code: grpc.status.NOT_FOUND,
    details: /nosuchservice0000000000000/,
  });
  await control.createService({ spec: replicated('dup', 1) });
  await t.rejects(control.createService({ spec: replicated('dup', 1) }), {
    code: grpc.status.ALREADY_EXISTS,
  });
  const huge = 'x'.repeat(20 * 1024 * 1024);
  await t.rejects(control.createService({ spec: replicated(huge, 1) }), {
    code: grpc.status.RESOURCE_EXHAUSTED,
  });

  // Garbage on the port: plain bytes, then an HTTP/2 preface followed by junk.
  const { connect } = await import('node:net');
  for (const payload of [
    Buffer.from('GET / HTTP/1.1\r\n\r\n'),
    Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x04garbage'),
  ]) {
    await new Promise<void>((resolve) => {
      const port = Number(lab.leader()?.addr.split(':')[1]);
      const s = connect(port, '127.0.0.1', () => s.end(payload));
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
  }
  const { services } = await control.listServices();
  t.ok(services.length >= 1, 'the leader still answers');
});
