// The NATS JetStream bus against a real server: the bus contract, then what only a shared server
// shows — a stopped node's logs survive it, garbage on a subject is skipped and counted, streams are
// ensured idempotently, close() ends open reads. Every test uses its own prefix and streams and
// deletes them.
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { BusClosedError, BusPublishError, BusReadError, NatsConnectError } from '../../bus/bus-errors.ts';
import { NatsBus, type NatsBusOptions } from '../../bus/nats-bus.ts';
import type { BusStreamNames } from '../../bus/nats-streams.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import { requireNats } from '../fixtures/requirements.ts';
import { busContract } from './bus-contract.ts';
import { BASE_MS, clusterEvent, drain, logLine, requirer, take, text } from './bus-test-kit.ts';

const silent = pino({ level: process.env.BUS_TEST_LOG ?? 'silent' });
let serial = 0;

/** A prefix (and so stream names) no other test or run uses. */
const uniquePrefix = () => `covey-test-${process.pid}-${++serial}-${randomBytes(3).toString('hex')}`;

/** An admin connection for the test's own checks and teardown; closed at the end of the test. */
async function admin(t: Test, url: string): Promise<NatsConnection> {
  const nc = await connect({ servers: url, reconnect: false });
  t.teardown(() => nc.close());
  return nc;
}

async function deleteStreams(url: string, streams: BusStreamNames): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const jsm = await nc.jetstreamManager();
    for (const name of [streams.logs, streams.events]) await jsm.streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** A connected bus whose streams (and connection) the test's teardown removes. */
async function openBus(t: Test, url: string, options: Partial<NatsBusOptions> = {}): Promise<NatsBus> {
  const prefix = options.prefix ?? uniquePrefix();
  const bus = await NatsBus.connect({
    servers: [url],
    name: `covey-bus-test-${serial}`,
    logger: silent,
    prefix,
    // Short fetches: a read that waits out a fetch shows up in the run time, not just in production.
    readTuning: { fetchExpiresMs: 2_000 },
    ...options,
  });
  t.teardown(async () => {
    await bus.close();
    await deleteStreams(url, bus.streams);
  });
  return bus;
}

async function consumerCount(nc: NatsConnection, streams: BusStreamNames): Promise<number> {
  const jsm = await nc.jetstreamManager();
  let n = 0;
  for (const name of [streams.logs, streams.events]) n += (await jsm.consumers.list(name).next()).length;
  return n;
}

t.test('contract', async (t) => {
  busContract(t, async (t) => {
    const url = await requireNats(requirer(t));
    if (url === undefined) return undefined;
    const bus = await openBus(t, url);
    const nc = await admin(t, url);
    return {
      logs: bus.logs,
      events: bus.events,
      openReads: async () =>
        bus.logs.openReaders + bus.events.openReaders + (await consumerCount(nc, bus.streams)),
    };
  });
});

t.test("a stopped node's logs survive it", async (t) => {
  const url = await requireNats(requirer(t));
  if (url === undefined) return;
  const prefix = uniquePrefix();
  const agent = await openBus(t, url, { prefix });
  await agent.logs.publish([logLine('svc', 'task1', BASE_MS, 'written by a node that stops')]);
  await agent.events.publish([clusterEvent(7, EventType.EVENT_TYPE_TASK, 'task1', BASE_MS)]);
  await agent.close();
  await t.rejects(
    agent.logs.publish([logLine('svc', 'task1', BASE_MS, 'too late')]),
    BusClosedError,
    'a closed bus refuses to publish',
  );
  t.throws(() => agent.logs.read({ serviceId: 'svc' }), BusClosedError);
  const manager = await openBus(t, url, { prefix });
  const lines = (await drain(manager.logs.read({ serviceId: 'svc' }))).flat();
  t.strictSame(lines.map(text), ['written by a node that stops']);
  const events = (await drain(manager.events.read({ sinceMs: BASE_MS }))).flat();
  t.strictSame(
    events.map((e) => e.version),
    [7],
  );
});

t.test('garbage on a bus subject is skipped, counted and logged, never a crash', async (t) => {
  const url = await requireNats(requirer(t));
  if (url === undefined) return;
  const records: { msg?: string; subject?: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => records.push(JSON.parse(line)) });
  const prefix = uniquePrefix();
  const bus = await openBus(t, url, { prefix, logger });
  const nc = await admin(t, url);
  const js = nc.jetstream();
  await bus.logs.publish([logLine('svc', 'a', BASE_MS, 'before')]);
  await js.publish(
    `${prefix}.logs.svc.a`,
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
  );
  await js.publish(`${prefix}.logs.svc.a`, Buffer.from('plain text, not protobuf'));
  await js.publish(`${prefix}.logs.svc.a`, new Uint8Array(0));
  await js.publish(`${prefix}.events.task.t1`, Buffer.from('{"version": 1}'));
  await bus.logs.publish([logLine('svc', 'a', BASE_MS + 1, 'after')]);
  await bus.events.publish([clusterEvent(2, EventType.EVENT_TYPE_TASK, 't1', BASE_MS)]);
  const lines = (await drain(bus.logs.read({ serviceId: 'svc' }))).flat();
  t.strictSame(lines.map(text), ['before', 'after']);
  t.equal(bus.logs.malformedSkipped, 3);
  const events = (await drain(bus.events.read({ sinceMs: 0 }))).flat();
  t.strictSame(
    events.map((e) => e.version),
    [2],
  );
  t.equal(bus.events.malformedSkipped, 1);
  const follow = bus.logs.read({ serviceId: 'svc', follow: true, tail: -1 });
  await follow.ready;
  await js.publish(`${prefix}.logs.svc.a`, Buffer.from([0x0a, 0xff]));
  await bus.logs.publish([logLine('svc', 'a', BASE_MS + 2, 'still following')]);
  t.strictSame((await take(follow, 1)).map(text), ['still following']);
  await follow.return();
  t.equal(bus.logs.malformedSkipped, 4);
  const skipped = records.filter((r) => r.msg?.startsWith('bus: skipping'));
  t.equal(skipped.length, 5, 'each skipped message is logged');
  t.equal(skipped[0]?.subject, `${prefix}.logs.svc.a`);
});

t.test('streams are created once and brought up to date at connect', async (t) => {
  const url = await requireNats(requirer(t));
  if (url === undefined) return;
  const prefix = uniquePrefix();
  const first = await openBus(t, url, { prefix });
  const nc = await admin(t, url);
  const jsm = await nc.jetstreamManager();
  const logs = (await jsm.streams.info(first.streams.logs)).config;
  t.strictSame(logs.subjects, [`${prefix}.logs.>`]);
  t.equal(logs.max_msgs_per_subject, 10_000);
  t.equal(logs.max_bytes, 1024 * 1024 * 1024);
  t.equal(logs.max_age, 7 * 24 * 3600 * 1e9);
  const events = (await jsm.streams.info(first.streams.events)).config;
  t.equal(events.max_age, 24 * 3600 * 1e9);
  t.equal(events.duplicate_window, 120 * 1e9);
  await first.logs.publish([logLine('svc', 'a', BASE_MS, 'kept')]);
  // A second daemon with other limits: the stream is updated, never recreated (the line stays).
  await openBus(t, url, { prefix, limits: { logsMaxMsgsPerSubject: 50 } });
  t.equal((await jsm.streams.info(first.streams.logs)).config.max_msgs_per_subject, 50);
  t.equal((await jsm.streams.info(first.streams.logs)).state.messages, 1);
  const reader = await openBus(t, url, { prefix, ensureStreams: false });
  t.equal(
    (await jsm.streams.info(first.streams.logs)).config.max_msgs_per_subject,
    50,
    'ensureStreams false',
  );
  t.strictSame((await drain(reader.logs.read({ serviceId: 'svc' }))).flat().map(text), ['kept']);
});

t.test('close() ends open follow reads and deletes their consumers', async (t) => {
  const url = await requireNats(requirer(t));
  if (url === undefined) return;
  const bus = await openBus(t, url);
  const nc = await admin(t, url);
  const logs = bus.logs.read({ serviceId: 'svc', follow: true });
  const events = bus.events.read({ follow: true });
  await Promise.all([logs.ready, events.ready]);
  t.equal(await consumerCount(nc, bus.streams), 2);
  const waiting = logs.next();
  await bus.close();
  t.strictSame(await waiting, { done: true, value: undefined });
  t.strictSame(await events.next(), { done: true, value: undefined });
  t.equal(await consumerCount(nc, bus.streams), 0);
});

t.test('a read whose stream is gone is BusReadError, from ready and from next()', async (t) => {
  const url = await requireNats(requirer(t));
  if (url === undefined) return;
  const bus = await openBus(t, url);
  const nc = await admin(t, url);
  await (await nc.jetstreamManager()).streams.delete(bus.streams.logs);
  const reader = bus.logs.read({ serviceId: 'svc' });
  await t.rejects(reader.ready, BusReadError);
  await t.rejects(reader.next(), BusReadError);
  t.strictSame(await reader.next(), { done: true, value: undefined }, 'and then it is over');
  t.equal(bus.logs.openReaders, 0);
  await t.rejects(bus.logs.publish([logLine('svc', 'a', BASE_MS, 'x')]), BusPublishError, 'publishing too');
});

t.test('no server at the address is NatsConnectError', async (t) => {
  await t.rejects(
    NatsBus.connect({ servers: ['nats://127.0.0.1:1'], logger: silent, connectTimeoutMs: 1_000 }),
    NatsConnectError,
  );
});
