import t from 'tap';
import type { LogFollowOptions, TaskController, TaskLogLine } from '../../../agent/executors/executor.ts';
import { LogShipper } from '../../../agent/logs/log-shipper.ts';
import type { LogMessage } from '../../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../../../proto/gen/covey/v1/LogStream.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';
import { FakeClock, settle } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';

/** A controller whose output the test writes, recording where each follow began. */
function outputController() {
  const follows: number[] = [];
  let emit: ((line: TaskLogLine) => void) | undefined;
  let closed = 0;
  const controller: TaskController = {
    prepare: async () => {},
    start: async () => {},
    wait: () => new Promise(() => {}),
    shutdown: async () => {},
    terminate: async () => {},
    remove: async () => {},
    logs(o: LogFollowOptions) {
      follows.push(o.sinceMs);
      emit = o.onLine;
      return {
        close: async () => {
          closed++;
        },
        done: new Promise<void>(() => {}),
      };
    },
  };
  const line = (text: string, timeMs: number, stream: 'stdout' | 'stderr' = 'stdout') =>
    emit?.({ stream, timeMs, data: Buffer.from(text) });
  return { controller, follows, line, closedCount: () => closed };
}

function setup(options: { failSends?: number; maxBuffered?: number } = {}) {
  const clock = new FakeClock();
  const sent: LogMessage[][] = [];
  const shipped: Array<[string, number]> = [];
  let failures = options.failSends ?? 0;
  const shipper = new LogShipper({
    nodeId: 'node1',
    clock,
    flushIntervalMs: 250,
    maxBatch: 3,
    ...(options.maxBuffered === undefined ? {} : { maxBuffered: options.maxBuffered }),
    send: async (messages) => {
      if (failures > 0) {
        failures--;
        throw new Error('no session');
      }
      sent.push(messages);
    },
    onShipped: (taskId, timeMs) => shipped.push([taskId, timeMs]),
  });
  return { clock, shipper, sent, shipped };
}

const text = (m: LogMessage) => Buffer.from(m.data as Uint8Array).toString();

t.test(
  'output is followed once the task runs, sent in batches with its context, and acknowledged',
  async (t) => {
    const { clock, shipper, sent, shipped } = setup();
    const c = outputController();
    const task = makeTask('t1');
    shipper.track(task, c.controller, 0);
    t.same(c.follows, [], 'nothing to follow before the task runs');
    shipper.onState('t1', S.TASK_STATE_STARTING);
    t.same(c.follows, []);
    shipper.onState('t1', S.TASK_STATE_RUNNING);
    shipper.onState('t1', S.TASK_STATE_RUNNING);
    t.same(c.follows, [0], 'followed once, from the start');
    c.line('one', 1000);
    c.line('two', 2000, 'stderr');
    c.line('three', 3000);
    c.line('four', 4000);
    t.equal(sent.length, 0, 'nothing is sent before the flush interval');
    await clock.advance(250);
    await settle();
    t.same(sent[0]?.map(text), ['one', 'two', 'three'], 'at most maxBatch lines per send');
    t.same(sent[0]?.[1]?.stream, LogStream.LOG_STREAM_STDERR);
    t.same(sent[0]?.[0]?.context, {
      serviceId: task.serviceId,
      nodeId: 'node1',
      taskId: 't1',
      slot: task.slot,
    });
    t.same(sent[0]?.[2]?.timestamp, { seconds: 3, nanos: 0 });
    await clock.advance(250);
    t.same(sent[1]?.map(text), ['four']);
    t.same(shipped, [
      ['t1', 3000],
      ['t1', 4000],
    ]);
  },
);

t.test('an adopted running task resumes after what was already shipped', async (t) => {
  const { shipper } = setup();
  const c = outputController();
  shipper.track(makeTask('t1', { state: S.TASK_STATE_RUNNING }), c.controller, 5_000);
  t.same(c.follows, [5_000]);
});

t.test('failed sends keep the lines, in order, and back off', async (t) => {
  const { clock, shipper, sent } = setup({ failSends: 2 });
  const c = outputController();
  shipper.track(makeTask('t1', { state: S.TASK_STATE_RUNNING }), c.controller, 0);
  c.line('a', 1);
  c.line('b', 2);
  await clock.advance(250);
  t.equal(sent.length, 0);
  t.equal(shipper.pending, 2);
  await clock.advance(499);
  t.equal(sent.length, 0, 'the second try waits twice as long');
  await clock.advance(1);
  t.equal(sent.length, 0, 'second failure');
  await clock.advance(1000);
  t.same(sent.flat().map(text), ['a', 'b']);
  t.equal(shipper.pending, 0);
});

t.test('a full buffer drops its oldest lines and counts them', async (t) => {
  const { clock, shipper, sent } = setup({ maxBuffered: 3, failSends: 1 });
  const c = outputController();
  shipper.track(makeTask('t1', { state: S.TASK_STATE_RUNNING }), c.controller, 0);
  for (let i = 1; i <= 5; i++) c.line(`l${i}`, i);
  t.equal(shipper.pending, 3);
  t.equal(shipper.droppedLines, 2);
  await clock.advance(250);
  await clock.advance(500);
  t.same(sent.flat().map(text), ['l3', 'l4', 'l5']);
});

t.test('untrack and close stop following', async (t) => {
  const { shipper } = setup();
  const c = outputController();
  shipper.track(makeTask('t1', { state: S.TASK_STATE_RUNNING }), c.controller, 0);
  shipper.untrack('t1');
  await settle();
  t.equal(c.closedCount(), 1);
  const d = outputController();
  shipper.track(makeTask('t2', { state: S.TASK_STATE_RUNNING }), d.controller, 0);
  await shipper.close();
  t.equal(d.closedCount(), 1);
});
