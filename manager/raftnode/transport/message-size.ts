// Cheap estimate of a Message's encoded size, for byte-bounded per-peer queues and batches. It never
// encodes: the queue must decide admission before paying for serialization.
import { type Message, MessageType } from '../../../raft/types.ts';

/** Framing, envelope varints and field tags of one message; generous so small messages count. */
const MESSAGE_OVERHEAD = 48;
/** Per-entry tags and varints (term, index, type, length) — the same figure raft/types.ts entrySize uses. */
const ENTRY_OVERHEAD = 24;

export function estimateMessageBytes(m: Message): number {
  // String lengths are UTF-16 units; node ids and contexts are ASCII in practice.
  let n = MESSAGE_OVERHEAD + m.from.length + m.to.length;
  switch (m.type) {
    case MessageType.App:
      for (const e of m.entries) n += ENTRY_OVERHEAD + e.data.byteLength;
      return n;
    case MessageType.Snap: {
      n += m.data.byteLength + 32;
      for (const id of m.meta.confState.voters) n += id.length + 2;
      for (const id of m.meta.confState.learners) n += id.length + 2;
      return n;
    }
    case MessageType.Heartbeat:
    case MessageType.HeartbeatResp:
    case MessageType.ReadIndex:
    case MessageType.ReadIndexResp:
      return n + m.ctx.length;
    case MessageType.TransferLeader:
      return n + m.target.length;
    default:
      return n;
  }
}
