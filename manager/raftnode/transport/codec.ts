// Maps raft/types.ts Messages (and batches of them) to and from covey.v1.RaftMessage. Encoding trusts
// the core; decoding trusts nothing: what arrives is a whole, valid Message or a RaftMessageDecodeError.
import type { RaftBatch, RaftBatch__Output } from '../../../proto/gen/covey/v1/RaftBatch.ts';
import type { RaftEntry } from '../../../proto/gen/covey/v1/RaftEntry.ts';
import type { RaftMessage, RaftMessage__Output } from '../../../proto/gen/covey/v1/RaftMessage.ts';
import type { RaftSnapshotMeta } from '../../../proto/gen/covey/v1/RaftSnapshotMeta.ts';
import {
  type Entry,
  EntryType,
  type Message,
  MessageType,
  type NodeId,
  type SnapshotMeta,
} from '../../../raft/types.ts';
import { RaftMessageDecodeError } from './errors.ts';

export function encodeMessage(m: Message): RaftMessage {
  switch (m.type) {
    case MessageType.App:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        app: { index: m.index, logTerm: m.logTerm, entries: m.entries.map(encodeEntry), commit: m.commit },
      };
    case MessageType.AppResp:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        appResp: { index: m.index, reject: m.reject, rejectHint: m.rejectHint, logTerm: m.logTerm },
      };
    case MessageType.Vote:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        vote: { index: m.index, logTerm: m.logTerm, force: m.force },
      };
    case MessageType.PreVote:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        preVote: { index: m.index, logTerm: m.logTerm, force: m.force },
      };
    case MessageType.VoteResp:
      return { from: m.from, to: m.to, term: m.term, voteResp: { reject: m.reject } };
    case MessageType.PreVoteResp:
      return { from: m.from, to: m.to, term: m.term, preVoteResp: { reject: m.reject } };
    case MessageType.Heartbeat:
      return { from: m.from, to: m.to, term: m.term, heartbeat: { commit: m.commit, ctx: m.ctx } };
    case MessageType.HeartbeatResp:
      return { from: m.from, to: m.to, term: m.term, heartbeatResp: { ctx: m.ctx } };
    case MessageType.Snap:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        snap: {
          meta: encodeSnapshotMeta(m.meta),
          totalSize: m.totalSize,
          offset: m.offset,
          data: m.data,
          done: m.done,
        },
      };
    case MessageType.SnapResp:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        snapResp: { snapIndex: m.snapIndex, snapTerm: m.snapTerm, received: m.received, reject: m.reject },
      };
    case MessageType.TimeoutNow:
      return { from: m.from, to: m.to, term: m.term, timeoutNow: { commit: m.commit } };
    case MessageType.TransferLeader:
      return { from: m.from, to: m.to, term: m.term, transferLeader: { target: m.target } };
    case MessageType.ReadIndex:
      return { from: m.from, to: m.to, term: m.term, readIndex: { ctx: m.ctx } };
    case MessageType.ReadIndexResp:
      return {
        from: m.from,
        to: m.to,
        term: m.term,
        readIndexResp: { ctx: m.ctx, index: m.index, reject: m.reject },
      };
  }
}

function encodeEntry(e: Entry): RaftEntry {
  return { term: e.term, index: e.index, type: e.type, data: e.data };
}

function encodeSnapshotMeta(meta: SnapshotMeta): RaftSnapshotMeta {
  return {
    index: meta.index,
    term: meta.term,
    confState: { voters: [...meta.confState.voters], learners: [...meta.confState.learners] },
  };
}

/**
 * Validates a decoded covey.v1.RaftMessage (proto-loader output) and builds the core's Message.
 * Total: any input yields a Message or throws RaftMessageDecodeError, never another error.
 */
export function decodeMessage(p: RaftMessage__Output): Message {
  try {
    return decodeUnchecked(p);
  } catch (err) {
    if (err instanceof RaftMessageDecodeError) throw err;
    throw new RaftMessageDecodeError('message', 'unreadable', { cause: err });
  }
}

type Fields = Readonly<Record<string, unknown>>;

function decodeUnchecked(p: unknown): Message {
  const o = record(p, '', 'message');
  const from = nodeId(o, '', 'from');
  const to = nodeId(o, '', 'to');
  const term = uint(o, '', 'term');
  const body = o.body;
  switch (body) {
    case 'app': {
      const b = record(o.app, '', 'app');
      return {
        type: MessageType.App,
        from,
        to,
        term,
        index: uint(b, 'app.', 'index'),
        logTerm: uint(b, 'app.', 'logTerm'),
        entries: entries(b.entries),
        commit: uint(b, 'app.', 'commit'),
      };
    }
    case 'appResp': {
      const b = record(o.appResp, '', 'appResp');
      return {
        type: MessageType.AppResp,
        from,
        to,
        term,
        index: uint(b, 'appResp.', 'index'),
        reject: bool(b, 'appResp.', 'reject'),
        rejectHint: uint(b, 'appResp.', 'rejectHint'),
        logTerm: uint(b, 'appResp.', 'logTerm'),
      };
    }
    case 'vote':
    case 'preVote': {
      const b = record(o[body], '', body);
      const prefix = `${body}.`;
      return {
        type: body === 'vote' ? MessageType.Vote : MessageType.PreVote,
        from,
        to,
        term,
        index: uint(b, prefix, 'index'),
        logTerm: uint(b, prefix, 'logTerm'),
        force: bool(b, prefix, 'force'),
      };
    }
    case 'voteResp':
    case 'preVoteResp': {
      const b = record(o[body], '', body);
      return {
        type: body === 'voteResp' ? MessageType.VoteResp : MessageType.PreVoteResp,
        from,
        to,
        term,
        reject: bool(b, `${body}.`, 'reject'),
      };
    }
    case 'heartbeat': {
      const b = record(o.heartbeat, '', 'heartbeat');
      return {
        type: MessageType.Heartbeat,
        from,
        to,
        term,
        commit: uint(b, 'heartbeat.', 'commit'),
        ctx: str(b, 'heartbeat.', 'ctx'),
      };
    }
    case 'heartbeatResp': {
      const b = record(o.heartbeatResp, '', 'heartbeatResp');
      return { type: MessageType.HeartbeatResp, from, to, term, ctx: str(b, 'heartbeatResp.', 'ctx') };
    }
    case 'snap': {
      const b = record(o.snap, '', 'snap');
      const totalSize = uint(b, 'snap.', 'totalSize');
      const offset = uint(b, 'snap.', 'offset');
      const data = bytes(b, 'snap.', 'data');
      if (offset + data.byteLength > totalSize) {
        throw new RaftMessageDecodeError(
          'snap.data',
          `chunk [${offset}, ${offset + data.byteLength}) exceeds the snapshot size ${totalSize}`,
        );
      }
      return {
        type: MessageType.Snap,
        from,
        to,
        term,
        meta: snapshotMeta(b.meta),
        totalSize,
        offset,
        data,
        done: bool(b, 'snap.', 'done'),
      };
    }
    case 'snapResp': {
      const b = record(o.snapResp, '', 'snapResp');
      return {
        type: MessageType.SnapResp,
        from,
        to,
        term,
        snapIndex: uint(b, 'snapResp.', 'snapIndex'),
        snapTerm: uint(b, 'snapResp.', 'snapTerm'),
        received: uint(b, 'snapResp.', 'received'),
        reject: bool(b, 'snapResp.', 'reject'),
      };
    }
    case 'timeoutNow': {
      const b = record(o.timeoutNow, '', 'timeoutNow');
      return { type: MessageType.TimeoutNow, from, to, term, commit: uint(b, 'timeoutNow.', 'commit') };
    }
    case 'transferLeader': {
      const b = record(o.transferLeader, '', 'transferLeader');
      return {
        type: MessageType.TransferLeader,
        from,
        to,
        term,
        target: nodeId(b, 'transferLeader.', 'target'),
      };
    }
    case 'readIndex': {
      const b = record(o.readIndex, '', 'readIndex');
      return { type: MessageType.ReadIndex, from, to, term, ctx: str(b, 'readIndex.', 'ctx') };
    }
    case 'readIndexResp': {
      const b = record(o.readIndexResp, '', 'readIndexResp');
      return {
        type: MessageType.ReadIndexResp,
        from,
        to,
        term,
        ctx: str(b, 'readIndexResp.', 'ctx'),
        index: uint(b, 'readIndexResp.', 'index'),
        reject: bool(b, 'readIndexResp.', 'reject'),
      };
    }
    default:
      throw new RaftMessageDecodeError(
        'body',
        body === undefined ? 'missing' : `unknown variant ${describe(body)}`,
      );
  }
}

function entries(v: unknown): Entry[] {
  if (!Array.isArray(v))
    throw new RaftMessageDecodeError('app.entries', `expected a list, got ${describe(v)}`);
  const out: Entry[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const prefix = `app.entries[${i}].`;
    const e = record(v[i], 'app.', `entries[${i}]`);
    const type = e.type;
    if (type !== EntryType.Normal && type !== EntryType.ConfChange) {
      throw new RaftMessageDecodeError(`${prefix}type`, `unknown entry type ${describe(type)}`);
    }
    out[i] = {
      term: uint(e, prefix, 'term'),
      index: uint(e, prefix, 'index'),
      type,
      data: bytes(e, prefix, 'data'),
    };
  }
  return out;
}

function snapshotMeta(v: unknown): SnapshotMeta {
  const meta = record(v, 'snap.', 'meta');
  const cs = record(meta.confState, 'snap.meta.', 'confState');
  return {
    index: uint(meta, 'snap.meta.', 'index'),
    term: uint(meta, 'snap.meta.', 'term'),
    confState: {
      voters: nodeIds(cs.voters, 'snap.meta.confState.voters'),
      learners: nodeIds(cs.learners, 'snap.meta.confState.learners'),
    },
  };
}

function nodeIds(v: unknown, field: string): NodeId[] {
  if (!Array.isArray(v)) throw new RaftMessageDecodeError(field, `expected a list, got ${describe(v)}`);
  const out: NodeId[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const id: unknown = v[i];
    if (typeof id !== 'string' || id === '') {
      throw new RaftMessageDecodeError(`${field}[${i}]`, `expected a node id, got ${describe(id)}`);
    }
    out[i] = id;
  }
  return out;
}

// Field paths are only concatenated on failure, to keep the happy path free of string building.

function record(v: unknown, prefix: string, key: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new RaftMessageDecodeError(
      prefix + key,
      v == null ? 'missing' : `expected a message, got ${describe(v)}`,
    );
  }
  return v as Fields;
}

/** Indexes, terms and sizes: uint64 on the wire, but only values JS numbers hold exactly are accepted. */
function uint(o: Fields, prefix: string, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RaftMessageDecodeError(prefix + key, `expected an integer in [0, 2^53), got ${describe(v)}`);
  }
  return v;
}

function bool(o: Fields, prefix: string, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean')
    throw new RaftMessageDecodeError(prefix + key, `expected a boolean, got ${describe(v)}`);
  return v;
}

function str(o: Fields, prefix: string, key: string): string {
  const v = o[key];
  if (typeof v !== 'string')
    throw new RaftMessageDecodeError(prefix + key, `expected a string, got ${describe(v)}`);
  return v;
}

function nodeId(o: Fields, prefix: string, key: string): NodeId {
  const v = str(o, prefix, key);
  if (v === '') throw new RaftMessageDecodeError(prefix + key, 'empty node id');
  return v;
}

function bytes(o: Fields, prefix: string, key: string): Uint8Array {
  const v = o[key];
  if (!(v instanceof Uint8Array))
    throw new RaftMessageDecodeError(prefix + key, `expected bytes, got ${describe(v)}`);
  return v;
}

/** A short, throw-proof description of a bad value for error messages. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof v} ${String(v)}`;
    case 'string':
      return v.length > 32 ? `string "${v.slice(0, 32)}…"` : `string "${v}"`;
    default:
      return Array.isArray(v) ? 'array' : typeof v;
  }
}

/** A whole batch for one stream write. */
export function encodeBatch(messages: readonly Message[]): RaftBatch {
  const out: RaftMessage[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) out[i] = encodeMessage(messages[i]!);
  return { messages: out };
}

/** Decodes a whole received batch, or reports the first invalid message (by its index in the batch). */
export function decodeBatch(batch: RaftBatch__Output): Message[] | RaftMessageDecodeError {
  const list: unknown = (batch as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return new RaftMessageDecodeError('messages', 'missing');
  const out: Message[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = decodeMessage(list[i] as RaftMessage__Output);
    } catch (err) {
      const e = err as RaftMessageDecodeError;
      return new RaftMessageDecodeError(`messages[${i}].${e.field}`, e.reason, { cause: e });
    }
  }
  return out;
}
