// Codec: every Message variant survives encode → wire bytes → decode unchanged, and anything invalid
// that arrives becomes a RaftMessageDecodeError naming the field (never another error, never a
// half-built message).
import t, { type Test } from 'tap';
import {
  decodeBatch,
  decodeMessage,
  encodeBatch,
  encodeMessage,
} from '../../../../manager/raftnode/transport/codec.ts';
import { RaftMessageDecodeError } from '../../../../manager/raftnode/transport/errors.ts';
import { loadRaftServiceDefinition } from '../../../../manager/raftnode/transport/raft-service.ts';
import type { RaftBatch__Output } from '../../../../proto/gen/covey/v1/RaftBatch.ts';
import type { RaftMessage__Output } from '../../../../proto/gen/covey/v1/RaftMessage.ts';
import { loadRaftProto } from '../../../../proto/load.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { EntryType, type Message, MessageType } from '../../../../raft/types.ts';
import { ALL_TYPES, normalize, randomMessage } from './random-message.ts';

const method = loadRaftServiceDefinition().Stream;
const protoLoaderMethod = loadRaftProto().covey.v1.RaftService.service.Stream;

/** Through the real wire path: the transport's serializer, then the server's deserializer. */
function overTheWire(messages: readonly Message[]): Message[] | RaftMessageDecodeError {
  const received = method.requestDeserialize(method.requestSerialize(encodeBatch(messages)));
  if (received instanceof RaftMessageDecodeError) return received;
  return decodeBatch(received);
}

/** Output-form (proto-loader decoded) message for `m`, to mutate in garbage tests. */
function decodedForm(m: Message): Record<string, unknown> {
  const received = method.requestDeserialize(method.requestSerialize(encodeBatch([m])));
  if (received instanceof RaftMessageDecodeError) throw received;
  const first = received.messages[0];
  if (first === undefined) throw new Error('no message decoded');
  return first as unknown as Record<string, unknown>;
}

function decodeError(t: Test, p: unknown, field: string | RegExp, what: string): void {
  let thrown: unknown;
  try {
    const m = decodeMessage(p as RaftMessage__Output);
    t.fail(`${what}: decoded ${JSON.stringify(normalize(m))}`);
    return;
  } catch (err) {
    thrown = err;
  }
  t.type(thrown, RaftMessageDecodeError, `${what}: RaftMessageDecodeError`);
  if (thrown instanceof RaftMessageDecodeError)
    t.match(thrown.field, field, `${what}: names ${String(field)}`);
}

t.test('every variant round-trips over the wire (seeded property test)', async (t) => {
  for (const seed of [1, 2, 3, 42, 4242]) {
    const rng = new SeededRandom(seed);
    const messages: Message[] = [];
    for (const type of ALL_TYPES) {
      for (let i = 0; i < 40; i++) messages.push(randomMessage(rng, type));
    }
    for (let i = 0; i < 400; i++) messages.push(randomMessage(rng));
    const decoded = overTheWire(messages);
    if (decoded instanceof RaftMessageDecodeError) {
      t.fail(`seed ${seed}: ${decoded.message}`);
      continue;
    }
    t.equal(decoded.length, messages.length, `seed ${seed}: count`);
    let mismatches = 0;
    for (let i = 0; i < messages.length; i++) {
      const want = JSON.stringify(normalize(messages[i]));
      const got = JSON.stringify(normalize(decoded[i]));
      if (want !== got) {
        mismatches++;
        if (mismatches <= 3) t.equal(got, want, `seed ${seed}: message ${i}`);
      }
    }
    t.equal(mismatches, 0, `seed ${seed}: all ${messages.length} messages equal after the round trip`);
  }
});

t.test(
  'each variant decodes to its own type, including the shared vote and vote-response bodies',
  async (t) => {
    const rng = new SeededRandom(7);
    for (const type of ALL_TYPES) {
      const decoded = overTheWire([randomMessage(rng, type)]);
      t.notOk(decoded instanceof RaftMessageDecodeError, `${type} decodes`);
      if (!(decoded instanceof RaftMessageDecodeError))
        t.equal(decoded[0]?.type, type, `${type} keeps its type`);
    }
    t.equal(ALL_TYPES.length, 14, 'all 14 message types are covered');
  },
);

t.test('the fast serializer writes the same bytes as proto-loader', async (t) => {
  const rng = new SeededRandom(99);
  for (let round = 0; round < 20; round++) {
    const messages: Message[] = [];
    for (let i = 0; i < 50; i++) messages.push(randomMessage(rng));
    const batch = encodeBatch(messages);
    const ours = method.requestSerialize(batch);
    const reference = protoLoaderMethod.requestSerialize(batch);
    t.ok(Buffer.isBuffer(ours), 'serializer returns a Buffer');
    t.equal(Buffer.compare(ours, reference), 0, `round ${round}: identical bytes`);
  }
});

t.test('encodeMessage keeps byte fields by reference (no copy before serialization)', async (t) => {
  const data = new Uint8Array([1, 2, 3]);
  const p = encodeMessage({
    type: MessageType.App,
    from: 'a',
    to: 'b',
    term: 1,
    index: 0,
    logTerm: 0,
    commit: 0,
    entries: [{ term: 1, index: 1, type: EntryType.Normal, data }],
  });
  t.equal(p.app?.entries?.[0]?.data, data);
});

t.test('missing or mistyped fields are RaftMessageDecodeErrors naming the field', async (t) => {
  const rng = new SeededRandom(11);
  const app = (): Record<string, unknown> =>
    decodedForm({
      ...(randomMessage(rng, MessageType.App) as Message & { type: MessageType.App }),
      entries: [{ term: 1, index: 2, type: EntryType.Normal, data: new Uint8Array([9]) }],
    });
  decodeError(t, null, 'message', 'null');
  decodeError(t, 'hello', 'message', 'a string');
  decodeError(t, [], 'message', 'an array');
  decodeError(t, {}, 'from', 'an empty object');

  let p = app();
  delete p.body;
  decodeError(t, p, 'body', 'no body');
  p = app();
  p.body = 'snapshot';
  decodeError(t, p, 'body', 'unknown body');
  p = app();
  p.from = '';
  decodeError(t, p, 'from', 'empty from');
  p = app();
  p.to = 7;
  decodeError(t, p, 'to', 'numeric to');
  p = app();
  p.term = -1;
  decodeError(t, p, 'term', 'negative term');
  p = app();
  p.term = 2 ** 53;
  decodeError(t, p, 'term', 'term beyond 2^53');
  p = app();
  p.term = 1.5;
  decodeError(t, p, 'term', 'fractional term');
  p = app();
  p.term = '12';
  decodeError(t, p, 'term', 'string term');
  p = app();
  p.app = null;
  decodeError(t, p, 'app', 'body field absent');
  p = app();
  (p.app as Record<string, unknown>).entries = 'x';
  decodeError(t, p, 'app.entries', 'entries not a list');
  p = app();
  ((p.app as { entries: Record<string, unknown>[] }).entries[0] as Record<string, unknown>).type = 5;
  decodeError(t, p, 'app.entries[0].type', 'unknown entry type');
  p = app();
  ((p.app as { entries: Record<string, unknown>[] }).entries[0] as Record<string, unknown>).data = [1, 2];
  decodeError(t, p, 'app.entries[0].data', 'data not bytes');
  p = app();
  (p.app as { entries: unknown[] }).entries[0] = null;
  decodeError(t, p, 'app.entries[0]', 'null entry');
  p = app();
  delete (p.app as Record<string, unknown>).commit;
  decodeError(t, p, 'app.commit', 'missing commit');

  const vote = decodedForm(randomMessage(rng, MessageType.PreVote));
  (vote.preVote as Record<string, unknown>).force = 'yes';
  decodeError(t, vote, 'preVote.force', 'string force');

  const snap = decodedForm({
    ...(randomMessage(rng, MessageType.Snap) as Message & { type: MessageType.Snap }),
  });
  (snap.snap as Record<string, unknown>).meta = null;
  decodeError(t, snap, 'snap.meta', 'snapshot without meta');
  const snap2 = decodedForm(randomMessage(rng, MessageType.Snap));
  ((snap2.snap as Record<string, unknown>).meta as Record<string, unknown>).confState = undefined;
  decodeError(t, snap2, 'snap.meta.confState', 'meta without conf state');
  const snap3 = decodedForm(randomMessage(rng, MessageType.Snap));
  (
    ((snap3.snap as Record<string, unknown>).meta as Record<string, unknown>).confState as Record<
      string,
      unknown
    >
  ).voters = ['a', ''];
  decodeError(t, snap3, 'snap.meta.confState.voters[1]', 'empty voter id');
  const snap4 = decodedForm({
    type: MessageType.Snap,
    from: 'a',
    to: 'b',
    term: 2,
    meta: { index: 5, term: 2, confState: { voters: ['a'], learners: [] } },
    totalSize: 10,
    offset: 8,
    data: new Uint8Array(2),
    done: true,
  });
  (snap4.snap as Record<string, unknown>).totalSize = 9;
  decodeError(t, snap4, 'snap.data', 'chunk beyond the snapshot size');

  const transfer = decodedForm(randomMessage(rng, MessageType.TransferLeader));
  (transfer.transferLeader as Record<string, unknown>).target = '';
  decodeError(t, transfer, 'transferLeader.target', 'empty transfer target');

  const hb = decodedForm(randomMessage(rng, MessageType.Heartbeat));
  (hb.heartbeat as Record<string, unknown>).ctx = undefined;
  decodeError(t, hb, 'heartbeat.ctx', 'missing ctx');
});

t.test('values that throw when touched still yield a RaftMessageDecodeError', async (t) => {
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new TypeError('boom');
      },
    },
  );
  decodeError(t, hostile, 'message', 'a throwing proxy');
  const noProto = Object.assign(Object.create(null) as object, {
    from: 'a',
    to: 'b',
    term: 1,
    body: Object.create(null),
  });
  decodeError(t, noProto, 'body', 'a prototype-less body value');
});

t.test('random mutations of valid messages decode or fail with RaftMessageDecodeError only', async (t) => {
  const rng = new SeededRandom(2024);
  const junk: unknown[] = [
    null,
    undefined,
    -1,
    2 ** 60,
    'x',
    '',
    true,
    [],
    {},
    new Uint8Array(1),
    1.25,
    Number.NaN,
  ];
  // pick() refuses undefined items, and undefined is one of the junk values.
  const junkValue = (): unknown => junk[rng.intn(junk.length)];
  let decodedCount = 0;
  let rejected = 0;
  let otherErrors = 0;
  for (let i = 0; i < 3000; i++) {
    const p = decodedForm(randomMessage(rng));
    // Mutate one field at the top level or one level down.
    const keys = Object.keys(p);
    const key = rng.pick(keys);
    const target = p[key];
    if (typeof target === 'object' && target !== null && !(target instanceof Uint8Array) && rng.chance(0.6)) {
      const inner = target as Record<string, unknown>;
      const innerKeys = Object.keys(inner);
      if (innerKeys.length > 0) inner[rng.pick(innerKeys)] = junkValue();
      else p[key] = junkValue();
    } else {
      p[key] = junkValue();
    }
    try {
      decodeMessage(p as unknown as RaftMessage__Output);
      decodedCount++;
    } catch (err) {
      if (err instanceof RaftMessageDecodeError) rejected++;
      else otherErrors++;
    }
  }
  t.equal(otherErrors, 0, 'no error other than RaftMessageDecodeError');
  t.ok(rejected > 1000, `most mutations are rejected (${rejected})`);
  t.ok(
    decodedCount > 0,
    `some mutations are harmless, e.g. a oneof member that is not the body (${decodedCount})`,
  );
});

t.test('garbage frames never throw: the deserializer yields a decode error or a batch', async (t) => {
  const rng = new SeededRandom(5);
  let frameErrors = 0;
  let misnamed = 0;
  let batchErrors = 0;
  for (let i = 0; i < 2000; i++) {
    let frame: Buffer;
    if (i % 2 === 0) {
      frame = Buffer.alloc(rng.intn(200));
      for (let j = 0; j < frame.length; j++) frame[j] = rng.intn(256);
    } else {
      // A valid frame with a few bytes flipped: mostly parses, often into invalid messages.
      frame = Buffer.from(method.requestSerialize(encodeBatch([randomMessage(rng), randomMessage(rng)])));
      for (let k = 0; k < 3; k++) frame[rng.intn(frame.length)] = rng.intn(256);
    }
    const received = method.requestDeserialize(frame);
    if (received instanceof RaftMessageDecodeError) {
      frameErrors++;
      if (received.field !== 'frame') misnamed++;
      continue;
    }
    if (decodeBatch(received) instanceof RaftMessageDecodeError) batchErrors++;
  }
  t.ok(frameErrors > 0, `some frames do not parse (${frameErrors})`);
  t.equal(misnamed, 0, 'unparseable frames are reported as field "frame"');
  t.ok(batchErrors > 0, `some frames parse but carry invalid messages (${batchErrors})`);

  const valid = method.requestSerialize(encodeBatch([randomMessage(rng, MessageType.App)]));
  const r = method.requestDeserialize(valid.subarray(0, 7));
  t.type(r, RaftMessageDecodeError, 'a truncated frame is a decode error');
});

t.test('decodeBatch reports the index of the first bad message and returns nothing else', async (t) => {
  const rng = new SeededRandom(3);
  const good = decodedForm(randomMessage(rng, MessageType.Heartbeat));
  const bad = decodedForm(randomMessage(rng, MessageType.VoteResp));
  delete bad.voteResp;
  const batch = { messages: [good, good, bad, good] } as unknown as RaftBatch__Output;
  const result = decodeBatch(batch);
  t.type(result, RaftMessageDecodeError);
  if (result instanceof RaftMessageDecodeError) t.equal(result.field, 'messages[2].voteResp');
  const noList = decodeBatch({} as RaftBatch__Output);
  t.type(noList, RaftMessageDecodeError);
  t.same(decodeBatch({ messages: [] }), [], 'an empty batch is valid');
});
