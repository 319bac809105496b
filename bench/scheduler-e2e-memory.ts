// Memory figures of the end-to-end run. The process holds three managers and every agent, so its
// heap delta over a deploy is the whole cluster's; what one manager needs for the tasks is measured
// apart, by loading a copy of the leader's tasks into a fresh MemoryStore (decoded from a snapshot,
// as a restarting manager would, so no object is shared with the live stores) between two gc'd
// heap readings.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { MemoryStore } from '../manager/store/memory-store.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT_VERSION } from '../manager/store/store-codec.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 ** 2;

export interface MemoryReading {
  readonly heapUsedMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  readonly rssMb: number;
}

/** Process memory after full collections (twice: weak references and finalizers settle in between). */
export function readMemory(): MemoryReading {
  gc();
  gc();
  const m = process.memoryUsage();
  return {
    heapUsedMb: m.heapUsed / MiB,
    externalMb: m.external / MiB,
    arrayBuffersMb: m.arrayBuffers / MiB,
    rssMb: m.rss / MiB,
  };
}

export interface StoreFootprint {
  readonly tasks: number;
  /** Heap of a store holding those tasks (objects, frozen, with the store's indexes). */
  readonly heapMb: number;
  /** Their encoded size: one snapshot's worth of bytes. */
  readonly encodedMb: number;
}

/** Heap one manager's store needs for the tasks `source` holds now. */
export function storeFootprint(source: MemoryStore): StoreFootprint {
  const bytes = encodeSnapshot({
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    clusters: [],
    nodes: [],
    services: [],
    tasks: source.find('task'),
    lastBatchIndex: source.lastBatchIndex,
  });
  const before = readMemory().heapUsedMb;
  const copy = loadCopy(bytes);
  const after = readMemory().heapUsedMb;
  // `copy` stays reachable until after the second reading.
  return { tasks: copy.count('task'), heapMb: after - before, encodedMb: bytes.byteLength / MiB };
}

function loadCopy(bytes: Uint8Array): MemoryStore {
  const copy = new MemoryStore();
  const decoded = decodeSnapshot(bytes);
  if (decoded instanceof Error) throw decoded;
  const err = copy.importSnapshot(decoded);
  if (err !== undefined) throw err;
  return copy;
}
