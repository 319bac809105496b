// Opens a member's durable Raft state: recovers the WAL and snapshot into the MemoryStorage the core
// reads, or creates them (bootstrapping a new group's founding members when asked).
import { bootstrapEntries } from '../../raft/bootstrap.ts';
import { MemoryStorage } from '../../raft/memory-storage.ts';
import type { NodeId, Snapshot } from '../../raft/types.ts';
import { type TruncatedTail, Wal, type WalOptions } from './wal/wal.ts';

export interface OpenedRaftStorage {
  readonly persistence: Wal;
  readonly storage: MemoryStorage;
  /** The snapshot the state machine must be restored from, if any. */
  readonly snapshot: Snapshot | undefined;
  /** Index the state machine reflects after restoring `snapshot`. */
  readonly applied: number;
  /** Set when recovery cut a torn tail off the log (a crash during a write). */
  readonly truncatedTail: TruncatedTail | undefined;
  /** True when this call created the storage. */
  readonly created: boolean;
}

export interface OpenRaftStorageOptions extends WalOptions {
  /** Founding voters of a new group; only used when the directory holds no WAL yet. */
  readonly bootstrapVoters?: readonly NodeId[];
}

export async function openRaftStorage(
  dir: string,
  opts: OpenRaftStorageOptions = {},
): Promise<OpenedRaftStorage> {
  const { bootstrapVoters, ...walOpts } = opts;
  if (!(await Wal.exists(dir, walOpts.fs))) {
    const { wal } = await Wal.create(dir, walOpts);
    const storage = new MemoryStorage();
    if (bootstrapVoters && bootstrapVoters.length > 0) {
      const b = bootstrapEntries(bootstrapVoters);
      await wal.save(b.hardState, b.entries, true);
      storage.append(b.entries);
      storage.setHardState(b.hardState);
    }
    return {
      persistence: wal,
      storage,
      snapshot: undefined,
      applied: 0,
      truncatedTail: undefined,
      created: true,
    };
  }
  const { wal, recovered } = await Wal.open(dir, walOpts);
  const storage = new MemoryStorage(recovered.snapshot);
  storage.append(recovered.entries);
  storage.setHardState(recovered.hardState);
  return {
    persistence: wal,
    storage,
    snapshot: recovered.snapshot,
    applied: recovered.snapshot?.meta.index ?? 0,
    truncatedTail: recovered.truncatedTail,
    created: false,
  };
}
