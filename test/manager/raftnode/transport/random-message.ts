// Seeded generator of valid Raft messages of every variant, for codec property tests and transport
// tests, plus a normal form that compares byte fields by content.
import { createHash } from 'node:crypto';
import type { SeededRandom } from '../../../../raft/random.ts';
import {
  type Entry,
  EntryType,
  type Message,
  MessageType,
  type NodeId,
  type SnapshotMeta,
} from '../../../../raft/types.ts';

export const ALL_TYPES: readonly MessageType[] = Object.values(MessageType);

const IDS: readonly NodeId[] = ['m1', 'm2', 'manager-3', 'nœud-ß', '管理者', `long-${'x'.repeat(60)}`];
const CTX_ALPHABET = ['a', 'Z', '0', '-', ' ', 'é', '中', '😀'];

/** An integer in [0, 2^53): mostly small, sometimes beyond 32 bits, sometimes the maximum. */
export function randomUint(rng: SeededRandom): number {
  switch (rng.intn(5)) {
    case 0:
      return 0;
    case 1:
      return rng.intn(128);
    case 2:
      return rng.nextUint32();
    case 3:
      return rng.intn(2 ** 21) * 2 ** 32 + rng.nextUint32();
    default:
      return rng.chance(0.5) ? Number.MAX_SAFE_INTEGER : rng.intn(1_000_000);
  }
}

export function randomBytes(rng: SeededRandom, maxLen = 64): Uint8Array {
  const len = rng.chance(0.05) ? rng.intn(4096) : rng.intn(maxLen + 1);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.intn(256);
  return out;
}

function randomCtx(rng: SeededRandom): string {
  if (rng.chance(0.3)) return '';
  let s = '';
  const len = 1 + rng.intn(24);
  for (let i = 0; i < len; i++) s += rng.pick(CTX_ALPHABET);
  return s;
}

function randomEntry(rng: SeededRandom): Entry {
  return {
    term: randomUint(rng),
    index: randomUint(rng),
    type: rng.chance(0.8) ? EntryType.Normal : EntryType.ConfChange,
    data: randomBytes(rng),
  };
}

function randomIds(rng: SeededRandom): NodeId[] {
  const n = rng.intn(4);
  const ids: NodeId[] = [];
  for (let i = 0; i < n; i++) ids.push(rng.pick(IDS));
  return ids;
}

function randomMeta(rng: SeededRandom): SnapshotMeta {
  return {
    index: randomUint(rng),
    term: randomUint(rng),
    confState: { voters: randomIds(rng), learners: randomIds(rng) },
  };
}

export function randomMessage(
  rng: SeededRandom,
  type: MessageType = rng.pick(ALL_TYPES),
  envelope: { from?: NodeId; to?: NodeId } = {},
): Message {
  const from = envelope.from ?? rng.pick(IDS);
  const to = envelope.to ?? rng.pick(IDS);
  const term = randomUint(rng);
  switch (type) {
    case MessageType.App: {
      const entries: Entry[] = [];
      const n = rng.intn(6);
      for (let i = 0; i < n; i++) entries.push(randomEntry(rng));
      return {
        type,
        from,
        to,
        term,
        index: randomUint(rng),
        logTerm: randomUint(rng),
        entries,
        commit: randomUint(rng),
      };
    }
    case MessageType.AppResp:
      return {
        type,
        from,
        to,
        term,
        index: randomUint(rng),
        reject: rng.chance(0.5),
        rejectHint: randomUint(rng),
        logTerm: randomUint(rng),
      };
    case MessageType.Vote:
    case MessageType.PreVote:
      return {
        type,
        from,
        to,
        term,
        index: randomUint(rng),
        logTerm: randomUint(rng),
        force: rng.chance(0.5),
      };
    case MessageType.VoteResp:
    case MessageType.PreVoteResp:
      return { type, from, to, term, reject: rng.chance(0.5) };
    case MessageType.Heartbeat:
      return { type, from, to, term, commit: randomUint(rng), ctx: randomCtx(rng) };
    case MessageType.HeartbeatResp:
      return { type, from, to, term, ctx: randomCtx(rng) };
    case MessageType.Snap: {
      const data = randomBytes(rng, 1024);
      const offset = rng.chance(0.3) ? 0 : rng.intn(1 << 30);
      const totalSize = offset + data.byteLength + (rng.chance(0.5) ? 0 : rng.intn(1 << 20));
      return { type, from, to, term, meta: randomMeta(rng), totalSize, offset, data, done: rng.chance(0.5) };
    }
    case MessageType.SnapResp:
      return {
        type,
        from,
        to,
        term,
        snapIndex: randomUint(rng),
        snapTerm: randomUint(rng),
        received: randomUint(rng),
        reject: rng.chance(0.5),
      };
    case MessageType.TimeoutNow:
      return { type, from, to, term, commit: randomUint(rng) };
    case MessageType.TransferLeader:
      return { type, from, to, term, target: rng.pick(IDS) };
    case MessageType.ReadIndex:
      return { type, from, to, term, ctx: randomCtx(rng) };
    case MessageType.ReadIndexResp:
      return { type, from, to, term, ctx: randomCtx(rng), index: randomUint(rng), reject: rng.chance(0.5) };
  }
}

/**
 * A deep copy in which every byte array is replaced by its content (hex, or length and digest when
 * long), so Buffer and Uint8Array compare equal and megabyte payloads compare fast.
 */
export function normalize(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    const buf = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (buf.length <= 256) return { hex: buf.toString('hex') };
    return { length: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normalize(x);
    return out;
  }
  return v;
}
