// Encoding of membership changes inside log entries (EntryType.ConfChange).
import { ConfChangeError } from './errors.ts';
import { type ConfChange, ConfChangeType } from './types.ts';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Layout: u8 type, u16 id length, id (utf-8), context bytes. */
export function encodeConfChange(cc: ConfChange): Uint8Array {
  const id = utf8.encode(cc.nodeId);
  if (id.length > 0xffff) throw new ConfChangeError('node id is too long');
  const out = new Uint8Array(3 + id.length + cc.context.length);
  out[0] = cc.type;
  out[1] = id.length >> 8;
  out[2] = id.length & 0xff;
  out.set(id, 3);
  out.set(cc.context, 3 + id.length);
  return out;
}

export function decodeConfChange(data: Uint8Array): ConfChange {
  if (data.length < 3) throw new ConfChangeError('conf change entry is truncated');
  const type = data[0]!;
  if (!(type in ConfChangeType)) throw new ConfChangeError(`unknown conf change type ${type}`);
  const idLen = (data[1]! << 8) | data[2]!;
  if (data.length < 3 + idLen) throw new ConfChangeError('conf change entry is truncated');
  let nodeId: string;
  try {
    nodeId = fromUtf8.decode(data.subarray(3, 3 + idLen));
  } catch (cause) {
    throw new ConfChangeError('node id is not valid UTF-8', { cause });
  }
  return { type: type as ConfChangeType, nodeId, context: data.slice(3 + idLen) };
}
