// The manager's replicated object store: Clusters, Nodes, Services and Tasks in memory, changed only
// by applyBatch (a committed Raft entry), read through get/find and followed through watch.
//
// - Writes replace whole objects; the store stamps meta (version = Raft index, times from the
//   batch's proposed_at). Optimistic concurrency per action via expected_version.
// - Atomicity by undo log: actions apply in order, a failure puts back what the batch changed.
// - Reads return the stored objects, deeply frozen and sharing equal parts (structural-share.ts).
// - Service names are unique case-insensitively (as SwarmKit). request_id is echoed in the result,
//   not deduplicated: a retried create fails AlreadyExists, a retried update VersionConflict.
import type { StoreBatch__Output } from '../../proto/gen/covey/v1/StoreBatch.ts';
import type { StoreSnapshot, StoreSnapshot__Output } from '../../proto/gen/covey/v1/StoreSnapshot.ts';
import type { Timestamp__Output } from '../../proto/gen/google/protobuf/Timestamp.ts';
import {
  AlreadyExistsError,
  type BatchError,
  InvalidActionError,
  NameConflictError,
  NotFoundError,
  StoreDecodeError,
  StoreRestoredError,
  VersionConflictError,
} from './errors.ts';
import { ObjectTable } from './object-table.ts';
import { SNAPSHOT_FORMAT_VERSION } from './store-codec.ts';
import { freezeSharing } from './structural-share.ts';
import type { StoreEvent, WatchFilter } from './store-event.ts';
import { INDEXES, labelQueryKey, serviceNameKey, serviceSlotKey } from './store-indexes.ts';
import {
  opAndKindOf,
  STORE_KINDS,
  type StoreKind,
  type StoreObject,
  type StoreObjects,
} from './store-kind.ts';
import type { StoreQueries } from './store-query.ts';
import { StoreWatcher } from './store-watcher.ts';

/** What applying one batch came to; the proposer receives it through RaftNode.propose(). */
export type BatchResult = BatchApplied | BatchRejected;

export interface BatchApplied {
  readonly ok: true;
  /** Raft index of the batch: the new meta.version of every object it changed. */
  readonly index: number;
  readonly requestId: string;
  /** Objects changed (one per action). */
  readonly changes: number;
}

export interface BatchRejected {
  readonly ok: false;
  readonly index: number;
  readonly requestId: string;
  /** The first action that failed; the batch changed nothing. */
  readonly error: BatchError;
}

type Tables = { readonly [K in StoreKind]: ObjectTable<StoreObjects[K]> };
type Undo = { readonly kind: StoreKind; readonly id: string; readonly before: StoreObject | undefined };

export class MemoryStore {
  private tables: Tables = newTables();
  private readonly watchers = new Set<StoreWatcher>();
  private lastIndex = 0;
  /** The object each kind last stored: what a created object shares its parts with (identity only). */
  private lastWritten: { [K in StoreKind]?: StoreObject } = {};

  /** Raft index of the last batch applied (failed ones included), 0 before the first. */
  get lastBatchIndex(): number {
    return this.lastIndex;
  }

  /**
   * Applies every action of `batch` in order, or none: the first failing action undoes the ones
   * before it and becomes the result. Deterministic: times come from batch.proposedAt, versions
   * from `index`. Throws only on a programming error (an index that does not increase).
   */
  applyBatch(batch: StoreBatch__Output, index: number): BatchResult {
    if (!Number.isSafeInteger(index) || index <= this.lastIndex) {
      throw new RangeError(`store batch index ${index} does not follow ${this.lastIndex}`);
    }
    this.lastIndex = index;
    const requestId = batch.requestId;
    const undo: Undo[] = [];
    const events: StoreEvent[] = [];
    for (let i = 0; i < batch.actions.length; i++) {
      const error = this.applyAction(batch, i, index, undo, events);
      if (error !== undefined) {
        for (let u = undo.length - 1; u >= 0; u--) {
          const { kind, id, before } = undo[u]!;
          this.table(kind).put(id, before);
        }
        return { ok: false, index, requestId, error };
      }
    }
    for (const w of this.watchers) for (const e of events) w.deliver(e);
    return { ok: true, index, requestId, changes: events.length };
  }

  private applyAction(
    batch: StoreBatch__Output,
    i: number,
    index: number,
    undo: Undo[],
    events: StoreEvent[],
  ): BatchError | undefined {
    const action = batch.actions[i]!;
    const member = action.action;
    if (member === undefined) return new InvalidActionError(i, 'no create/update/delete member is set');
    const [op, kind] = opAndKindOf(member);
    const obj = action[member];
    if (obj === undefined || obj === null) return new InvalidActionError(i, `${member} carries no object`);
    const id = obj.id;
    if (id === '') return new InvalidActionError(i, `${member}: the object has no id`);
    const now: Timestamp__Output | null = batch.proposedAt;
    if (now === null && op !== 'delete') return new InvalidActionError(i, 'the batch carries no proposed_at');
    const table = this.table(kind);
    const stored = table.get(id);
    let next: StoreObject | undefined;
    if (op === 'create') {
      if (stored !== undefined) return new AlreadyExistsError(kind, id);
      next = withMeta(obj, { version: index, createdAt: now, updatedAt: now });
    } else {
      if (stored === undefined) return new NotFoundError(kind, id);
      const actual = stored.meta?.version ?? 0;
      if (action.expectedVersion !== 0 && action.expectedVersion !== actual) {
        return new VersionConflictError(kind, id, action.expectedVersion, actual);
      }
      if (op === 'update') {
        next = withMeta(obj, { version: index, createdAt: stored.meta?.createdAt ?? now, updatedAt: now });
      }
    }
    if (kind === 'service' && next !== undefined) {
      const name = (next as StoreObjects['service']).spec?.annotations?.name ?? '';
      for (const holder of table.lookup('name', serviceNameKey(name))) {
        if (holder !== id) return new NameConflictError(name, holder);
      }
    }
    if (next !== undefined) {
      // A new object shares what it can with the last one written of its kind (a service's tasks are
      // created in runs); a new version with its previous one.
      next = freezeSharing(next, stored ?? this.lastWritten[kind]);
      this.lastWritten[kind] = next;
    }
    table.put(id, next);
    undo.push({ kind, id, before: stored });
    const event =
      op === 'update'
        ? { kind, action: op, object: next, oldObject: stored, version: index }
        : { kind, action: op, object: next ?? stored, version: index };
    events.push(event as StoreEvent);
    return undefined;
  }

  get<K extends StoreKind>(kind: K, id: string): StoreObjects[K] | undefined {
    return this.tables[kind].get(id) as StoreObjects[K] | undefined;
  }

  count(kind: StoreKind): number {
    return this.tables[kind].size;
  }

  /**
   * The objects of `kind` matching every field of `query` (all of them when it is empty), sorted by
   * id. The most selective index drives the lookup; the returned objects are the stored, frozen ones.
   */
  find<K extends StoreKind>(kind: K, query: StoreQueries[K] = {}): StoreObjects[K][] {
    const table = this.table(kind);
    const sets = indexSets(table, kind, query);
    const prefix = query.idPrefix;
    let ids: readonly string[];
    if (sets.length === 0) {
      ids = prefix === undefined ? table.sortedIds() : table.idsWithPrefix(prefix);
    } else {
      let smallest = sets[0]!;
      for (const s of sets) if (s.size < smallest.size) smallest = s;
      const picked: string[] = [];
      for (const id of smallest) {
        if (prefix !== undefined && !id.startsWith(prefix)) continue;
        if (sets.every((s) => s === smallest || s.has(id))) picked.push(id);
      }
      ids = picked.sort();
    }
    return ids.map((id) => table.get(id)! as StoreObjects[K]);
  }

  /**
   * Follows every change from now on, in commit order (see StoreWatcher for overflow). Reads and
   * watch() in the same synchronous turn see one consistent state: events start right after it.
   */
  watch(filter: WatchFilter = {}): StoreWatcher {
    const w = new StoreWatcher(filter, (closed) => this.watchers.delete(closed));
    this.watchers.add(w);
    return w;
  }

  /** The whole store as a snapshot message: kinds in STORE_KINDS order, each sorted by id. */
  exportSnapshot(): StoreSnapshot {
    return {
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      clusters: this.find('cluster'),
      nodes: this.find('node'),
      services: this.find('service'),
      tasks: this.find('task'),
      lastBatchIndex: this.lastIndex,
    };
  }

  /**
   * Replaces the whole store with a decoded snapshot's content (format already checked). All or
   * nothing: a snapshot with a duplicate id, an empty id or a duplicate service name changes nothing
   * and yields the error. Every watcher fails with StoreRestoredError.
   */
  importSnapshot(snapshot: StoreSnapshot__Output): StoreDecodeError | undefined {
    const tables = newTables();
    const lists: { readonly [K in StoreKind]: readonly StoreObjects[K][] } = {
      cluster: snapshot.clusters,
      node: snapshot.nodes,
      service: snapshot.services,
      task: snapshot.tasks,
    };
    for (const kind of STORE_KINDS) {
      const table = tables[kind] as ObjectTable<StoreObject>;
      let previous: StoreObject | undefined;
      for (const obj of lists[kind]) {
        if (obj.id === '') return new StoreDecodeError('snapshot', `a ${kind} has no id`);
        if (table.get(obj.id) !== undefined) {
          return new StoreDecodeError('snapshot', `${kind} ${obj.id} appears twice`);
        }
        if (kind === 'service') {
          const name = (obj as StoreObjects['service']).spec?.annotations?.name ?? '';
          const holder = table.lookup('name', serviceNameKey(name)).values().next().value;
          if (holder !== undefined) {
            return new StoreDecodeError(
              'snapshot',
              `services ${holder} and ${obj.id} share the name "${name}"`,
            );
          }
        }
        previous = freezeSharing(obj, previous);
        table.put(obj.id, previous);
      }
    }
    this.tables = tables;
    this.lastWritten = {};
    this.lastIndex = snapshot.lastBatchIndex;
    for (const w of [...this.watchers]) w.fail(new StoreRestoredError(this.lastIndex));
    return undefined;
  }

  /** Empties the store (the bootstrap snapshot of a new cluster carries no data). */
  reset(): void {
    this.tables = newTables();
    this.lastWritten = {};
    this.lastIndex = 0;
    for (const w of [...this.watchers]) w.fail(new StoreRestoredError(0));
  }

  private table(kind: StoreKind): ObjectTable<StoreObject> {
    return this.tables[kind] as ObjectTable<StoreObject>;
  }
}

/**
 * A copy of `obj` with `meta` replaced. Object.assign rather than a spread: V8 gives every spread copy
 * of a decoded protobuf object its own hidden class (map + descriptor array, ~400 B each), so 100,000
 * stored tasks held 100,000 maps; copies made with Object.assign share one.
 */
function withMeta(obj: StoreObject, meta: NonNullable<StoreObject['meta']>): StoreObject {
  return Object.assign({}, obj, { meta });
}

function newTables(): Tables {
  return {
    cluster: new ObjectTable(INDEXES.cluster),
    node: new ObjectTable(INDEXES.node),
    service: new ObjectTable(INDEXES.service),
    task: new ObjectTable(INDEXES.task),
  };
}

/** The index entries `query` names (idPrefix is handled by the caller). */
function indexSets<K extends StoreKind>(
  table: ObjectTable<StoreObject>,
  kind: K,
  query: StoreQueries[K],
): ReadonlySet<string>[] {
  const sets: ReadonlySet<string>[] = [];
  switch (kind) {
    case 'node': {
      const q = query as StoreQueries['node'];
      if (q.role !== undefined) sets.push(table.lookup('role', String(q.role)));
      if (q.availability !== undefined) sets.push(table.lookup('availability', String(q.availability)));
      if (q.state !== undefined) sets.push(table.lookup('state', String(q.state)));
      break;
    }
    case 'service': {
      const q = query as StoreQueries['service'];
      if (q.name !== undefined) sets.push(table.lookup('name', serviceNameKey(q.name)));
      for (const l of q.labels ?? []) sets.push(table.lookup('label', labelQueryKey(l)));
      break;
    }
    case 'task': {
      const q = query as StoreQueries['task'];
      if (q.slot !== undefined) {
        if (q.serviceId === undefined) throw new TypeError('a task query by slot needs serviceId');
        sets.push(table.lookup('serviceSlot', serviceSlotKey(q.serviceId, q.slot)));
      } else if (q.serviceId !== undefined) {
        sets.push(table.lookup('serviceId', q.serviceId));
      }
      if (q.nodeId !== undefined) sets.push(table.lookup('nodeId', q.nodeId));
      if (q.desiredState !== undefined) sets.push(table.lookup('desiredState', String(q.desiredState)));
      break;
    }
  }
  return sets;
}
