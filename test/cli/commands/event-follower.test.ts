// EventFollower against scripted streams: events pass through, a broken stream is resumed on the next
// manager from a little before the last event without repeats, the server's end and cancel() end it,
// a refusal is passed on, and too many failed attempts give up with EventStreamLostError.
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import {
  type EventCall,
  EventFollower,
  type EventSource,
  RESUME_LOOKBACK_MS,
} from '../../../cli/commands/event-follower.ts';
import { EventStreamLostError } from '../../../cli/commands/event-stream-lost-error.ts';
import type { ClusterEvent__Output } from '../../../proto/gen/covey/v1/ClusterEvent.ts';
import type { EventsRequest } from '../../../proto/gen/covey/v1/EventsRequest.ts';
import { timestampFromMs } from '../../../proto/time.ts';

class FakeCall extends EventEmitter implements EventCall {
  cancelled = false;
  cancel(): void {
    this.cancelled = true;
    this.fail(grpc.status.CANCELLED, 'Cancelled on client');
  }
  send(...events: ClusterEvent__Output[]): void {
    this.emit('data', { events });
  }
  fail(code: grpc.status, details: string): void {
    this.emit('error', Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() }));
  }
}

/** Hands out one FakeCall per events() call and records the requests and the managers asked. */
class FakeSource implements EventSource {
  readonly addresses = ['a:1', 'b:1', 'c:1'];
  private index = 0;
  readonly requests: { addr: string; request: EventsRequest }[] = [];
  readonly calls: FakeCall[] = [];
  private readonly waiting: ((call: FakeCall) => void)[] = [];

  get currentAddress(): string {
    return this.addresses[this.index] ?? '';
  }
  failover(): string {
    this.index = (this.index + 1) % this.addresses.length;
    return this.currentAddress;
  }
  events(request: EventsRequest): EventCall {
    const call = new FakeCall();
    this.requests.push({ addr: this.currentAddress, request });
    this.calls.push(call);
    this.waiting.shift()?.(call);
    return call;
  }
  /** The call number `n` (0-based), once it is opened. */
  call(n: number): Promise<FakeCall> {
    const call = this.calls[n];
    if (call) return Promise.resolve(call);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

const NOW = 1_800_000_000_000;

function event(version: number, objectId: string, ms: number): ClusterEvent__Output {
  return { version, time: timestampFromMs(ms), type: 1, action: 2, objectId, attributes: {} };
}

function follower(source: FakeSource, sinceMs?: number, maxAttempts?: number) {
  const seen: string[] = [];
  const resumed: string[] = [];
  const f = new EventFollower(
    source,
    { types: [1] },
    {
      sinceMs,
      onEvent: (e) => seen.push(`${e.version}/${e.objectId}`),
      onResume: (note) => resumed.push(`${note.from}->${note.to}`),
      now: () => NOW,
      sleep: async () => undefined,
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
    },
  );
  return { f, seen, resumed };
}

t.test('events pass through; the server ending the stream ends run()', async (t) => {
  const source = new FakeSource();
  const { f, seen } = follower(source);
  const done = f.run();
  const call = await source.call(0);
  call.send(event(5, 's1', NOW), event(6, 's2', NOW));
  call.emit('end');
  await done;
  t.same(seen, ['5/s1', '6/s2']);
  t.same(source.requests[0]?.request, { types: [1] }, 'no since: only new events');
});

t.test('a broken stream resumes on the next manager without repeats', async (t) => {
  const source = new FakeSource();
  const { f, seen, resumed } = follower(source);
  const done = f.run();
  const first = await source.call(0);
  first.emit('metadata');
  first.send(event(5, 's1', NOW - 60_000), event(7, 's1', NOW - 50_000), event(7, 's2', NOW - 50_000));
  first.fail(grpc.status.UNAVAILABLE, 'Connection dropped');
  const second = await source.call(1);
  t.equal(source.requests[1]?.addr, 'b:1', 'the next manager');
  t.same(
    source.requests[1]?.request.since,
    timestampFromMs(NOW - 50_000),
    'since the last event (older than the lookback)',
  );
  // The new manager's history repeats what was seen (and one more event of version 7).
  second.send(event(5, 's1', NOW - 60_000), event(7, 's2', NOW - 50_000), event(7, 's3', NOW - 50_000));
  second.send(event(9, 's1', NOW - 1_000));
  second.emit('end');
  await done;
  t.same(seen, ['5/s1', '7/s1', '7/s2', '7/s3', '9/s1'], 'each event once, in order');
  t.same(resumed, ['a:1->b:1'], 'the move is told');
});

t.test(
  'a resumed stream reaches back at least the lookback; before any event, time is the floor',
  async (t) => {
    const source = new FakeSource();
    const { f, seen } = follower(source);
    const done = f.run();
    (await source.call(0)).fail(grpc.status.UNAVAILABLE, 'down');
    const second = await source.call(1);
    t.same(source.requests[1]?.request.since, timestampFromMs(NOW - RESUME_LOOKBACK_MS));
    second.send(event(3, 'old', NOW - 5_000), event(4, 'new', NOW));
    f.cancel();
    await done;
    t.same(seen, ['4/new'], 'what happened before the command started is not shown');
  },
);

t.test('a recent --since is sent further back and filtered here', async (t) => {
  const source = new FakeSource();
  const { f, seen } = follower(source, NOW - 2_000);
  const done = f.run();
  const call = await source.call(0);
  t.same(source.requests[0]?.request.since, timestampFromMs(NOW - RESUME_LOOKBACK_MS));
  call.send(event(3, 'before', NOW - 3_000), event(4, 'after', NOW - 1_000));
  call.emit('end');
  await done;
  t.same(seen, ['4/after']);
});

t.test('cancel() ends run() without an error', async (t) => {
  const source = new FakeSource();
  const { f } = follower(source);
  const done = f.run();
  const call = await source.call(0);
  f.cancel();
  await done;
  t.ok(call.cancelled, 'the stream is cancelled');
  t.equal(source.calls.length, 1, 'and not reopened');
});

t.test('a refusal is passed on as it is', async (t) => {
  const source = new FakeSource();
  const { f } = follower(source);
  const done = f.run();
  (await source.call(0)).fail(grpc.status.INVALID_ARGUMENT, 'until: must not be before since');
  await t.rejects(done, { code: grpc.status.INVALID_ARGUMENT });
  t.equal(source.calls.length, 1);
});

t.test('no manager answers: EventStreamLostError after maxAttempts, nothing told', async (t) => {
  const source = new FakeSource();
  const { f, resumed } = follower(source, undefined, 3);
  const done = f.run();
  for (let i = 0; i < 3; i++) (await source.call(i)).fail(grpc.status.UNAVAILABLE, 'refused');
  const err = await done.then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, EventStreamLostError);
  t.match(err, { attempts: 3, lastCode: grpc.status.UNAVAILABLE, hosts: ['a:1', 'b:1', 'c:1'] });
  t.same(
    source.requests.map((r) => r.addr),
    ['a:1', 'b:1', 'c:1'],
    'each manager tried',
  );
  t.same(resumed, [], 'no "resuming" note for streams that never opened');
});

t.test('a stream that delivered events restarts the count of attempts', async (t) => {
  const source = new FakeSource();
  const { f, seen } = follower(source, undefined, 2);
  const done = f.run();
  for (let i = 0; i < 4; i++) {
    const call = await source.call(i);
    call.send(event(10 + i, 's', NOW));
    call.fail(grpc.status.UNAVAILABLE, 'flaky');
  }
  const last = await source.call(4);
  last.emit('end');
  await done;
  t.same(seen, ['10/s', '11/s', '12/s', '13/s']);
});
