// StoreStateMachine, the Raft driver's view of the store: entries decode to batches (garbage is a
// decode error result), snapshots round-trip to an equal store, are byte-identical on two managers
// that applied the same entries, and bad snapshots are refused with a clear error.
import t from 'tap';
import {
  NameConflictError,
  StoreDecodeError,
  UnsupportedSnapshotFormatError,
} from '../../../manager/store/errors.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { encodeBatch, encodeSnapshot } from '../../../manager/store/store-codec.ts';
import { STORE_KINDS } from '../../../manager/store/store-kind.ts';
import { StoreStateMachine } from '../../../manager/store/store-state-machine.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import { EntryType } from '../../../raft/types.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { nodeFixture, processTaskFixture, serviceFixture, taskFixture } from '../../proto/fixtures.ts';
import { AT, service, task } from './store-fixtures.ts';

const entry = (index: number, data: Uint8Array) => ({ term: 1, index, type: EntryType.Normal, data });

const cluster = {
  id: 'c0000000000000000000000001',
  spec: { annotations: { name: 'default', labels: { site: 'lab' } } },
  rootCa: {
    caCert: Buffer.from('-----BEGIN CERTIFICATE-----\n'),
    caKey: Buffer.from('-----BEGIN PRIVATE KEY-----\n'),
    caCertDigest: 'sha256:00ff',
    joinTokens: { worker: 'SWMTKN-1-w', manager: 'SWMTKN-1-m' },
  },
};

/** A populated store history: every kind, every fixture, updates and deletes, one failing batch. */
function history(): Uint8Array[] {
  const rng = new SeededRandom(42);
  const batches: StoreAction[][] = [
    [{ createCluster: cluster }, { createNode: nodeFixture }, { createService: serviceFixture }],
    [
      { createTask: taskFixture },
      { createTask: { ...processTaskFixture, id: 'p0000000000000000000000001' } },
    ],
    [{ createService: service('s2', 'web') }], // name taken: fails
  ];
  for (let i = 0; i < 200; i++) {
    batches.push(
      Array.from({ length: 5 }, (_, j) => ({
        createTask: task(`t${String(i * 5 + j).padStart(4, '0')}`, 's2', 1 + rng.intn(9), `n${rng.intn(4)}`),
      })),
    );
  }
  batches.push([{ deleteTask: { id: 't0003' } }, { updateNode: { ...nodeFixture, role: 0 } }]);
  return batches.map((b, i) => encodeBatch(b, { seconds: AT.seconds + i, nanos: i }, `r${i}`));
}

function applyAll(sm: StoreStateMachine, entries: readonly Uint8Array[]): void {
  entries.forEach((data, i) => {
    sm.apply(entry(i + 10, data));
  });
}

function contents(s: MemoryStore): unknown {
  return Object.fromEntries(STORE_KINDS.map((k) => [k, s.find(k)]));
}

t.test('apply decodes the entry and returns the batch result', async (t) => {
  const sm = new StoreStateMachine(new MemoryStore());
  const ok = sm.apply(entry(3, encodeBatch([{ createService: service('s1', 'web') }], AT, 'req-1')));
  t.same(ok, { ok: true, index: 3, requestId: 'req-1', changes: 1 });
  const clash = sm.apply(entry(4, encodeBatch([{ createService: service('s2', 'web') }], AT, 'req-2')));
  t.ok(!clash.ok && clash.error instanceof NameConflictError);
  t.equal(clash.requestId, 'req-2');
  t.equal(sm.store.get('service', 's1')?.meta?.version, 3);
});

t.test('garbage entry bytes are a decode error result, not a crash', async (t) => {
  const sm = new StoreStateMachine(new MemoryStore());
  const garbage = [
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
    Buffer.from([0x0a, 0x05, 0x01]),
    Buffer.from([0x0f]),
  ];
  garbage.forEach((data, i) => {
    const r = sm.apply(entry(i + 1, data));
    t.ok(!r.ok && r.error instanceof StoreDecodeError, `garbage ${data.toString('hex')}`);
    t.match(!r.ok && r.error.message, /cannot decode store batch/);
  });
  t.equal(sm.store.count('task') + sm.store.count('service'), 0);
  t.ok(sm.apply(entry(9, encodeBatch([{ createTask: task('t', 's', 1) }], AT))).ok, 'the store goes on');
});

t.test('snapshot then restore gives an equal store; the bytes are deterministic', async (t) => {
  const entries = history();
  const a = new StoreStateMachine(new MemoryStore());
  const b = new StoreStateMachine(new MemoryStore());
  applyAll(a, entries);
  applyAll(b, entries);
  t.equal(a.store.count('task'), 1001);
  const snap = a.snapshot();
  t.ok(Buffer.from(snap).equals(Buffer.from(b.snapshot())), 'two stores, same entries: same bytes');

  const restored = new StoreStateMachine(new MemoryStore());
  restored.apply(entry(1, encodeBatch([{ createTask: task('stale', 's', 1) }], AT)));
  restored.restore(snap);
  t.same(contents(restored.store), contents(a.store), 'deep-equal content');
  t.equal(
    restored.store.get('cluster', cluster.id)?.rootCa?.caKey.toString(),
    '-----BEGIN PRIVATE KEY-----\n',
  );
  t.equal(restored.store.get('task', 'stale'), undefined, 'restore replaces everything');
  t.equal(restored.store.lastBatchIndex, a.store.lastBatchIndex);
  t.ok(Buffer.from(restored.snapshot()).equals(Buffer.from(snap)), 're-snapshot is byte-identical');
  t.same(
    restored.store.find('task', { serviceId: 's2', nodeId: 'n1', slot: 3 }),
    a.store.find('task', { serviceId: 's2', nodeId: 'n1', slot: 3 }),
    'indexes rebuilt',
  );
  t.ok(restored.store.find('task', { serviceId: 's2', nodeId: 'n1', slot: 3 }).length > 0);
  const next = encodeBatch([{ updateTask: task('t0001', 's2', 1), expectedVersion: 1 }], AT);
  const r1 = a.apply(entry(1000, next));
  const r2 = restored.apply(entry(1000, next));
  t.same(r2.ok, r1.ok, 'the restored store applies the next entry alike');
  t.ok(Buffer.from(restored.snapshot()).equals(Buffer.from(a.snapshot())));
});

t.test('a different order of the same changes gives different versions, hence different bytes', async (t) => {
  const one = encodeBatch([{ createTask: task('x', 's', 1) }], AT);
  const two = encodeBatch([{ createTask: task('y', 's', 1) }], AT);
  const a = new StoreStateMachine(new MemoryStore());
  const b = new StoreStateMachine(new MemoryStore());
  a.apply(entry(1, one));
  a.apply(entry(2, two));
  b.apply(entry(1, two));
  b.apply(entry(2, one));
  t.notOk(Buffer.from(a.snapshot()).equals(Buffer.from(b.snapshot())), 'the check above can fail');
});

t.test('an empty payload restores the empty store (bootstrap snapshot)', async (t) => {
  const sm = new StoreStateMachine(new MemoryStore());
  sm.apply(entry(1, encodeBatch([{ createTask: task('a', 's', 1) }], AT)));
  sm.restore(new Uint8Array());
  t.equal(sm.store.count('task'), 0);
  t.equal(sm.store.lastBatchIndex, 0);
});

t.test('bad snapshots are refused with a clear error and change nothing', async (t) => {
  const sm = new StoreStateMachine(new MemoryStore());
  sm.apply(entry(1, encodeBatch([{ createTask: task('keep', 's', 1) }], AT)));
  const before = sm.snapshot();
  t.throws(() => sm.restore(Buffer.from([0xff, 0xff, 0xff])), StoreDecodeError);
  t.throws(() => sm.restore(Buffer.from([0xff, 0xff, 0xff])), /cannot decode store snapshot/);
  t.throws(() => sm.restore(encodeSnapshot({ formatVersion: 2 })), UnsupportedSnapshotFormatError);
  t.throws(
    () => sm.restore(encodeSnapshot({ formatVersion: 2 })),
    /format 2 is not supported \(this manager reads format 1\)/,
  );
  t.throws(
    () => sm.restore(encodeSnapshot({ formatVersion: 0, tasks: [task('x', 's', 1)] })),
    /format 0 is not supported/,
  );
  t.throws(
    () => sm.restore(encodeSnapshot({ formatVersion: 1, tasks: [task('x', 's', 1), task('x', 's', 2)] })),
    /task x appears twice/,
  );
  t.throws(
    () =>
      sm.restore(encodeSnapshot({ formatVersion: 1, services: [service('a', 'web'), service('b', 'WEB')] })),
    /share the name/,
  );
  t.throws(() => sm.restore(encodeSnapshot({ formatVersion: 1, nodes: [{ id: '' }] })), /has no id/);
  t.ok(Buffer.from(sm.snapshot()).equals(Buffer.from(before)), 'the store is as it was');
  t.ok(sm.store.get('task', 'keep'));
});

t.test('the cached snapshot encoding equals encoding the whole message, after changes too', async (t) => {
  const sm = new StoreStateMachine(new MemoryStore());
  applyAll(sm, history().slice(0, 20));
  const whole = () => Buffer.from(encodeSnapshot(sm.store.exportSnapshot()));
  t.ok(Buffer.from(sm.snapshot()).equals(whole()), 'first snapshot');
  sm.apply(
    entry(
      500,
      encodeBatch([{ updateTask: task('t0001', 's2', 7, 'n9') }, { deleteTask: { id: 't0002' } }], AT),
    ),
  );
  const second = Buffer.from(sm.snapshot());
  t.ok(second.equals(whole()), 'after an update and a delete');
  const empty = new StoreStateMachine(new MemoryStore());
  t.ok(
    Buffer.from(empty.snapshot()).equals(Buffer.from(encodeSnapshot(empty.store.exportSnapshot()))),
    'empty',
  );
});
