// The Events stream: over real gRPC (create event with its object, cancellation closing the watch,
// filters, one message per batch, the CA key never sent, since/until, shutdown), and with a fake
// call for the ends a real client cannot provoke deterministically (slow reader, store restore).
import { EventEmitter, once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import t from 'tap';
import { EmbeddedEventBus } from '../../../bus/embedded-event-bus.ts';
import type { ControlContext } from '../../../manager/controlapi/control-context.ts';
import { type EventsCall, EventStreams } from '../../../manager/controlapi/control-events.ts';
import { EventPublisher } from '../../../manager/event-publisher.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { ClusterEvent__Output } from '../../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../../proto/gen/covey/v1/EventAction.ts';
import type { EventsRequest, EventsRequest__Output } from '../../../proto/gen/covey/v1/EventsRequest.ts';
import type { EventsResponse__Output } from '../../../proto/gen/covey/v1/EventsResponse.ts';
import { EventType } from '../../../proto/gen/covey/v1/EventType.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { ControlServiceClient } from '../../../proto/gen/covey/v1/ControlService.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { controlClient, startControlServer, unary } from './control-harness.ts';

const spec = (name: string) => ({ annotations: { name }, task: { container: { image: 'nginx' } } });

/** The status a stream ends with (events.once would reject on the 'error' that precedes it). */
function finalStatus(stream: grpc.ClientReadableStream<unknown>): Promise<grpc.StatusObject> {
  stream.on('error', () => {});
  return new Promise((resolve) => stream.on('status', resolve));
}

/** Opens a stream and resolves once the server's watch is in place (it sends headers then). */
async function subscribe(client: ControlServiceClient, request: EventsRequest) {
  const stream = client.Events(request);
  const status = new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
  stream.on('error', () => {});
  const events: ClusterEvent__Output[] = [];
  const messages: EventsResponse__Output[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  stream.on('data', (m: EventsResponse__Output) => {
    messages.push(m);
    events.push(...m.events);
    if (waiter !== undefined && events.length >= waiter.n) waiter.resolve();
  });
  await Promise.race([once(stream, 'metadata'), status]);
  return {
    stream,
    status,
    events,
    messages,
    /** Resolves once `n` events in all have arrived. */
    until: (n: number) =>
      events.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })),
  };
}

t.test('a service create arrives as an event; cancelling closes the watch', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const sub = await subscribe(client, { includeObjects: true });
  t.equal(server.service.openEventStreams, 1);
  const { service } = await unary(client, 'CreateService', { spec: spec('web') });
  await sub.until(1);
  const [event] = sub.events;
  t.match(event, {
    type: EventType.EVENT_TYPE_SERVICE,
    action: EventAction.EVENT_ACTION_CREATE,
    objectId: service?.id,
    version: service?.meta?.version,
    time: service?.meta?.updatedAt,
    attributes: { name: 'web' },
    object: 'service',
  });
  t.same(event?.service, service, 'include_objects sends the object');

  sub.stream.cancel();
  await server.logs.waitFor((r) => r.msg === 'event stream ended' && r.reason === 'cancelled');
  t.equal(server.service.openEventStreams, 0, 'the stream and its watch are gone');
  t.equal((await sub.status).code, grpc.status.CANCELLED);
});

t.test('filters: services (and their tasks), types, actions; one message per batch', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const a = (await unary(client, 'CreateService', { spec: spec('a') })).service;
  const b = (await unary(client, 'CreateService', { spec: spec('b') })).service;
  const byService = await subscribe(client, { serviceIds: [a?.id ?? ''] });
  const removals = await subscribe(client, {
    types: [EventType.EVENT_TYPE_TASK],
    actions: [EventAction.EVENT_ACTION_REMOVE],
  });

  const task = (id: string, serviceId: string) => ({
    id,
    serviceId,
    slot: 1,
    nodeId: 'n1',
    serviceAnnotations: { name: serviceId === a?.id ? 'a' : 'b' },
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: { state: TaskState.TASK_STATE_PENDING },
  });
  await server.proposer.propose([{ createTask: task('tb', b?.id ?? '') }]);
  await server.proposer.propose([
    { createTask: task('ta1', a?.id ?? '') },
    { createTask: task('ta2', a?.id ?? '') },
  ]);
  await byService.until(2);
  await server.proposer.propose([{ deleteTask: task('ta1', a?.id ?? '') }]);

  await byService.until(3);
  t.same(
    byService.events.map((e) => [e.objectId, e.action]),
    [
      ['ta1', EventAction.EVENT_ACTION_CREATE],
      ['ta2', EventAction.EVENT_ACTION_CREATE],
      ['ta1', EventAction.EVENT_ACTION_REMOVE],
    ],
    "only service a's tasks, in order",
  );
  t.same(
    byService.messages.map((m) => m.events.length),
    [2, 1],
    'the two changes of one batch travel in one message (and tb, before them, never)',
  );
  t.match(byService.events[0]?.attributes, {
    name: 'a.1',
    'service.id': a?.id,
    'node.id': 'n1',
    'state.new': 'pending',
  });
  t.equal(byService.events[0]?.object, undefined, 'no object without include_objects');

  await removals.until(1);
  t.same(
    removals.events.map((e) => e.objectId),
    ['ta1'],
    'types and actions select task removals',
  );
});

t.test('a cluster event never carries the CA key', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const sub = await subscribe(client, { includeObjects: true, types: [EventType.EVENT_TYPE_CLUSTER] });
  await server.proposer.propose([
    {
      createCluster: {
        id: 'c1',
        spec: { annotations: { name: 'default' } },
        rootCa: {
          caCert: Buffer.from('cert'),
          caKey: Buffer.from('KEY'),
          joinTokens: { worker: 'w', manager: 'm' },
        },
      },
    },
  ]);
  await sub.until(1);
  t.equal(sub.events[0]?.cluster?.rootCa?.caKey.length, 0);
  t.equal(sub.events[0]?.cluster?.rootCa?.joinTokens?.worker, 'w');
  t.equal(sub.events[0]?.attributes.name, 'default');
});

t.test('since and until', async (t) => {
  let clock = 1_700_000_000_000;
  const server = await startControlServer(t, { now: () => clock });
  const client = await controlClient(t, server.address);

  const pastStatus = await finalStatus(client.Events({ since: timestampFromMs(clock - 60_000) }));
  t.equal(pastStatus.code, grpc.status.INVALID_ARGUMENT);
  t.match(pastStatus.details, /^since: past events are not retained/);

  const over = client.Events({ until: timestampFromMs(clock - 1) });
  over.on('data', () => t.fail('no event after until'));
  const overStatus = await finalStatus(over);
  t.equal(overStatus.code, grpc.status.OK, 'until already passed: the stream ends at once');

  const sub = await subscribe(client, {
    since: timestampFromMs(clock),
    until: timestampFromMs(clock + 60_000),
  });
  await unary(client, 'CreateService', { spec: spec('early') });
  await sub.until(1);
  clock += 120_000;
  await unary(client, 'CreateService', { spec: spec('late') });
  t.equal((await sub.status).code, grpc.status.OK, 'an event past until ends the stream');
  t.same(
    sub.events.map((e) => e.attributes.name),
    ['early'],
  );
});

t.test('closing the control API ends open streams with UNAVAILABLE', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const sub = await subscribe(client, {});
  server.service.close();
  const status = await sub.status;
  t.equal(status.code, grpc.status.UNAVAILABLE);
  t.match(status.details, /shutting down/);
});

/** Just enough of a grpc-js server stream; writes complete only when the test says so. */
class FakeEventsCall extends EventEmitter {
  cancelled = false;
  readonly written: EventsResponse__Output[] = [];
  readonly pendingCallbacks: (() => void)[] = [];
  ended = false;
  readonly request: EventsRequest__Output = {
    since: null,
    until: null,
    types: [],
    actions: [],
    serviceIds: [],
    nodeIds: [],
    includeObjects: false,
  };
  sendMetadata(): void {}
  write(message: EventsResponse__Output, callback: () => void): boolean {
    this.written.push(message);
    this.pendingCallbacks.push(callback);
    this.emit('written');
    return false;
  }
  end(): void {
    this.ended = true;
  }
}

function fakeContext(store: MemoryStore): ControlContext {
  return {
    store,
    proposer: new DirectProposer(store, () => 1_700_000_000_000),
    readBarrier: async () => {},
    raftMembers: () => ({ voters: [], reachable: new Set() }),
    newJoinToken: () => '',
    now: () => 1_700_000_000_000,
    newId: () => 'x',
  };
}

t.test('a client that stops reading is cut off with RESOURCE_EXHAUSTED', async (t) => {
  const store = new MemoryStore();
  const ctx = fakeContext(store);
  const streams = new EventStreams(ctx, pino({ level: 'silent' }), undefined, 3);
  const call = new FakeEventsCall();
  const error = once(call, 'error');
  const served = streams.serve(call as unknown as EventsCall);
  const services = Array.from({ length: 4 }, (_, i) => ({
    createService: { id: `s${i}`, spec: spec(`s${i}`) },
  }));
  const written = once(call, 'written');
  await ctx.proposer.propose(services);
  await written;
  t.equal(streams.size, 1, 'a burst larger than the limit is written: nothing was held before it');
  await ctx.proposer.propose(
    services.map((s, i) => ({ createService: { ...s.createService, id: `t${i}`, spec: spec(`t${i}`) } })),
  );
  const [err] = (await error) as [grpc.StatusObject];
  await served;
  t.equal(err.code, grpc.status.RESOURCE_EXHAUSTED);
  t.match(err.details, /fell more than 3 events behind/);
  t.same(
    call.written.map((m) => m.events.length),
    [4],
    'the next events find 4 still held: the stream ends instead of writing them',
  );
  t.equal(streams.size, 0);
});

t.test('a store restored from a snapshot ends the stream with ABORTED', async (t) => {
  const store = new MemoryStore();
  const streams = new EventStreams(fakeContext(store), pino({ level: 'silent' }));
  const call = new FakeEventsCall();
  const error = once(call, 'error');
  const served = streams.serve(call as unknown as EventsCall);
  store.reset();
  const [err] = (await error) as [grpc.StatusObject];
  await served;
  t.equal(err.code, grpc.status.ABORTED);
  t.match(err.details, /^event stream ended: store was restored/);
});

t.test('a past since reads the event bus: history first, filtered, then new events', async (t) => {
  const eventBus = new EmbeddedEventBus();
  const server = await startControlServer(t, { eventBus });
  const publisher = new EventPublisher(server.store, eventBus, pino({ level: 'silent' }));
  publisher.start();
  t.teardown(() => publisher.stop());
  const client = await controlClient(t, server.address);
  const { service: web } = await unary(client, 'CreateService', { spec: spec('web') });
  await unary(client, 'CreateService', { spec: spec('db') });
  await new Promise((resolve) => setImmediate(resolve));

  const sub = await subscribe(client, {
    since: timestampFromMs(Date.now() - 60_000),
    types: [EventType.EVENT_TYPE_SERVICE],
    serviceIds: [web?.id ?? ''],
  });
  await sub.until(1);
  t.match(sub.events[0], {
    type: EventType.EVENT_TYPE_SERVICE,
    objectId: web?.id,
    attributes: { name: 'web' },
  });
  t.notOk(sub.events[0]?.service, 'no object unless asked for');

  await unary(client, 'UpdateService', {
    serviceId: web?.id ?? '',
    serviceVersion: web?.meta?.version ?? 0,
    spec: { ...spec('web'), annotations: { name: 'web', labels: { v: '2' } } },
  });
  await sub.until(2);
  t.match(sub.events[1], { action: EventAction.EVENT_ACTION_UPDATE, objectId: web?.id });
  t.equal(sub.events.length, 2, 'the other service is filtered out');
  sub.stream.cancel();
});
