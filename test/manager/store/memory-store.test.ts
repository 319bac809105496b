// MemoryStore: create/update/delete with version and time stamping, optimistic concurrency errors,
// all-or-nothing batches, service name uniqueness, queries, and immutability of what reads return.
import t from 'tap';
import {
  AlreadyExistsError,
  InvalidActionError,
  NameConflictError,
  NotFoundError,
  VersionConflictError,
} from '../../../manager/store/errors.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { nodeFixture, serviceFixture, taskFixture } from '../../proto/fixtures.ts';
import { AT, batch, node, service, task } from './store-fixtures.ts';

const LATER = { seconds: AT.seconds + 60, nanos: 7 };

t.test('create stamps version and both times from the batch; update keeps created_at', async (t) => {
  const s = new MemoryStore();
  const r = s.applyBatch(batch([{ createService: serviceFixture }, { createTask: taskFixture }]), 5);
  t.same(r, { ok: true, index: 5, requestId: 'req', changes: 2 });
  const created = s.get('service', serviceFixture.id!);
  t.same(created?.meta, { version: 5, createdAt: AT, updatedAt: AT }, 'writer-sent meta is ignored');
  t.equal(created?.spec?.annotations?.name, 'web');
  t.equal(s.get('task', taskFixture.id!)?.meta?.version, 5);

  const changed = { ...serviceFixture, specVersion: 99 };
  const u = s.applyBatch(batch([{ updateService: changed, expectedVersion: 5 }], LATER), 9);
  t.equal(u.ok, true);
  const updated = s.get('service', serviceFixture.id!);
  t.same(updated?.meta, { version: 9, createdAt: AT, updatedAt: LATER });
  t.equal(updated?.specVersion, 99);
  t.equal(s.lastBatchIndex, 9);

  const d = s.applyBatch(batch([{ deleteService: { id: serviceFixture.id! }, expectedVersion: 9 }]), 10);
  t.equal(d.ok, true);
  t.equal(s.get('service', serviceFixture.id!), undefined);
  t.equal(s.count('service'), 0);
  t.equal(s.count('task'), 1);
});

t.test('expected_version 0 is unconditional', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createNode: nodeFixture }]), 1);
  s.applyBatch(batch([{ updateNode: nodeFixture }]), 2);
  t.equal(s.get('node', nodeFixture.id!)?.meta?.version, 2);
  t.equal(s.applyBatch(batch([{ deleteNode: { id: nodeFixture.id! } }]), 3).ok, true);
});

t.test('a stale version fails with both versions in the message', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createTask: taskFixture }]), 3);
  s.applyBatch(batch([{ updateTask: taskFixture, expectedVersion: 3 }]), 4);
  for (const action of [
    { updateTask: taskFixture, expectedVersion: 3 },
    { deleteTask: { id: taskFixture.id! }, expectedVersion: 3 },
  ]) {
    const r = s.applyBatch(batch([action]), s.lastBatchIndex + 1);
    if (r.ok) {
      t.fail('stale write accepted');
      continue;
    }
    t.type(r.error, VersionConflictError);
    t.match(r.error, { kind: 'task', id: taskFixture.id, expected: 3, actual: 4 });
    t.match(r.error.message, /expected version 3/);
    t.match(r.error.message, /stored version is 4/);
  }
  t.equal(s.get('task', taskFixture.id!)?.meta?.version, 4, 'nothing changed');
});

t.test('create of an existing id, update/delete of a missing one', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createTask: task('t1', 's1', 1) }]), 1);
  const dup = s.applyBatch(batch([{ createTask: task('t1', 's1', 2) }]), 2);
  t.ok(!dup.ok && dup.error instanceof AlreadyExistsError);
  t.match(!dup.ok && dup.error, { kind: 'task', id: 't1' });
  for (const action of [{ updateTask: task('nope', 's1', 1) }, { deleteService: { id: 'nope' } }]) {
    const r = s.applyBatch(batch([action]), s.lastBatchIndex + 1);
    t.ok(!r.ok && r.error instanceof NotFoundError, 'NotFoundError');
    t.match(!r.ok && r.error, { id: 'nope' });
  }
});

t.test('invalid actions are results, not exceptions', async (t) => {
  const s = new MemoryStore();
  const noMember = s.applyBatch(batch([{ expectedVersion: 3 }]), 1);
  t.ok(!noMember.ok && noMember.error instanceof InvalidActionError);
  const noId = s.applyBatch(batch([{ createTask: task('ok', 's', 1) }, { createTask: { slot: 1 } }]), 2);
  t.match(!noId.ok && noId.error, { actionIndex: 1 });
  const untimed = { ...batch([{ createTask: task('t', 's', 1) }]), proposedAt: null };
  const noTime = s.applyBatch(untimed, 3);
  t.match(
    !noTime.ok && noTime.error,
    { actionIndex: 0, message: /no proposed_at/ },
    'apply never reads a clock',
  );
  t.equal(s.count('task'), 0);
});

t.test('a batch with one bad action changes nothing and notifies no watcher', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(
    batch([{ createService: service('s1', 'web') }, { createTask: task('t1', 's1', 1, 'n1') }]),
    1,
  );
  const before = { services: s.find('service'), tasks: s.find('task') };
  const w = s.watch();
  const r = s.applyBatch(
    batch([
      { createTask: task('t2', 's1', 2, 'n2') },
      { updateTask: task('t1', 's1', 1, 'n9'), expectedVersion: 1 },
      { updateService: service('s1', 'web2', { a: 'b' }), expectedVersion: 1 },
      { deleteTask: { id: 't1' }, expectedVersion: 1 },
      { createService: service('s2', 'web') },
      { createTask: task('t3', 's2', 1) },
    ]),
    2,
  );
  t.ok(!r.ok && r.error instanceof VersionConflictError, 'the delete saw the version the update set');
  t.same(s.find('service'), before.services);
  t.same(s.find('task'), before.tasks);
  t.same(s.find('task', { nodeId: 'n9' }), [], 'indexes rolled back');
  t.same(
    s.find('task', { nodeId: 'n1' }).map((x) => x.id),
    ['t1'],
  );
  t.same(s.find('service', { labels: ['a'] }), []);
  t.same(s.find('service', { name: 'web2' }), []);
  t.equal(s.find('service', { name: 'web' })[0]?.id, 's1');
  t.equal(w.pending, 0);
  w.close();
});

t.test('service names are unique (case-insensitively), renames included', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createService: service('s1', 'web') }, { createService: service('s2', 'db') }]), 1);
  const clash = s.applyBatch(batch([{ createService: service('s3', 'Web') }]), 2);
  t.ok(!clash.ok && clash.error instanceof NameConflictError);
  t.match(!clash.ok && clash.error, { serviceName: 'Web', existingId: 's1' });
  t.match(!clash.ok && clash.error.message, /"Web" is already in use by service s1/);

  const renameOnto = s.applyBatch(batch([{ updateService: service('s2', 'web') }]), 3);
  t.ok(!renameOnto.ok && renameOnto.error instanceof NameConflictError, 'rename onto a taken name');
  t.ok(s.applyBatch(batch([{ updateService: service('s1', 'web') }]), 4).ok, 'keeping its own name');
  t.ok(s.applyBatch(batch([{ updateService: service('s1', 'frontend') }]), 5).ok, 'rename');
  t.ok(s.applyBatch(batch([{ createService: service('s3', 'web') }]), 6).ok, 'the old name is free again');
  t.equal(s.find('service', { name: 'WEB' })[0]?.id, 's3');
  t.equal(s.find('service', { name: 'frontend' })[0]?.id, 's1');
  // Swap two names within one batch through a temporary name.
  const swap = s.applyBatch(
    batch([
      { updateService: service('s1', 'tmp') },
      { updateService: service('s3', 'frontend') },
      { updateService: service('s1', 'web') },
    ]),
    7,
  );
  t.ok(swap.ok);
  t.equal(s.find('service', { name: 'web' })[0]?.id, 's1');
  t.equal(s.find('service', { name: 'frontend' })[0]?.id, 's3');
  t.ok(s.applyBatch(batch([{ deleteService: { id: 's1' } }, { createService: service('s9', 'web') }]), 8).ok);
});

t.test('queries', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(
    batch([
      { createService: service('abc1', 'web', { tier: 'front', team: 'a' }) },
      { createService: service('abd2', 'api', { tier: 'back', team: 'a' }) },
      { createService: service('xyz3', 'db', { 'k=x': 'v' }) },
      { createTask: task('t1', 'abc1', 1, 'n1') },
      { createTask: task('t2', 'abc1', 1, 'n2', 640) },
      { createTask: task('t3', 'abc1', 2, 'n1') },
      { createTask: task('t4', 'abd2', 1) },
      { createNode: node('n1', 1, 0, 2) },
      { createNode: node('n2', 0, 2, 1) },
    ]),
    1,
  );
  const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);
  t.same(ids(s.find('service')), ['abc1', 'abd2', 'xyz3'], 'all, sorted by id');
  t.same(ids(s.find('service', { idPrefix: 'ab' })), ['abc1', 'abd2']);
  t.same(ids(s.find('service', { idPrefix: 'abc1x' })), []);
  t.same(ids(s.find('service', { labels: ['team'] })), ['abc1', 'abd2']);
  t.same(ids(s.find('service', { labels: ['team=a', 'tier=back'] })), ['abd2']);
  t.same(ids(s.find('service', { labels: ['k=x=v'] })), [], 'split at the first =');
  t.same(ids(s.find('service', { labels: ['k=x'] })), [], 'key k is absent');
  t.same(ids(s.find('service', { labels: ['tier=front'], idPrefix: 'abd' })), []);
  t.same(ids(s.find('task', { serviceId: 'abc1' })), ['t1', 't2', 't3']);
  t.same(ids(s.find('task', { serviceId: 'abc1', slot: 1 })), ['t1', 't2']);
  t.same(ids(s.find('task', { serviceId: 'abc1', slot: 1, desiredState: 512 })), ['t1']);
  t.same(ids(s.find('task', { nodeId: 'n1' })), ['t1', 't3']);
  t.same(ids(s.find('task', { nodeId: '' })), ['t4'], 'unassigned');
  t.same(ids(s.find('task', { desiredState: 640 })), ['t2']);
  t.throws(() => s.find('task', { slot: 1 }), TypeError);
  t.same(ids(s.find('node', { role: 1 })), ['n1']);
  t.same(ids(s.find('node', { availability: 2 })), ['n2']);
  t.same(ids(s.find('node', { state: 2, role: 1 })), ['n1']);
  t.same(ids(s.find('node', { state: 2, role: 0 })), []);
  t.same(ids(s.find('cluster')), []);
});

t.test('returned objects cannot change the store', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createService: serviceFixture }]), 1);
  const got = s.get('service', serviceFixture.id!)!;
  t.throws(() => {
    (got as { specVersion: number }).specVersion = 1;
  }, TypeError);
  t.throws(() => {
    got.spec!.annotations!.labels.x = 'y';
  }, TypeError);
  t.throws(() => {
    (got.spec!.endpoint!.ports as unknown[]).push({});
  }, TypeError);
  t.equal(s.find('service', { labels: ['x'] }).length, 0);
  t.equal(s.find('service')[0], got, 'find hands out the same frozen object');
});

t.test('batch indexes must increase', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([]), 4);
  t.throws(() => s.applyBatch(batch([]), 4), RangeError);
  t.throws(() => s.applyBatch(batch([]), 2.5), RangeError);
});

t.test(
  'tasks share equal parts with their previous version and their siblings, values unchanged',
  async (t) => {
    const s = new MemoryStore();
    const withSpec = (id: string, slot: number, nodeId = '') => ({
      ...task(id, 'svc', slot, nodeId),
      spec: { container: { image: 'busybox:1', args: ['sleep', '60'] } },
    });
    s.applyBatch(batch([{ createTask: withSpec('t1', 1) }, { createTask: withSpec('t2', 2) }]), 1);
    const t1 = s.get('task', 't1')!;
    const t2 = s.get('task', 't2')!;
    t.equal(t2.spec, t1.spec, 'siblings created in a run share the spec');
    s.applyBatch(batch([{ updateTask: withSpec('t1', 1, 'n1') }]), 2);
    const t1v2 = s.get('task', 't1')!;
    t.equal(t1v2.spec, t1.spec, 'a new version shares the unchanged spec');
    t.equal(t1v2.nodeId, 'n1');
    t.same(t1v2.spec?.container?.args, ['sleep', '60']);
    t.ok(Object.isFrozen(t1v2.spec?.container?.args));
    t.same(
      s.find('task', { nodeId: 'n1' }).map((x) => x.id),
      ['t1'],
    );
    t.same(
      s.find('task', { nodeId: '' }).map((x) => x.id),
      ['t2'],
    );
  },
);
