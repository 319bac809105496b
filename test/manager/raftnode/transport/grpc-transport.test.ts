// GrpcRaftTransport over real loopback gRPC: delivery, order, batching, loss and recovery when a
// peer goes away and comes back, hostile input, and a close() that leaves nothing running.
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import t, { type Test } from 'tap';
import { RaftTransportClosedError } from '../../../../manager/raftnode/transport/errors.ts';
import { GrpcRaftTransport } from '../../../../manager/raftnode/transport/grpc-transport.ts';
import type { GrpcRaftTransportOptions } from '../../../../manager/raftnode/transport/transport-options.ts';
import { loadRaftProto } from '../../../../proto/load.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { EntryType, type Message, MessageType, type NodeId } from '../../../../raft/types.ts';
import { ALL_TYPES, normalize, randomMessage } from './random-message.ts';
import { ERROR, memoryLogger, TransportRecorder, WARN } from './transport-recorder.ts';

const LOOPBACK = '127.0.0.1:0';
const FAST_BACKOFF = { initialMs: 10, maxMs: 40, multiplier: 2, jitter: 0 } as const;

type Options = Omit<GrpcRaftTransportOptions, 'selfId'>;

async function node(t: Test, id: NodeId, options: Options = {}) {
  const transport = new GrpcRaftTransport({ selfId: id, backoff: FAST_BACKOFF, ...options });
  t.teardown(() => transport.close());
  const recorder = new TransportRecorder(transport);
  const port = await transport.listen(LOOPBACK);
  return { transport, recorder, port, addr: `127.0.0.1:${port}` };
}

function app(from: NodeId, to: NodeId, index: number, dataBytes = 16): Message {
  return {
    type: MessageType.App,
    from,
    to,
    term: 2,
    index,
    logTerm: 2,
    commit: index - 1,
    entries: [
      {
        term: 2,
        index: index + 1,
        type: EntryType.Normal,
        data: new Uint8Array(dataBytes).fill(index % 251),
      },
    ],
  };
}

function indexes(messages: readonly Message[]): number[] {
  return messages.map((m) => (m.type === MessageType.App ? m.index : -1));
}

/** A TCP port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A TCP relay to `port` that reports each client connection it accepts, to observe connections closing. */
async function relay(t: Test, port: number) {
  const accepted: Socket[] = [];
  const closed: Promise<void>[] = [];
  let onAccept: () => void = () => {};
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    closed.push(new Promise((resolve) => client.on('close', () => resolve())));
    accepted.push(client);
    onAccept();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of accepted) s.destroy();
    server.close();
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    addr: `127.0.0.1:${address.port}`,
    accepted,
    /** Resolves when the i-th accepted connection (0-based) has closed. */
    closed: (i: number): Promise<void> =>
      i < closed.length
        ? (closed[i] as Promise<void>)
        : new Promise<void>((resolve) => {
            onAccept = () => {
              if (i < closed.length) void (closed[i] as Promise<void>).then(resolve);
            };
          }),
  };
}

/** A raw RaftService.Stream call that writes pre-encoded frames, to feed the server anything. */
function rawStream(addr: string) {
  const client = new grpc.Client(addr, grpc.credentials.createInsecure());
  let settle: (r: { err: grpc.ServiceError | null }) => void = () => {};
  const done = new Promise<{ err: grpc.ServiceError | null }>((resolve) => {
    settle = resolve;
  });
  const call = client.makeClientStreamRequest(
    '/covey.v1.RaftService/Stream',
    (frame: Buffer) => frame,
    (frame: Buffer) => frame,
    (err) => settle({ err }),
  );
  return {
    call,
    done: done.finally(() => client.close()),
  };
}

const referenceSerialize = loadRaftProto().covey.v1.RaftService.service.Stream.requestSerialize;

t.test('delivers every message variant, both ways, unchanged', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  b.transport.setPeer('a', a.addr);
  const rng = new SeededRandom(31);
  const toB = ALL_TYPES.map((type) => randomMessage(rng, type, { from: 'a', to: 'b' }));
  const toA = ALL_TYPES.map((type) => randomMessage(rng, type, { from: 'b', to: 'a' }));
  a.transport.send(toB);
  b.transport.send(toA);
  await Promise.all([b.recorder.untilMessages(toB.length), a.recorder.untilMessages(toA.length)]);
  t.same(normalize(b.recorder.messages), normalize(toB), 'b received all 14 variants from a, in order');
  t.same(normalize(a.recorder.messages), normalize(toA), 'a received all 14 variants from b, in order');
  t.same(a.recorder.unreachable, [], 'no peer was reported unreachable');
});

t.test('keeps per-peer order over thousands of sends spread across event-loop turns', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  const c = await node(t, 'c');
  a.transport.setPeer('b', b.addr);
  a.transport.setPeer('c', c.addr);
  const total = 3000;
  let next = 1;
  await new Promise<void>((resolve) => {
    const burst = (): void => {
      for (let k = 0; k < 100 && next <= total; k++, next++) {
        a.transport.send([app('a', 'b', next), app('a', 'c', next)]);
      }
      if (next <= total) setImmediate(burst);
      else resolve();
    };
    burst();
  });
  await Promise.all([b.recorder.untilMessages(total), c.recorder.untilMessages(total)]);
  const want = Array.from({ length: total }, (_, i) => i + 1);
  t.same(indexes(b.recorder.messages), want, 'b got 1..3000 in order');
  t.same(indexes(c.recorder.messages), want, 'c got 1..3000 in order');
  const stats = a.transport.peerStats('b');
  t.equal(stats?.droppedMessages, 0, 'nothing dropped');
  t.equal(stats?.sentMessages, total);
});

t.test('messages queued while a write is in flight go out together in the next batch', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  a.transport.send([app('a', 'b', 1)]);
  await b.recorder.untilMessages(1); // the stream is open and idle
  const before = a.transport.peerStats('b');
  const receivedBefore = b.transport.stats().receivedBatches;

  a.transport.send([app('a', 'b', 2)]);
  await Promise.resolve(); // the flush microtask has run: message 2 is being written
  t.equal(
    a.transport.peerStats('b')?.sentBatches,
    (before?.sentBatches ?? 0) + 1,
    'message 2 went out alone',
  );
  for (let i = 3; i <= 1000; i++) a.transport.send([app('a', 'b', i)]); // one send() each
  t.equal(a.transport.peerStats('b')?.queuedMessages, 998, 'the rest wait for the write in flight');

  await b.recorder.untilMessages(1000);
  t.equal(
    a.transport.peerStats('b')?.sentBatches,
    (before?.sentBatches ?? 0) + 2,
    '998 messages in one batch',
  );
  t.equal(b.transport.stats().receivedBatches, receivedBefore + 2, 'the receiver saw two batches');
  t.same(
    indexes(b.recorder.messages),
    Array.from({ length: 1000 }, (_, i) => i + 1),
    'in order',
  );
});

t.test('a batch is cut at maxBatchBytes and the rest follows in order', async (t) => {
  const a = await node(t, 'a', { maxBatchBytes: 64 * 1024 });
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  const messages = Array.from({ length: 200 }, (_, i) => app('a', 'b', i + 1, 4096));
  a.transport.send(messages); // ~840 KiB queued while the stream connects
  await b.recorder.untilMessages(200);
  const batches = a.transport.peerStats('b')?.sentBatches ?? 0;
  t.ok(batches >= 13 && batches <= 20, `sent in ${batches} batches of at most 64 KiB`);
  t.same(indexes(b.recorder.messages), indexes(messages));
});

t.test('a peer that is down: reported unreachable, messages dropped, queue bounded', async (t) => {
  const { logger, records } = memoryLogger();
  const maxQueued = 64 * 1024;
  // A long backoff keeps the peer in the backoff state for the whole test.
  const a = await node(t, 'a', {
    logger,
    maxQueuedBytesPerPeer: maxQueued,
    backoff: { initialMs: 60_000, maxMs: 60_000, multiplier: 2, jitter: 0 },
  });
  a.transport.setPeer('b', `127.0.0.1:${await deadPort()}`);
  let maxSeen = 0;
  for (let i = 1; i <= 2000; i++) {
    a.transport.send([app('a', 'b', i, 1024)]);
    maxSeen = Math.max(maxSeen, a.transport.peerStats('b')?.queuedBytes ?? 0);
  }
  t.ok(maxSeen <= maxQueued, `queued bytes never exceeded the bound (max ${maxSeen})`);
  t.ok(
    (a.transport.peerStats('b')?.droppedMessages ?? 0) >= 2000 - maxQueued / 1024,
    'the overflow was dropped',
  );

  await a.recorder.untilUnreachable('b');
  await a.recorder.until(() => a.transport.peerStats('b')?.state === 'backoff');
  const stats = a.transport.peerStats('b');
  t.equal(stats?.droppedMessages, 2000, 'every message was dropped, the queued ones with the failed stream');
  t.equal(stats?.sentMessages, 0);
  t.equal(stats?.queuedBytes, 0, 'nothing is held for a peer that is down');
  t.equal(stats?.streamFailures, 1);
  t.ok(
    records.some((r) => r.level === WARN && r.msg === 'raft stream to peer failed' && r.peer === 'b'),
    'the failure is logged as a warning',
  );

  const reportsBefore = a.recorder.unreachable.length;
  for (let i = 0; i < 100; i++) a.transport.send([app('a', 'b', 3000 + i)]);
  t.equal(a.transport.peerStats('b')?.queuedMessages, 0, 'messages sent during backoff are dropped at once');
  await a.recorder.until(() => a.recorder.unreachable.length > reportsBefore);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(a.recorder.unreachable.length, reportsBefore + 1, 'one report for the 100 drops of one turn');
});

t.test('delivery resumes, in order, when the peer comes back on the same address', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  a.transport.send([app('a', 'b', 1)]);
  await b.recorder.untilMessages(1);

  await b.transport.close();
  await a.recorder.untilUnreachable('b');

  const b2 = new GrpcRaftTransport({ selfId: 'b' });
  t.teardown(() => b2.close());
  const recorder2 = new TransportRecorder(b2);
  t.equal(await b2.listen(b.addr), b.port, 'b restarted on its old port');

  // Like Raft heartbeats: keep sending every tick until the restarted peer hears one.
  let index = 2;
  const ticker = setInterval(() => a.transport.send([app('a', 'b', index++)]), 5);
  await recorder2.untilMessages(1);
  clearInterval(ticker);
  const firstAfter = indexes(recorder2.messages)[0] ?? 0;
  for (let i = 0; i < 500; i++) a.transport.send([app('a', 'b', index++)]);
  const last = index - 1;
  await recorder2.until(() => indexes(recorder2.messages).at(-1) === last);
  const got = indexes(recorder2.messages);
  t.same(
    got,
    Array.from({ length: last - firstAfter + 1 }, (_, i) => firstAfter + i),
    'after the first message through, nothing is lost or reordered',
  );
  t.ok((a.transport.peerStats('b')?.streamFailures ?? 0) >= 1, 'the broken stream was counted');
  t.equal(a.transport.peerStats('b')?.state, 'open');
});

t.test('invalid input: INVALID_ARGUMENT, a warning, and the server keeps serving', async (t) => {
  const { logger, records } = memoryLogger();
  const b = await node(t, 'b', { logger });

  const garbage = rawStream(b.addr);
  garbage.call.write(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])); // field 1, absurd length
  const r1 = await garbage.done;
  t.equal(r1.err?.code, grpc.status.INVALID_ARGUMENT, 'unparseable bytes: INVALID_ARGUMENT');
  t.match(r1.err?.details, /frame/);

  const invalid = rawStream(b.addr);
  invalid.call.write(referenceSerialize({ messages: [{ from: 'a', to: 'b', term: 1 }] })); // no body
  const r2 = await invalid.done;
  t.equal(r2.err?.code, grpc.status.INVALID_ARGUMENT, 'a message without a body: INVALID_ARGUMENT');
  t.match(r2.err?.details, /messages\[0\]\.body/);

  const unsafe = rawStream(b.addr);
  unsafe.call.write(
    referenceSerialize({ messages: [{ from: 'a', to: 'b', term: '9007199254740993', timeoutNow: {} }] }),
  );
  const r3 = await unsafe.done;
  t.equal(r3.err?.code, grpc.status.INVALID_ARGUMENT, 'a term beyond 2^53: INVALID_ARGUMENT');

  t.equal(b.transport.stats().rejectedBatches, 3);
  t.equal(b.recorder.messages.length, 0, 'nothing from the rejected batches was delivered');
  t.equal(
    records.filter((r) => r.level === WARN && r.msg.startsWith('rejected an invalid raft batch')).length,
    3,
    'each rejection is logged as a warning',
  );

  const misaddressed = rawStream(b.addr);
  misaddressed.call.write(
    referenceSerialize({ messages: [{ from: 'a', to: 'c', term: 1, heartbeat: { commit: 1, ctx: '' } }] }),
  );
  misaddressed.call.write(
    referenceSerialize({ messages: [{ from: 'a', to: 'b', term: 1, heartbeat: { commit: 1, ctx: 'x' } }] }),
  );
  misaddressed.call.end();
  const r4 = await misaddressed.done;
  t.equal(r4.err, null, 'a message for another node is dropped without failing the stream');
  t.equal(b.transport.stats().misaddressedMessages, 1);
  t.ok(
    records.some((r) => r.level === WARN && r.to === 'c'),
    'the misaddressed message is logged as a warning',
  );
  t.same(
    b.recorder.messages.map((m) => m.type === MessageType.Heartbeat && m.ctx),
    ['x'],
    'only the message addressed to b was delivered',
  );

  const a = await node(t, 'a');
  a.transport.setPeer('b', b.addr);
  a.transport.send([app('a', 'b', 1)]);
  await b.recorder.untilMessages(2);
  t.pass('a well-behaved peer is still served');
});

t.test('a handler that throws is logged and the stream carries on', async (t) => {
  const { logger, records } = memoryLogger();
  const a = await node(t, 'a');
  const b = await node(t, 'b', { logger });
  const seen: number[] = [];
  let settle: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  b.transport.onMessage((m) => {
    seen.push(m.type === MessageType.App ? m.index : -1);
    if (seen.length === 1) throw new Error('handler bug');
    if (seen.length === 3) settle();
  });
  a.transport.setPeer('b', b.addr);
  a.transport.send([app('a', 'b', 1), app('a', 'b', 2)]);
  await Promise.resolve();
  a.transport.send([app('a', 'b', 3)]);
  await done;
  t.same(seen, [1, 2, 3]);
  t.ok(records.some((r) => r.level === ERROR && r.msg === 'raft message handler threw'));
  t.equal(a.transport.peerStats('b')?.streamFailures, 0);
});

t.test('messages for a peer without an address are dropped and reported, asynchronously', async (t) => {
  const a = await node(t, 'a');
  const reported: NodeId[] = [];
  a.transport.onUnreachable((id) => reported.push(id));
  a.transport.send([app('a', 'x', 1), app('a', 'x', 2), app('a', 'y', 1)]);
  t.same(reported, [], 'not from inside send()');
  await Promise.resolve();
  await Promise.resolve();
  t.same(reported.sort(), ['x', 'y'], 'one report per unknown peer');
  t.equal(a.transport.stats().unknownPeerMessages, 3);
  t.throws(() => a.transport.setPeer('a', '127.0.0.1:1'), RangeError, 'a node is not its own peer');
});

t.test('setPeer with a new address moves the stream; removePeer forgets the peer', async (t) => {
  const a = await node(t, 'a');
  const b1 = await node(t, 'b');
  const b2 = await node(t, 'b');
  a.transport.setPeer('b', b1.addr);
  a.transport.send([app('a', 'b', 1)]);
  await b1.recorder.untilMessages(1);
  a.transport.setPeer('b', b1.addr); // unchanged: the stream stays
  t.equal(a.transport.peerStats('b')?.state, 'open');
  a.transport.setPeer('b', b2.addr);
  t.equal(a.transport.peerStats('b')?.addr, b2.addr);
  a.transport.send([app('a', 'b', 2)]);
  await b2.recorder.untilMessages(1);
  t.same(indexes(b2.recorder.messages), [2]);
  t.same(indexes(b1.recorder.messages), [1]);

  a.transport.removePeer('b');
  t.equal(a.transport.peerStats('b'), undefined);
  a.transport.send([app('a', 'b', 3)]);
  t.equal(a.transport.stats().unknownPeerMessages, 1, 'a removed peer is unknown');
  a.transport.setPeer('b', b2.addr);
  a.transport.send([app('a', 'b', 4)]);
  await b2.recorder.untilMessages(2);
  t.same(indexes(b2.recorder.messages), [2, 4], 'a peer added again gets a fresh stream');
});

t.test('1 MiB snapshot chunks and App messages pass the gRPC size limits', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  const rng = new SeededRandom(77);
  const mib = 1024 * 1024;
  const chunks: Message[] = [];
  for (let i = 0; i < 6; i++) {
    const data = new Uint8Array(mib);
    for (let j = 0; j < data.length; j += 997) data[j] = rng.intn(256);
    chunks.push({
      type: MessageType.Snap,
      from: 'a',
      to: 'b',
      term: 4,
      meta: { index: 100, term: 4, confState: { voters: ['a', 'b', 'c'], learners: [] } },
      totalSize: 6 * mib,
      offset: i * mib,
      data,
      done: i === 5,
    });
  }
  const bigApp: Message = {
    type: MessageType.App,
    from: 'a',
    to: 'b',
    term: 4,
    index: 1,
    logTerm: 4,
    commit: 1,
    entries: Array.from({ length: 4096 }, (_, i) => ({
      term: 4,
      index: i + 2,
      type: EntryType.Normal,
      data: new Uint8Array(256).fill(i % 256),
    })),
  };
  a.transport.send([...chunks, bigApp]);
  await b.recorder.untilMessages(7);
  t.same(
    normalize(b.recorder.messages),
    normalize([...chunks, bigApp]),
    'all 7 MiB arrived intact and in order',
  );
  t.equal(a.transport.peerStats('b')?.droppedMessages, 0);
});

t.test('a single message above the gRPC limit is dropped and logged; the stream survives', async (t) => {
  const { logger, records } = memoryLogger();
  const a = await node(t, 'a', { logger, maxQueuedBytesPerPeer: 64 * 1024 * 1024 });
  const b = await node(t, 'b');
  a.transport.setPeer('b', b.addr);
  a.transport.send([app('a', 'b', 1), app('a', 'b', 2, 17 * 1024 * 1024), app('a', 'b', 3)]);
  await b.recorder.untilMessages(2);
  t.same(indexes(b.recorder.messages), [1, 3]);
  t.equal(a.transport.peerStats('b')?.droppedMessages, 1);
  t.ok(records.some((r) => r.level === ERROR && r.msg.includes('larger than the gRPC message limit')));
  await a.recorder.untilUnreachable('b');
  t.pass('the drop is reported as unreachable');
});

t.test(
  'register() serves on a shared server; after close() the service can be registered again',
  async (t) => {
    const server = new grpc.Server();
    t.teardown(() => server.forceShutdown());
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(LOOPBACK, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const b1 = new GrpcRaftTransport({ selfId: 'b', backoff: FAST_BACKOFF });
    const r1 = new TransportRecorder(b1);
    b1.register(server);
    const a = await node(t, 'a');
    a.transport.setPeer('b', `127.0.0.1:${port}`);
    a.transport.send([app('a', 'b', 1)]);
    await r1.untilMessages(1);

    await b1.close(); // the manager component is demoted: the daemon's server stays up
    await a.recorder.untilUnreachable('b');
    t.throws(() => b1.register(server), RaftTransportClosedError);

    const b2 = new GrpcRaftTransport({ selfId: 'b' });
    t.teardown(() => b2.close());
    const r2 = new TransportRecorder(b2);
    b2.register(server); // promoted again: no "already provided" error
    const ticker = setInterval(() => a.transport.send([app('a', 'b', 2)]), 5);
    await r2.untilMessages(1);
    clearInterval(ticker);
    t.equal(r2.messages[0]?.to, 'b');
  },
);

t.test('removePeer() and close() close the connection to the peer', async (t) => {
  const a = await node(t, 'a');
  const b = await node(t, 'b');
  const tcp = await relay(t, b.port);
  a.transport.setPeer('b', tcp.addr);
  a.transport.send([app('a', 'b', 1)]);
  await b.recorder.untilMessages(1);
  t.equal(tcp.accepted.length, 1, 'one connection to the peer');
  a.transport.removePeer('b');
  await tcp.closed(0);
  t.pass('removePeer closed it');

  a.transport.setPeer('b', tcp.addr);
  a.transport.send([app('a', 'b', 2)]);
  await b.recorder.untilMessages(2);
  t.equal(tcp.accepted.length, 2, 'a new connection after the peer was set again');
  await a.transport.close();
  await tcp.closed(1);
  t.pass('close() closed it');
});

t.test('after close() the transport refuses use and drops sends', async (t) => {
  const a = await node(t, 'a');
  await a.transport.close();
  await a.transport.close();
  t.throws(() => a.transport.setPeer('b', '127.0.0.1:1'), RaftTransportClosedError);
  await t.rejects(a.transport.listen(LOOPBACK), RaftTransportClosedError);
  a.transport.send([app('a', 'b', 1)]);
  t.equal(a.transport.stats().unknownPeerMessages, 0, 'send after close is a no-op');
});

t.test('close() releases every handle: a process that used the transport exits by itself', async (t) => {
  const fixture = fileURLToPath(new URL('./close-exits.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import=tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // Not a synchronisation sleep: a deadline after which a hanging child counts as a failure.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (c, s) => resolve([c, s])),
  );
  clearTimeout(deadline);
  t.equal(
    signal,
    null,
    `the child exited on its own${signal ? ` (killed: handles left open)\n${stderr}` : ''}`,
  );
  t.equal(code, 0, stderr);
  t.match(stdout, /exchanged 200 messages; closed/);
});
