// Writes the StoreSnapshot bytes, remembering each stored object's encoding: objects are immutable
// once stored, so a later snapshot re-encodes only what changed since the last one. The output is
// byte-identical to encoding the whole StoreSnapshot message at once (same fields, same order).
import protobuf from 'protobufjs';
import type { StoreSnapshot } from '../../proto/gen/covey/v1/StoreSnapshot.ts';
import { storeTypes } from './store-codec.ts';
import { STORE_KINDS, type StoreKind } from './store-kind.ts';

/** StoreSnapshot field numbers (store.proto). */
const FIELD: Readonly<Record<StoreKind, number>> = { cluster: 2, node: 3, service: 4, task: 5 };
const LIST: Readonly<Record<StoreKind, 'clusters' | 'nodes' | 'services' | 'tasks'>> = {
  cluster: 'clusters',
  node: 'nodes',
  service: 'services',
  task: 'tasks',
};
const FORMAT_VERSION_TAG = (1 << 3) | 0;
const LAST_BATCH_INDEX_TAG = (6 << 3) | 0;

export class SnapshotEncoder {
  private cache = new WeakMap<object, Uint8Array>();

  /** `snapshot` as MemoryStore.exportSnapshot() builds it: every list present, sorted by id. */
  encode(snapshot: StoreSnapshot): Uint8Array {
    const { objects } = storeTypes();
    const w = protobuf.Writer.create();
    w.uint32(FORMAT_VERSION_TAG).uint32(snapshot.formatVersion ?? 0);
    for (const kind of STORE_KINDS) {
      const tag = (FIELD[kind] << 3) | 2;
      for (const obj of snapshot[LIST[kind]] ?? []) {
        let bytes = this.cache.get(obj);
        if (bytes === undefined) {
          bytes = objects[kind].encode(obj).finish();
          this.cache.set(obj, bytes);
        }
        w.uint32(tag).bytes(bytes);
      }
    }
    w.uint32(LAST_BATCH_INDEX_TAG).uint64(Number(snapshot.lastBatchIndex ?? 0));
    return w.finish();
  }
}
