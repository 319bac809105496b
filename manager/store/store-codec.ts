// Bytes ↔ store messages: the proposer's encodeBatch, apply's decodeBatch, and the snapshot format.
// Decoding trusts nothing and returns a StoreDecodeError value instead of throwing; decoded messages
// take the shape proto-loader gives (numbers for 64-bit, Buffers, defaults, oneof names).
import type { Message as ProtobufMessage, Type } from 'protobufjs';
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { StoreBatch, StoreBatch__Output } from '../../proto/gen/covey/v1/StoreBatch.ts';
import type { StoreSnapshot, StoreSnapshot__Output } from '../../proto/gen/covey/v1/StoreSnapshot.ts';
import type { Timestamp } from '../../proto/gen/google/protobuf/Timestamp.ts';
import { loadProtobufRoot } from '../../proto/load.ts';
import { StoreDecodeError } from './errors.ts';
import type { StoreKind } from './store-kind.ts';

/** The snapshot formats this code reads; it writes the last. */
export const SNAPSHOT_FORMATS: readonly number[] = Object.freeze([1]);
export const SNAPSHOT_FORMAT_VERSION = 1;

/** The same conversion proto-loader applies (proto/load.ts PROTO_LOADER_OPTIONS). */
const TO_OBJECT = Object.freeze({ longs: Number, defaults: true, oneofs: true });

interface StoreTypes {
  readonly batch: Type;
  readonly snapshot: Type;
  readonly objects: { readonly [K in StoreKind]: Type };
}

let types: StoreTypes | undefined;
/** The reflection types, built on first use (parsing the .proto files takes a few milliseconds). */
export function storeTypes(): StoreTypes {
  if (types === undefined) {
    const root = loadProtobufRoot(['covey/v1/store.proto']);
    types = {
      batch: root.lookupType('covey.v1.StoreBatch'),
      snapshot: root.lookupType('covey.v1.StoreSnapshot'),
      objects: {
        cluster: root.lookupType('covey.v1.Cluster'),
        node: root.lookupType('covey.v1.Node'),
        service: root.lookupType('covey.v1.Service'),
        task: root.lookupType('covey.v1.Task'),
      },
    };
  }
  return types;
}

/**
 * For the proposer: the bytes of one Raft entry. Values must be canonical (numbers for 64-bit
 * fields, Uint8Array for bytes, one member per oneof), as objects read from the store are;
 * protobufjs encodes them directly, without a fromObject copy.
 */
export function encodeBatch(
  actions: readonly StoreAction[],
  proposedAt: Timestamp,
  requestId = '',
): Uint8Array {
  const batch: StoreBatch = { actions: [...actions], requestId, proposedAt };
  return storeTypes()
    .batch.encode(batch as ProtobufMessage)
    .finish();
}

export function decodeBatch(data: Uint8Array): StoreBatch__Output | StoreDecodeError {
  const { batch } = storeTypes();
  try {
    return batch.toObject(batch.decode(data), TO_OBJECT) as StoreBatch__Output;
  } catch (err) {
    return new StoreDecodeError('batch', `not a covey.v1.StoreBatch (${(err as Error).message})`, {
      cause: err,
    });
  }
}

export function encodeSnapshot(snapshot: StoreSnapshot): Uint8Array {
  return storeTypes()
    .snapshot.encode(snapshot as ProtobufMessage)
    .finish();
}

export function decodeSnapshot(data: Uint8Array): StoreSnapshot__Output | StoreDecodeError {
  const { snapshot } = storeTypes();
  try {
    return snapshot.toObject(snapshot.decode(data), TO_OBJECT) as StoreSnapshot__Output;
  } catch (err) {
    return new StoreDecodeError('snapshot', `not a covey.v1.StoreSnapshot (${(err as Error).message})`, {
      cause: err,
    });
  }
}
