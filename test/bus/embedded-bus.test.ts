// The embedded (in-process) bus: the bus contract, then its own bounds — lines and bytes per task,
// the total across tasks taken from the least recently written tasks first, the event ring by
// count and by age.
import t from 'tap';
import { EmbeddedEventBus } from '../../bus/embedded-event-bus.ts';
import { EmbeddedLogBus } from '../../bus/embedded-log-bus.ts';
import { logLineSize } from '../../bus/log-line.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import { busContract } from './bus-contract.ts';
import { BASE_MS, clusterEvent, drain, logLine, take, textsByTask } from './bus-test-kit.ts';

t.test('contract', async (t) => {
  busContract(t, async () => {
    const logs = new EmbeddedLogBus();
    const events = new EmbeddedEventBus();
    return { logs, events, openReads: async () => logs.openReaders + events.openReaders };
  });
});

const lines = (taskId: string, n: number, from = 0, size = 10): LogMessage[] =>
  Array.from({ length: n }, (_, i) =>
    logLine('svc', taskId, BASE_MS + from + i, `${taskId}${from + i}`.padEnd(size, '.')),
  );

/** What one test line of `size` data bytes counts against the bounds. */
const cost = (size: number, taskId = 'abc') =>
  logLineSize({
    context: { serviceId: 'svc', taskId, nodeId: 'node1', slot: 1 },
    timestamp: null,
    stream: 1,
    data: Buffer.alloc(size),
  });

const texts = async (bus: EmbeddedLogBus, taskIds?: string[]) =>
  textsByTask((await drain(bus.read({ serviceId: 'svc', taskIds }))).flat());

t.test('a task keeps its last maxLinesPerTask lines', async (t) => {
  const bus = new EmbeddedLogBus({ maxLinesPerTask: 5 });
  await bus.publish(lines('a', 3));
  await bus.publish(lines('a', 4, 3));
  await bus.publish(lines('b', 2));
  const kept = await texts(bus);
  t.strictSame(
    kept.a?.map((s) => s.replace(/\.+$/, '')),
    ['a2', 'a3', 'a4', 'a5', 'a6'],
  );
  t.equal(kept.b?.length, 2, 'another task is not touched');
  t.equal(bus.usage.lines, 7);
});

t.test('a task keeps at most maxBytesPerTask bytes', async (t) => {
  const bus = new EmbeddedLogBus({ maxBytesPerTask: cost(100, 'a') * 3 });
  await bus.publish(lines('a', 5, 0, 100));
  const kept = await texts(bus);
  t.equal(kept.a?.length, 3);
  t.match(kept.a?.[0], /^a2/);
  t.equal(bus.usage.bytes, cost(100, 'a') * 3);
});

t.test('the total bound takes lines from the least recently written tasks first', async (t) => {
  const bus = new EmbeddedLogBus({ maxTotalBytes: cost(10) * 10 });
  await bus.publish(lines('old', 4));
  await bus.publish(lines('mid', 4));
  await bus.publish(lines('new', 4));
  let kept = await texts(bus);
  t.equal(kept.old?.length, 2, 'the oldest task lost its two oldest lines');
  t.match(kept.old?.[0], /^old2/);
  t.equal(kept.mid?.length, 4);
  t.equal(kept.new?.length, 4);
  // Writing to the oldest task makes it the most recent: now 'mid' is the least recently written.
  await bus.publish(lines('old', 3, 10));
  kept = await texts(bus);
  t.equal(kept.mid?.length, 1);
  t.equal(kept.new?.length, 4);
  t.equal(kept.old?.length, 5);
  t.equal(bus.usage.bytes, cost(10) * 10);
  // A task whose lines are all gone is forgotten.
  await bus.publish(lines('new', 2, 100));
  kept = await texts(bus);
  t.equal(kept.mid, undefined);
  t.equal(kept.old?.length, 4);
  t.equal(bus.usage.tasks, 2);
  t.ok(bus.usage.bytes <= cost(10) * 10);
});

t.test('a follow read does not deliver what was evicted before it looked', async (t) => {
  const bus = new EmbeddedLogBus({ maxLinesPerTask: 2 });
  const reader = bus.read({ serviceId: 'svc', follow: true, tail: -1 });
  await reader.ready;
  await bus.publish(lines('a', 5));
  const got = textsByTask(await take(reader, 2));
  t.strictSame(
    got.a?.map((s) => s.replace(/\.+$/, '')),
    ['a3', 'a4'],
  );
  await reader.return();
  t.equal(bus.openReaders, 0);
});

t.test('the event ring keeps the last maxEvents and forgets their keys', async (t) => {
  const bus = new EmbeddedEventBus({ maxEvents: 3 });
  for (let v = 1; v <= 5; v++) await bus.publish([clusterEvent(v, EventType.EVENT_TYPE_TASK, 't', BASE_MS)]);
  t.equal(bus.size, 3);
  const kept = (await drain(bus.read({ sinceMs: 0 }))).flat().map((e) => e.version);
  t.strictSame(kept, [3, 4, 5]);
  // Version 1 was evicted, so it is new again; version 5 is still kept, so a repeat is dropped.
  await bus.publish([
    clusterEvent(1, EventType.EVENT_TYPE_TASK, 't', BASE_MS),
    clusterEvent(5, EventType.EVENT_TYPE_TASK, 't', BASE_MS),
  ]);
  t.strictSame(
    (await drain(bus.read({ sinceMs: 0 }))).flat().map((e) => e.version),
    [1, 4, 5],
  );
});

t.test('events older than maxAgeMs are dropped', async (t) => {
  let now = 1_000_000;
  const bus = new EmbeddedEventBus({ maxAgeMs: 60_000, now: () => now });
  await bus.publish([clusterEvent(1, EventType.EVENT_TYPE_NODE, 'n', BASE_MS)]);
  now += 30_000;
  await bus.publish([clusterEvent(2, EventType.EVENT_TYPE_NODE, 'n', BASE_MS)]);
  now += 40_000;
  t.equal(bus.size, 1);
  t.strictSame(
    (await drain(bus.read({ sinceMs: 0 }))).flat().map((e) => e.version),
    [2],
  );
  now += 60_000;
  t.equal(bus.size, 0);
});
