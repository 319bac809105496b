// How a client operation travels through the Raft log: the entry payload names the operation (its
// history id, which is unique per run) and the KV input, so every node applies the same thing.
import type { KvInput } from './history.ts';

export interface KvCommand {
  readonly opId: number;
  readonly clientId: number;
  readonly input: KvInput;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodeCommand(cmd: KvCommand): Uint8Array {
  return utf8.encode(JSON.stringify([cmd.opId, cmd.clientId, cmd.input]));
}

/** Decodes a normal entry's payload; undefined for the leader's empty no-op entry. */
export function decodeCommand(data: Uint8Array): KvCommand | undefined {
  if (data.byteLength === 0) return undefined;
  const [opId, clientId, input] = JSON.parse(fromUtf8.decode(data)) as [number, number, KvInput];
  return { opId, clientId, input };
}

/** A cheap identity of an entry's payload, for comparing entries across nodes in the safety checks. */
export function payloadFingerprint(type: number, data: Uint8Array): string {
  return `${type}:${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1')}`;
}
