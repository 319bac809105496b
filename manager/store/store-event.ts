// One committed change to one object, as watchers receive it.
import type { StoreKind, StoreObjects, StoreOp } from './store-kind.ts';

export type StoreEvent = { [K in StoreKind]: StoreEventOf<K> }[StoreKind];

export interface StoreEventOf<K extends StoreKind> {
  readonly kind: K;
  readonly action: StoreOp;
  /** The object after the change; for a delete, the object as it was when deleted. */
  readonly object: StoreObjects[K];
  /** The object before an update (absent for create and delete). */
  readonly oldObject?: StoreObjects[K];
  /** Raft index of the batch; events of one batch share it and arrive together, in action order. */
  readonly version: number;
}

export interface WatchFilter {
  /** Only these kinds (all when absent). */
  readonly kinds?: readonly StoreKind[];
  /** Only these actions (all when absent). */
  readonly actions?: readonly StoreEvent['action'][];
  /** Runs inside apply for every event that passed the other filters: keep it cheap, never throw. */
  readonly predicate?: (event: StoreEvent) => boolean;
  /** Events the watcher may hold unread before it is closed with WatchOverflowError. Default 10,000. */
  readonly queueLimit?: number;
}
