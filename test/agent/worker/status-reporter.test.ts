import t from 'tap';
import { StatusReporter } from '../../../agent/worker/status-reporter.ts';
import { TaskState as S, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../proto/gen/covey/v1/TaskStatus.ts';
import type { TaskStatusUpdate } from '../../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import { FakeClock, settle } from '../fake-clock.ts';

function status(state: TaskState__Output): TaskStatus__Output {
  return { timestamp: null, state, message: '', err: '', portStatus: null, startedAt: null, health: 0 };
}

/** A send that records batches as [taskId, state] pairs and fails while `failing` is set. */
function recorder() {
  const batches: Array<Array<[string, unknown]>> = [];
  const control = { failing: 0 };
  const send = async (updates: TaskStatusUpdate[]) => {
    if (control.failing > 0) {
      control.failing--;
      throw new Error('dispatcher unavailable');
    }
    batches.push(updates.map((u) => [u.taskId ?? '', u.status?.state]));
  };
  return { batches, control, send };
}

t.test('coalesces to the latest status per task and flushes after the interval', async (t) => {
  const clock = new FakeClock();
  const { batches, send } = recorder();
  const reporter = new StatusReporter({ send, clock, flushIntervalMs: 100 });
  reporter.report('a', status(S.TASK_STATE_ACCEPTED));
  reporter.report('b', status(S.TASK_STATE_ACCEPTED));
  reporter.report('a', status(S.TASK_STATE_RUNNING));
  reporter.report('a', status(S.TASK_STATE_PREPARING)); // late and older: ignored
  await clock.advance(99);
  t.same(batches, []);
  await clock.advance(1);
  t.same(batches, [
    [
      ['a', S.TASK_STATE_RUNNING],
      ['b', S.TASK_STATE_ACCEPTED],
    ],
  ]);
  t.equal(clock.pendingTimers, 0, 'idle reporter holds no timer');
});

t.test('splits into batches of at most maxBatch, flushing a full batch at once', async (t) => {
  const clock = new FakeClock();
  const { batches, send } = recorder();
  const reporter = new StatusReporter({ send, clock, maxBatch: 3, flushIntervalMs: 100 });
  for (let i = 0; i < 7; i++) reporter.report(`t${i}`, status(S.TASK_STATE_RUNNING));
  await settle();
  t.same(batches, [], 'a full batch waits for the next turn, not for the interval');
  await clock.advance(0);
  t.ok(batches.length >= 1, 'full batch sent without waiting for the interval');
  t.equal(batches[0]?.length, 3);
  await clock.advance(100);
  t.same(
    batches.map((b) => b.length),
    [3, 3, 1],
  );
  t.same(
    batches.flat().map(([id]) => id),
    ['t0', 't1', 't2', 't3', 't4', 't5', 't6'],
  );
  t.equal(reporter.sentBatches, 3);
});

t.test('a failed batch is retried ahead of newer updates, nothing lost or reordered', async (t) => {
  const clock = new FakeClock();
  const { batches, control, send } = recorder();
  const errors: number[] = [];
  const reporter = new StatusReporter({
    send,
    clock,
    maxBatch: 2,
    flushIntervalMs: 10,
    retryDelayMs: 50,
    onSendError: (_e, size) => errors.push(size),
  });
  control.failing = 2;
  reporter.report('a', status(S.TASK_STATE_ACCEPTED));
  reporter.report('b', status(S.TASK_STATE_ACCEPTED)); // full batch: sent next turn, fails
  await clock.advance(0);
  t.same(errors, [2]);
  reporter.report('c', status(S.TASK_STATE_ACCEPTED));
  reporter.report('a', status(S.TASK_STATE_RUNNING)); // newer status of a failed one
  await clock.advance(49);
  t.same(batches, [], 'waits for the retry delay');
  await clock.advance(1); // second failure; backoff doubles to 100
  t.same(errors, [2, 2]);
  await clock.advance(99);
  t.same(batches, []);
  await clock.advance(1);
  await clock.advance(10);
  t.same(batches, [
    [
      ['a', S.TASK_STATE_RUNNING],
      ['b', S.TASK_STATE_ACCEPTED],
    ],
    [['c', S.TASK_STATE_ACCEPTED]],
  ]);
  t.equal(reporter.pendingCount, 0);
});

t.test('updates reported while a batch is in flight go in the next batch, in order', async (t) => {
  const clock = new FakeClock();
  const sent: string[][] = [];
  let release: (() => void) | undefined;
  const reporter = new StatusReporter({
    clock,
    flushIntervalMs: 10,
    send: (updates) => {
      sent.push(updates.map((u) => `${u.taskId}:${u.status?.state}`));
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  });
  reporter.report('a', status(S.TASK_STATE_ACCEPTED));
  await clock.advance(10);
  reporter.report('a', status(S.TASK_STATE_RUNNING));
  await clock.advance(100);
  t.equal(sent.length, 1, 'one batch in flight at a time');
  release?.();
  await clock.advance(10);
  t.same(sent, [[`a:${S.TASK_STATE_ACCEPTED}`], [`a:${S.TASK_STATE_RUNNING}`]]);
});

t.test('flush() sends everything now; close() drops pending and stops timers', async (t) => {
  const clock = new FakeClock();
  const { batches, send } = recorder();
  const reporter = new StatusReporter({ send, clock, maxBatch: 2, flushIntervalMs: 1000 });
  for (const id of ['a', 'b', 'c']) reporter.report(id, status(S.TASK_STATE_RUNNING));
  await reporter.flush();
  t.same(
    batches.map((b) => b.length),
    [2, 1],
  );
  reporter.report('d', status(S.TASK_STATE_RUNNING));
  reporter.close();
  await clock.advance(5000);
  t.equal(batches.length, 2);
  t.equal(clock.pendingTimers, 0);
});

t.test('a newer status that arrives while its batch is in flight survives that batch failing', async (t) => {
  const clock = new FakeClock();
  const sent: string[][] = [];
  let fail: ((e: Error) => void) | undefined;
  let calls = 0;
  const reporter = new StatusReporter({
    clock,
    flushIntervalMs: 10,
    retryDelayMs: 50,
    send: (updates) => {
      calls++;
      if (calls === 1) {
        return new Promise<void>((_resolve, reject) => {
          fail = reject;
        });
      }
      sent.push(updates.map((u) => `${u.taskId}:${u.status?.state}`));
      return Promise.resolve();
    },
  });
  reporter.report('a', status(S.TASK_STATE_ACCEPTED));
  reporter.report('b', status(S.TASK_STATE_ACCEPTED));
  await clock.advance(10);
  reporter.report('c', status(S.TASK_STATE_ACCEPTED));
  reporter.report('b', status(S.TASK_STATE_RUNNING));
  fail?.(new Error('unavailable'));
  await clock.advance(50);
  t.same(sent, [[`a:${S.TASK_STATE_ACCEPTED}`, `b:${S.TASK_STATE_RUNNING}`, `c:${S.TASK_STATE_ACCEPTED}`]]);
});

t.test('with promptFromState, a status the managers wait on goes on the next turn', async (t) => {
  const clock = new FakeClock();
  const { batches, send } = recorder();
  const reporter = new StatusReporter({
    send,
    clock,
    flushIntervalMs: 100,
    promptFromState: S.TASK_STATE_RUNNING,
  });
  reporter.report('a', status(S.TASK_STATE_ACCEPTED));
  await clock.advance(50);
  t.same(batches, [], 'a state before RUNNING still waits for the interval');
  reporter.report('b', status(S.TASK_STATE_RUNNING));
  reporter.report('c', status(S.TASK_STATE_PREPARING)); // same turn: rides along
  await settle();
  t.same(batches, [], 'not sent synchronously: changes of this turn may still join');
  await clock.advance(0);
  t.same(batches, [
    [
      ['a', S.TASK_STATE_ACCEPTED],
      ['b', S.TASK_STATE_RUNNING],
      ['c', S.TASK_STATE_PREPARING],
    ],
  ]);
  reporter.report('a', status(S.TASK_STATE_SHUTDOWN));
  await clock.advance(0);
  t.same(batches.at(-1), [['a', S.TASK_STATE_SHUTDOWN]], 'an end state is prompt too');
  t.equal(clock.pendingTimers, 0, 'idle reporter holds no timer');
});

t.test('without promptFromState every status waits for the interval', async (t) => {
  const clock = new FakeClock();
  const { batches, send } = recorder();
  const reporter = new StatusReporter({ send, clock, flushIntervalMs: 100 });
  reporter.report('a', status(S.TASK_STATE_RUNNING));
  await clock.advance(99);
  t.same(batches, []);
  await clock.advance(1);
  t.same(batches, [[['a', S.TASK_STATE_RUNNING]]]);
});

t.test(
  'a prompt status reported while a batch is in flight goes as soon as that batch is answered',
  async (t) => {
    const clock = new FakeClock();
    const sent: string[][] = [];
    let release: (() => void) | undefined;
    const reporter = new StatusReporter({
      clock,
      flushIntervalMs: 100,
      promptFromState: S.TASK_STATE_RUNNING,
      send: (updates) => {
        sent.push(updates.map((u) => `${u.taskId}:${u.status?.state}`));
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    reporter.report('a', status(S.TASK_STATE_RUNNING));
    await clock.advance(0);
    reporter.report('b', status(S.TASK_STATE_ACCEPTED));
    reporter.report('c', status(S.TASK_STATE_COMPLETE));
    await clock.advance(50);
    t.equal(sent.length, 1, 'one batch in flight at a time');
    release?.();
    await clock.advance(0);
    t.same(sent, [
      [`a:${S.TASK_STATE_RUNNING}`],
      [`b:${S.TASK_STATE_ACCEPTED}`, `c:${S.TASK_STATE_COMPLETE}`],
    ]);
    release?.();
    reporter.report('d', status(S.TASK_STATE_ACCEPTED));
    await clock.advance(0);
    t.equal(sent.length, 2, 'after the batch, a state before RUNNING waits for the interval again');
    await clock.advance(100);
    t.equal(sent.length, 3);
  },
);

t.test('a prompt status does not cut a failed batch’s retry delay short', async (t) => {
  const clock = new FakeClock();
  const { batches, control, send } = recorder();
  const reporter = new StatusReporter({
    send,
    clock,
    flushIntervalMs: 100,
    retryDelayMs: 50,
    promptFromState: S.TASK_STATE_RUNNING,
  });
  control.failing = 1;
  reporter.report('a', status(S.TASK_STATE_RUNNING));
  await clock.advance(0);
  t.same(batches, [], 'the first send failed');
  reporter.report('b', status(S.TASK_STATE_RUNNING));
  await clock.advance(49);
  t.same(batches, [], 'waits out the retry delay');
  await clock.advance(1);
  t.same(batches, [
    [
      ['a', S.TASK_STATE_RUNNING],
      ['b', S.TASK_STATE_RUNNING],
    ],
  ]);
});
