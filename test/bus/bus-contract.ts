// The one contract every bus keeps, registered against a factory: the embedded bus and the NATS
// JetStream bus run exactly these tests (test/bus/embedded-bus.test.ts, test/bus/nats-bus.test.ts).
import type { Test } from 'tap';
import {
  InvalidBusQueryError,
  InvalidClusterEventError,
  InvalidLogMessageError,
} from '../../bus/bus-errors.ts';
import type { EventBus } from '../../bus/event-bus.ts';
import type { LogBus } from '../../bus/log-bus.ts';
import { READ_BATCH_MAX_ITEMS } from '../../bus/read-batch.ts';
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../../proto/gen/covey/v1/LogStream.ts';
import { timestampFromMs } from '../../proto/time.ts';
import {
  BASE_MS,
  clusterEvent,
  drain,
  logLine,
  take,
  text,
  textsByTask,
  waitUntil,
  within,
} from './bus-test-kit.ts';

export interface BusUnderTest {
  readonly logs: LogBus;
  readonly events: EventBus;
  /** Reads that still hold something (readers, consumers); 0 once every read was released. */
  openReads(): Promise<number>;
}

/** A fresh, empty bus for one test (cleaned up by its own teardown), or undefined to skip it. */
export type BusFactory = (t: Test) => Promise<BusUnderTest | undefined>;

const { LOG_STREAM_STDOUT: STDOUT, LOG_STREAM_STDERR: STDERR } = LogStream;
const { EVENT_TYPE_SERVICE: SERVICE, EVENT_TYPE_TASK: TASK, EVENT_TYPE_NODE: NODE } = EventType;

const versions = (events: readonly ClusterEvent__Output[]) => events.map((e) => `${e.version}:${e.objectId}`);
const flat = <T>(batches: readonly T[][]): T[] => batches.flat();

/** Ten lines per task for tasks a, b, c, published interleaved in uneven batches. */
async function publishInterleaved(logs: LogBus, serviceId: string): Promise<void> {
  const lines: LogMessage[] = [];
  for (let i = 0; i < 10; i++) {
    for (const task of ['a', 'b', 'c']) {
      lines.push(logLine(serviceId, task, BASE_MS + i * 100, `${task}${i}`, i % 2 === 0 ? STDOUT : STDERR));
    }
  }
  for (const [from, to] of [
    [0, 7],
    [7, 8],
    [8, 19],
    [19, 30],
  ] as const) {
    await logs.publish(lines.slice(from, to));
  }
}

export function busContract(t: Test, factory: BusFactory): void {
  t.test('logs: a published batch reads back whole and a non-follow read ends', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13]);
    await bus.logs.publish([
      {
        ...logLine('svc', 'task1', BASE_MS, 'hello'),
        context: { serviceId: 'svc', taskId: 'task1', nodeId: 'n7', slot: 3 },
      },
      { ...logLine('svc', 'task1', BASE_MS + 1, ''), stream: STDERR, data: binary },
      // The other input shapes proto-loader accepts: enum names, 64-bit values as strings.
      {
        context: { serviceId: 'svc', taskId: 'task1', slot: '3' },
        timestamp: { seconds: String(BASE_MS / 1000 + 1), nanos: 5_000_000 },
        stream: 'LOG_STREAM_STDERR',
        data: Buffer.from('third'),
      },
    ]);
    const lines = flat(await drain(bus.logs.read({ serviceId: 'svc' })));
    t.equal(lines.length, 3);
    t.strictSame(lines[0]?.context, { serviceId: 'svc', taskId: 'task1', nodeId: 'n7', slot: 3 });
    t.strictSame(lines[0]?.timestamp, timestampFromMs(BASE_MS));
    t.equal(lines[0]?.stream, STDOUT);
    t.equal(text(lines[0]!), 'hello');
    t.equal(lines[1]?.stream, STDERR);
    t.ok(Buffer.isBuffer(lines[1]?.data), 'data comes back as a Buffer');
    t.strictSame([...(lines[1]?.data ?? [])], [...binary], 'bytes are kept exactly');
    t.strictSame(lines[2]?.context, { serviceId: 'svc', taskId: 'task1', nodeId: '', slot: 3 });
    t.strictSame(lines[2]?.timestamp, { seconds: BASE_MS / 1000 + 1, nanos: 5_000_000 });
    t.equal(lines[2]?.stream, STDERR);
    t.equal(await bus.openReads(), 0, 'an ended read holds nothing');
  });

  t.test('logs: lines of one task come back in timestamp order however the batch was ordered', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.logs.publish([
      logLine('svc', 't1', BASE_MS + 300, 'third'),
      logLine('svc', 't2', BASE_MS + 50, 'other'),
      logLine('svc', 't1', BASE_MS + 100, 'first'),
      logLine('svc', 't1', BASE_MS + 200, 'second', STDERR),
    ]);
    const byTask = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc' }))));
    t.strictSame(byTask, { t1: ['first', 'second', 'third'], t2: ['other'] });
  });

  t.test('logs: tail counts per task even when the tasks interleave', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await publishInterleaved(bus.logs, 'svc');
    await bus.logs.publish([logLine('svc', 'd', BASE_MS, 'd0'), logLine('svc', 'd', BASE_MS + 1, 'd1')]);
    const last3 = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc', tail: 3 }))));
    t.strictSame(last3, {
      a: ['a7', 'a8', 'a9'],
      b: ['b7', 'b8', 'b9'],
      c: ['c7', 'c8', 'c9'],
      d: ['d0', 'd1'],
    });
    const all = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc', tail: 0 }))));
    t.strictSame(
      all.a,
      Array.from({ length: 10 }, (_, i) => `a${i}`),
    );
    t.equal(Object.values(all).flat().length, 32, 'tail 0: every line');
    const none = await drain(bus.logs.read({ serviceId: 'svc', tail: -1 }));
    t.strictSame(none, [], 'a negative tail: no past lines');
    const one = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc', tail: 1, taskIds: ['b'] }))));
    t.strictSame(one, { b: ['b9'] });
  });

  t.test('logs: since keeps lines at or after the time, also under a tail', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await publishInterleaved(bus.logs, 'svc');
    const since = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc', sinceMs: BASE_MS + 700 }))));
    t.strictSame(since, { a: ['a7', 'a8', 'a9'], b: ['b7', 'b8', 'b9'], c: ['c7', 'c8', 'c9'] });
    const sinceTail = textsByTask(
      flat(await drain(bus.logs.read({ serviceId: 'svc', sinceMs: BASE_MS + 250, tail: 2, taskIds: ['a'] }))),
    );
    t.strictSame(sinceTail, { a: ['a8', 'a9'] });
    const future = await drain(bus.logs.read({ serviceId: 'svc', sinceMs: BASE_MS + 10_000 }));
    t.strictSame(future, []);
  });

  t.test('logs: a streams filter keeps only those streams', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await publishInterleaved(bus.logs, 'svc');
    const stderr = textsByTask(
      flat(await drain(bus.logs.read({ serviceId: 'svc', streams: [STDERR], taskIds: ['c'] }))),
    );
    t.strictSame(stderr, { c: ['c1', 'c3', 'c5', 'c7', 'c9'] });
    const tail = textsByTask(
      flat(await drain(bus.logs.read({ serviceId: 'svc', streams: [STDOUT], tail: 2 }))),
    );
    t.strictSame(
      tail,
      { a: ['a6', 'a8'], b: ['b6', 'b8'], c: ['c6', 'c8'] },
      'the tail counts the kept stream',
    );
    const both = flat(await drain(bus.logs.read({ serviceId: 'svc', streams: [STDOUT, STDERR] })));
    t.equal(both.length, 30);
  });

  t.test('logs: taskIds filter and service isolation', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await publishInterleaved(bus.logs, 'svc');
    await publishInterleaved(bus.logs, 'svc2');
    await bus.logs.publish([logLine('svc1', 'a', BASE_MS, 'svc1-a')]);
    const two = textsByTask(
      flat(await drain(bus.logs.read({ serviceId: 'svc', taskIds: ['a', 'c'], tail: 1 }))),
    );
    t.strictSame(two, { a: ['a9'], c: ['c9'] });
    const missing = await drain(bus.logs.read({ serviceId: 'svc', taskIds: ['nope'] }));
    t.strictSame(missing, []);
    const svc1 = flat(await drain(bus.logs.read({ serviceId: 'svc1' })));
    t.strictSame(svc1.map(text), ['svc1-a'], 'a service never sees another one, even with a common prefix');
    const svc = flat(await drain(bus.logs.read({ serviceId: 'svc' })));
    t.ok(
      svc.every((l) => l.context?.serviceId === 'svc'),
      'only lines of the service',
    );
    t.equal(svc.length, 30);
  });

  t.test('logs: follow delivers later lines; leaving the loop releases the read', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.logs.publish([logLine('svc', 'a', BASE_MS, 'old0'), logLine('svc', 'a', BASE_MS + 1, 'old1')]);
    const reader = bus.logs.read({ serviceId: 'svc', follow: true, tail: 1, streams: [STDOUT] });
    await reader.ready;
    t.strictSame((await take(reader, 1)).map(text), ['old1'], 'the tail first');
    await bus.logs.publish([
      logLine('svc', 'a', BASE_MS + 10, 'new0'),
      logLine('svc', 'a', BASE_MS + 11, 'err', STDERR),
      logLine('svc', 'b', BASE_MS + 12, 'new1'),
      logLine('other', 'a', BASE_MS + 13, 'other service'),
    ]);
    await bus.logs.publish([logLine('svc', 'a', BASE_MS + 14, 'new2')]);
    const fresh = await take(reader, 3);
    t.strictSame(fresh.map(text), ['new0', 'new1', 'new2'], 'only matching new lines, in publish order');
    let seen = 0;
    const loop = (async () => {
      for await (const batch of reader) {
        seen += batch.length;
        break;
      }
    })();
    await bus.logs.publish([logLine('svc', 'a', BASE_MS + 20, 'last')]);
    await within(loop, 10_000, 'break out of a follow read');
    t.equal(seen, 1);
    t.equal(await bus.openReads(), 0, 'break released the read');
    await bus.logs.publish([logLine('svc', 'a', BASE_MS + 30, 'after')]);
    t.strictSame(await reader.next(), { done: true, value: undefined }, 'a released read stays ended');
  });

  t.test('logs: a follow read without past sees only what is published after it is ready', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.logs.publish([logLine('svc', 'a', BASE_MS, 'before')]);
    const reader = bus.logs.read({ serviceId: 'svc', follow: true, tail: -1 });
    await reader.ready;
    await bus.logs.publish([logLine('svc', 'a', BASE_MS - 5_000, 'after, with an older timestamp')]);
    t.strictSame((await take(reader, 1)).map(text), ['after, with an older timestamp']);
    await reader.return();
    t.equal(await bus.openReads(), 0);
  });

  t.test('logs: an abort signal ends a follow read that is waiting', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const abort = new AbortController();
    const reader = bus.logs.read({ serviceId: 'svc', follow: true, signal: abort.signal });
    await reader.ready;
    const waiting = reader.next();
    abort.abort();
    t.strictSame(await within(waiting, 10_000, 'abort a waiting read'), { done: true, value: undefined });
    await waitUntil(async () => (await bus.openReads()) === 0, 5_000, 'the aborted read is released');
    const early = new AbortController();
    early.abort();
    const never = await drain(bus.logs.read({ serviceId: 'svc', follow: true, signal: early.signal }), 5_000);
    t.strictSame(never, [], 'an already aborted signal: the read ends at once');
  });

  t.test('logs: return() while a next() waits ends both', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const reader = bus.logs.read({ serviceId: 'svc', follow: true });
    await reader.ready;
    const waiting = reader.next();
    await within(reader.return(), 10_000, 'return a waiting read');
    t.strictSame(await within(waiting, 10_000, 'the waiting next'), { done: true, value: undefined });
    t.equal(await bus.openReads(), 0);
  });

  t.test('logs: reads of an empty bus end at once', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const started = Date.now();
    t.strictSame(await drain(bus.logs.read({ serviceId: 'svc' })), []);
    t.strictSame(await drain(bus.logs.read({ serviceId: 'svc', tail: 5, sinceMs: BASE_MS })), []);
    t.strictSame(await drain(bus.events.read({ sinceMs: 0 })), []);
    t.strictSame(await drain(bus.events.read({})), []);
    t.ok(Date.now() - started < 2_000, `four empty reads took ${Date.now() - started} ms`);
  });

  t.test('logs: 20,000 lines in one publish come back whole in bounded batches', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const lines: LogMessage[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(logLine('svc', `t${i % 4}`, BASE_MS + i, `line ${i}`));
    await bus.logs.publish(lines);
    const batches = await drain(bus.logs.read({ serviceId: 'svc' }), 30_000);
    t.ok(
      batches.every((b) => b.length > 0 && b.length <= READ_BATCH_MAX_ITEMS),
      'every batch holds 1 to 1000 lines',
    );
    const byTask = textsByTask(flat(batches));
    t.strictSame(Object.keys(byTask).sort(), ['t0', 't1', 't2', 't3']);
    for (const [task, texts] of Object.entries(byTask)) {
      const n = Number(task.slice(1));
      t.equal(texts.length, 5_000, `${task} has all its lines`);
      t.ok(
        texts.every((s, i) => s === `line ${n + 4 * i}`),
        `${task} in order`,
      );
    }
    const tail = textsByTask(flat(await drain(bus.logs.read({ serviceId: 'svc', tail: 2 }), 30_000)));
    t.strictSame(tail.t3, ['line 19995', 'line 19999']);
  });

  t.test('logs: a bad line refuses its whole batch; a bad query is refused', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const good = logLine('svc', 'a', BASE_MS, 'good');
    const cases: [string, LogMessage][] = [
      ['no context', { ...good, context: null }],
      ['no task id', { ...good, context: { serviceId: 'svc', taskId: '' } }],
      ['a dot in the task id', { ...good, context: { serviceId: 'svc', taskId: 'a.b' } }],
      ['a wildcard in the service id', { ...good, context: { serviceId: 's*', taskId: 'a' } }],
      ['no timestamp', { ...good, timestamp: null }],
      ['data over 16 KiB', { ...good, data: Buffer.alloc(16 * 1024 + 1) }],
      ['an unknown stream', { ...good, stream: 9 as never }],
    ];
    for (const [what, bad] of cases) {
      const err = await bus.logs.publish([good, bad]).then(
        () => undefined,
        (e: unknown) => e,
      );
      t.type(err, InvalidLogMessageError, what);
      t.equal((err as InvalidLogMessageError).index, 1, `${what}: at index 1`);
    }
    t.strictSame(
      await drain(bus.logs.read({ serviceId: 'svc' })),
      [],
      'nothing of a refused batch was stored',
    );
    await bus.logs.publish([{ ...good, data: Buffer.alloc(16 * 1024) }]);
    t.equal(
      flat(await drain(bus.logs.read({ serviceId: 'svc' })))[0]?.data.length,
      16 * 1024,
      '16 KiB exactly is fine',
    );
    t.throws(() => bus.logs.read({ serviceId: '' }), InvalidBusQueryError);
    t.throws(() => bus.logs.read({ serviceId: 'svc', taskIds: ['x>'] }), InvalidBusQueryError);
    t.throws(() => bus.logs.read({ serviceId: 'svc', tail: 1.5 }), InvalidBusQueryError);
    t.throws(() => bus.events.read({ types: [42 as never] }), InvalidBusQueryError);
    t.equal(await bus.openReads(), 0);
  });

  t.test('events: ordered by version, each change once however many managers publish it', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const e = (version: number, id: string) => clusterEvent(version, TASK, id, BASE_MS + version);
    // One manager's batch in any order; a second manager publishes the same changes again.
    await bus.events.publish([e(3, 't1'), e(1, 't1'), e(2, 't1'), e(2, 't2')]);
    await bus.events.publish([e(1, 't1'), e(2, 't1'), e(2, 't2'), e(3, 't1'), e(4, 't1')]);
    await bus.events.publish([e(4, 't1'), e(5, 't3')]);
    const events = flat(await drain(bus.events.read({ sinceMs: BASE_MS })));
    t.strictSame(versions(events), ['1:t1', '2:t1', '2:t2', '3:t1', '4:t1', '5:t3']);
    t.strictSame(events[0]?.attributes, { name: 'obj-t1' });
    t.equal(events[0]?.type, TASK);
    t.strictSame(events[0]?.time, timestampFromMs(BASE_MS + 1));
    // The same version and id but another type is another change.
    await bus.events.publish([clusterEvent(1, NODE, 't1', BASE_MS + 1)]);
    const again = flat(await drain(bus.events.read({ sinceMs: BASE_MS })));
    t.equal(again.length, 7);
  });

  t.test('events: since, until and types', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.events.publish([
      clusterEvent(1, SERVICE, 's1', BASE_MS + 100),
      clusterEvent(2, TASK, 't1', BASE_MS + 200),
      clusterEvent(3, NODE, 'n1', BASE_MS + 300),
      clusterEvent(4, TASK, 't2', BASE_MS + 400),
      clusterEvent(5, SERVICE, 's1', BASE_MS + 500),
    ]);
    const read = async (q: Parameters<EventBus['read']>[0]) =>
      versions(flat(await drain(bus.events.read(q))));
    t.strictSame(await read({ sinceMs: BASE_MS + 200 }), ['2:t1', '3:n1', '4:t2', '5:s1']);
    t.strictSame(await read({ sinceMs: BASE_MS, untilMs: BASE_MS + 300 }), ['1:s1', '2:t1', '3:n1']);
    t.strictSame(await read({ sinceMs: BASE_MS, types: [TASK] }), ['2:t1', '4:t2']);
    t.strictSame(await read({ sinceMs: BASE_MS, types: [TASK, SERVICE] }), ['1:s1', '2:t1', '4:t2', '5:s1']);
    t.strictSame(await read({ sinceMs: BASE_MS + 150, untilMs: BASE_MS + 450, types: [SERVICE, NODE] }), [
      '3:n1',
    ]);
    t.strictSame(await read({}), [], 'no since: only new events, and a non-follow read has none');
  });

  t.test('events: a follow read without since gets only new events, each once', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.events.publish([clusterEvent(1, TASK, 't1', BASE_MS)]);
    const reader = bus.events.read({ follow: true, types: [TASK] });
    await reader.ready;
    await bus.events.publish([
      clusterEvent(1, TASK, 't1', BASE_MS),
      clusterEvent(2, NODE, 'n1', BASE_MS),
      clusterEvent(3, TASK, 't1', BASE_MS),
    ]);
    await bus.events.publish([clusterEvent(3, TASK, 't1', BASE_MS), clusterEvent(4, TASK, 't2', BASE_MS)]);
    t.strictSame(versions(await take(reader, 2)), ['3:t1', '4:t2']);
    await reader.return();
    t.equal(await bus.openReads(), 0);
  });

  t.test('events: a follow read with since starts with the past, and ends at until', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    await bus.events.publish([
      clusterEvent(1, TASK, 't1', BASE_MS),
      clusterEvent(2, TASK, 't2', BASE_MS + 1),
    ]);
    const reader = bus.events.read({ follow: true, sinceMs: BASE_MS + 1, untilMs: Date.now() + 60_000 });
    await reader.ready;
    t.strictSame(versions(await take(reader, 1)), ['2:t2'], 'the past first');
    await bus.events.publish([clusterEvent(3, TASK, 't3', Date.now())]);
    t.strictSame(versions(await take(reader, 1)), ['3:t3'], 'then new events');
    await reader.return();
    const until = Date.now() + 300;
    const ending = bus.events.read({ follow: true, sinceMs: BASE_MS, untilMs: until });
    const all = await drain(ending, 10_000);
    t.ok(Date.now() >= until, 'the read ended by itself once the clock passed until');
    t.strictSame(versions(all.flat()), ['1:t1', '2:t2', '3:t3']);
    await bus.events.publish([clusterEvent(4, TASK, 't4', until + 1)]);
    t.strictSame(
      versions((await drain(bus.events.read({ sinceMs: BASE_MS, untilMs: until }))).flat()),
      ['1:t1', '2:t2', '3:t3'],
      'an event after until is not delivered',
    );
    t.equal(await bus.openReads(), 0);
  });

  t.test('events: a bad event refuses its whole batch', async (t) => {
    const bus = await factory(t);
    if (bus === undefined) return;
    const good = clusterEvent(1, TASK, 't1', BASE_MS);
    await t.rejects(bus.events.publish([good, { ...good, objectId: '' }]), InvalidClusterEventError);
    await t.rejects(bus.events.publish([good, { ...good, objectId: 'a.b' }]), InvalidClusterEventError);
    await t.rejects(bus.events.publish([good, { ...good, version: -1 }]), InvalidClusterEventError);
    await t.rejects(bus.events.publish([{ ...good, type: 17 as never }]), InvalidClusterEventError);
    t.strictSame(await drain(bus.events.read({ sinceMs: 0 })), [], 'nothing of a refused batch was stored');
  });
}
