// ControlService over real gRPC with mTLS: who may call (admin and manager certificates; a worker
// is refused, a caller without a certificate is unauthenticated), tasks reads, and ServiceLogs from
// the log bus (tail per task, since, follow; UNAVAILABLE on a manager without a log plane).
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { EmbeddedLogBus } from '../../../bus/embedded-log-bus.ts';
import { channelCredentials, joinChannelCredentials } from '../../../pki/grpc-credentials.ts';
import { parseTrustAnchor } from '../../../pki/trust-anchor.ts';
import { LogStream } from '../../../proto/gen/covey/v1/LogStream.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { bundleFor, controlClient, startControlServer, testPki, unary } from './control-harness.ts';

const spec = { annotations: { name: 'web' }, task: { container: { image: 'nginx' } } };

function streamStatus(stream: grpc.ClientReadableStream<unknown>): Promise<grpc.StatusObject> {
  return new Promise((resolve) => {
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('status', resolve);
  });
}

t.test('a worker certificate is refused, every RPC', async (t) => {
  const server = await startControlServer(t);
  const worker = await controlClient(t, server.address, channelCredentials(await bundleFor('w-1', 'worker')));
  const denied = { code: grpc.status.PERMISSION_DENIED };
  await t.rejects(unary(worker, 'GetCluster', {}), denied);
  await t.rejects(unary(worker, 'ListServices', {}), denied);
  await t.rejects(unary(worker, 'CreateService', { spec }), denied);
  t.equal(server.store.count('service'), 0, 'the write never happened');
  t.equal(server.barriers, 0, 'authorization comes before the read barrier');
  const status = await streamStatus(worker.Events({}));
  t.equal(status.code, grpc.status.PERMISSION_DENIED, 'Events too');
});

t.test('no client certificate is unauthenticated', async (t) => {
  const server = await startControlServer(t);
  const pki = await testPki();
  const anonymous = await controlClient(
    t,
    server.address,
    joinChannelCredentials(parseTrustAnchor(pki.ca.certPem)),
  );
  await t.rejects(unary(anonymous, 'ListNodes', {}), {
    code: grpc.status.UNAUTHENTICATED,
    details: /needs a client certificate/,
  });
  await t.rejects(unary(anonymous, 'CreateService', { spec }), { code: grpc.status.UNAUTHENTICATED });
  const status = await streamStatus(anonymous.ServiceLogs({ serviceId: 'x' }));
  t.equal(status.code, grpc.status.UNAUTHENTICATED);
});

t.test('admin and manager certificates are served', async (t) => {
  const server = await startControlServer(t);
  const admin = await controlClient(t, server.address);
  const manager = await controlClient(
    t,
    server.address,
    channelCredentials(await bundleFor('mgr-2', 'manager')),
  );
  await unary(admin, 'CreateService', { spec });
  t.equal((await unary(manager, 'ListServices', {})).services.length, 1);
});

t.test('ServiceLogs without a log plane says so', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const status = await streamStatus(client.ServiceLogs({ serviceId: 'x', follow: true }));
  t.equal(status.code, grpc.status.UNAVAILABLE);
  t.equal(status.details, 'this manager has no log plane');
});

t.test('ServiceLogs reads the bus: tail per task, since, follow, and checks its request', async (t) => {
  const bus = new EmbeddedLogBus();
  const server = await startControlServer(t, { logBus: bus });
  const client = await controlClient(t, server.address);
  const created = await unary(client, 'CreateService', { spec });
  const serviceId = created.service?.id ?? '';
  const line = (taskId: string, ms: number, text: string) => ({
    context: { serviceId, nodeId: 'n1', taskId, slot: 1 },
    timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
    stream: LogStream.LOG_STREAM_STDOUT,
    data: Buffer.from(text),
  });
  await bus.publish([
    line('ta', 1000, 'a1'),
    line('tb', 1500, 'b1'),
    line('ta', 2000, 'a2'),
    line('ta', 3000, 'a3'),
  ]);
  const read = (req: object) =>
    new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      const call = client.ServiceLogs({ serviceId, ...req });
      call.on('data', (r: { messages: { data: Buffer }[] }) => {
        for (const m of r.messages) out.push(m.data.toString());
      });
      call.on('end', () => resolve(out));
      call.on('error', reject);
    });
  t.same((await read({})).sort(), ['a1', 'a2', 'a3', 'b1'], 'every retained line');
  t.same((await read({ tail: 1 })).sort(), ['a3', 'b1'], 'the last line of each task');
  t.same(await read({ taskIds: ['ta'], since: { seconds: 2, nanos: 0 } }), ['a2', 'a3']);
  t.same(await read({ tail: -1 }), [], 'tail 0 lines');

  // follow: past lines, then what is published later, until the client cancels.
  const call = client.ServiceLogs({ serviceId, taskIds: ['tb'], follow: true });
  const seen: string[] = [];
  const gotTwo = new Promise<void>((resolve) => {
    call.on('data', (r: { messages: { data: Buffer }[] }) => {
      for (const m of r.messages) seen.push(m.data.toString());
      if (seen.length >= 2) resolve();
    });
  });
  call.on('error', () => {});
  await bus.publish([line('tb', 4000, 'b2')]);
  await gotTwo;
  t.same(seen, ['b1', 'b2']);
  call.cancel();

  await t.rejects(read({ serviceId: 'nope' }), { code: grpc.status.NOT_FOUND });
  await t.rejects(read({ serviceId: '' }), { code: grpc.status.INVALID_ARGUMENT, details: /service_id/ });
});

t.test('tasks: get, list with filters and paging', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const task = (id: string, serviceId: string, nodeId: string, desiredState: TaskState__Output) => ({
    createTask: {
      id,
      serviceId,
      nodeId,
      desiredState,
      slot: 1,
      status: { state: TaskState.TASK_STATE_RUNNING },
    },
  });
  const R = TaskState.TASK_STATE_RUNNING;
  const S = TaskState.TASK_STATE_SHUTDOWN;
  await server.proposer.propose([
    task('t1', 's1', 'n1', R),
    task('t2', 's1', 'n2', S),
    task('t3', 's2', 'n1', R),
    task('t4', 's2', '', R),
    task('u5', 's3', 'n2', R),
  ]);
  t.equal((await unary(client, 'GetTask', { taskId: 't3' })).task?.serviceId, 's2');
  const ids = async (filters: object) =>
    (await unary(client, 'ListTasks', { filters })).tasks.map((x) => x.id);
  t.same(await ids({ serviceIds: ['s1', 's3'] }), ['t1', 't2', 'u5'], 'service ids');
  t.same(await ids({ nodeIds: ['n1'] }), ['t1', 't3'], 'node ids');
  t.same(await ids({ desiredStates: [S] }), ['t2'], 'desired states');
  t.same(await ids({ idPrefixes: ['u'] }), ['u5'], 'id prefixes');
  t.same(await ids({ serviceIds: ['s1', 's2'], nodeIds: ['n1'], desiredStates: [R] }), ['t1', 't3'], 'AND');
  const first = await unary(client, 'ListTasks', { pageSize: 3 });
  t.same(
    first.tasks.map((x) => x.id),
    ['t1', 't2', 't3'],
  );
  const second = await unary(client, 'ListTasks', { pageSize: 3, pageToken: first.nextPageToken });
  t.same(
    second.tasks.map((x) => x.id),
    ['t4', 'u5'],
  );
  t.equal(second.nextPageToken, '');
  await t.rejects(
    unary(client, 'ListTasks', { filters: { nodeIds: Array.from({ length: 101 }, () => 'n') } }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: 'filters.nodeIds: at most 100 entries, got 101',
    },
  );
});
