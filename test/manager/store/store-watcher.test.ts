// Watching the store: every change in commit order with old and new objects, filters by kind,
// action and predicate, overflow of a slow consumer, close, and the reset a snapshot restore causes.
import t from 'tap';
import { StoreRestoredError, WatchOverflowError } from '../../../manager/store/errors.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreEvent } from '../../../manager/store/store-event.ts';
import type { StoreWatcher } from '../../../manager/store/store-watcher.ts';
import { batch, service, task } from './store-fixtures.ts';

async function take(w: StoreWatcher, n: number): Promise<StoreEvent[]> {
  const out: StoreEvent[] = [];
  for (let i = 0; i < n; i++) {
    const r = await w.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const summary = (e: StoreEvent) => `${e.version}:${e.action}:${e.kind}:${e.object.id}`;

t.test('events arrive in commit order with the objects before and after', async (t) => {
  const s = new MemoryStore();
  const w = s.watch();
  s.applyBatch(batch([{ createService: service('s1', 'web') }, { createTask: task('t1', 's1', 1) }]), 1);
  s.applyBatch(batch([{ updateTask: task('t1', 's1', 1, 'n1'), expectedVersion: 1 }]), 2);
  s.applyBatch(batch([{ updateTask: task('t1', 's1', 1, 'n2'), expectedVersion: 1 }]), 3); // fails: no event
  s.applyBatch(batch([{ deleteTask: { id: 't1' } }, { deleteService: { id: 's1' } }]), 4);
  const events = await take(w, 5);
  t.same(events.map(summary), [
    '1:create:service:s1',
    '1:create:task:t1',
    '2:update:task:t1',
    '4:delete:task:t1',
    '4:delete:service:s1',
  ]);
  const update = events[2]!;
  t.equal(update.kind === 'task' && update.object.nodeId, 'n1');
  t.equal(update.kind === 'task' && update.oldObject?.nodeId, '');
  t.equal(update.object.meta?.version, 2);
  t.equal(events[3]!.kind === 'task' && events[3]!.object.nodeId, 'n1', 'a delete carries the last object');
  t.notOk('oldObject' in events[0]!, 'a create has no oldObject');
  t.equal(w.pending, 0);
});

t.test('a consumer waiting in next() is woken by the next apply', async (t) => {
  const s = new MemoryStore();
  const w = s.watch();
  const waiting = w.next();
  s.applyBatch(batch([{ createService: service('s1', 'web') }]), 1);
  const r = await waiting;
  t.equal(!r.done && r.value.object.id, 's1');
  const second = w.next();
  await t.rejects(w.next(), /already pending/, 'one reader at a time');
  w.close();
  t.same(await second, { value: undefined, done: true });
});

t.test('filters by kind, action and predicate', async (t) => {
  const s = new MemoryStore();
  const tasksOnly = s.watch({ kinds: ['task'] });
  const deletes = s.watch({ actions: ['delete'] });
  const onN1 = s.watch({ predicate: (e) => e.kind === 'task' && e.object.nodeId === 'n1' });
  const throwing = s.watch({
    predicate: () => {
      throw new Error('consumer bug');
    },
  });
  s.applyBatch(
    batch([
      { createService: service('s1', 'web') },
      { createTask: task('t1', 's1', 1, 'n1') },
      { createTask: task('t2', 's1', 2, 'n2') },
    ]),
    1,
  );
  s.applyBatch(batch([{ deleteTask: { id: 't1' } }, { deleteService: { id: 's1' } }]), 2);
  t.same((await take(tasksOnly, 3)).map(summary), [
    '1:create:task:t1',
    '1:create:task:t2',
    '2:delete:task:t1',
  ]);
  t.same((await take(deletes, 2)).map(summary), ['2:delete:task:t1', '2:delete:service:s1']);
  t.same((await take(onN1, 2)).map(summary), ['1:create:task:t1', '2:delete:task:t1']);
  t.equal(throwing.pending, 0, 'a throwing predicate drops the event and does not break apply');
  t.equal(s.count('task'), 1);
});

t.test('a slow watcher overflows and is closed without blocking apply or the other watchers', async (t) => {
  const s = new MemoryStore();
  const slow = s.watch({ queueLimit: 3 });
  const fast = s.watch();
  const seen: string[] = [];
  const draining = (async () => {
    for await (const e of fast) seen.push(e.object.id);
  })();
  for (let i = 1; i <= 5; i++) s.applyBatch(batch([{ createTask: task(`t${i}`, 's', i) }]), i);
  t.equal(slow.isClosed, true);
  t.equal(slow.pending, 0, 'the queue is dropped');
  await t.rejects(slow.next(), WatchOverflowError);
  await t.rejects(slow.next(), { limit: 3, message: /fell more than 3 events behind/ });
  t.equal(s.count('task'), 5, 'apply went on');
  fast.close();
  await draining;
  t.same(seen, ['t1', 't2', 't3', 't4', 't5'], 'the other watcher saw everything');
  s.applyBatch(batch([{ createTask: task('t6', 's', 6) }]), 6);
  t.equal(fast.pending, 0, 'a closed watcher gets nothing more');
});

t.test('exactly queueLimit unread events is not an overflow', async (t) => {
  const s = new MemoryStore();
  const w = s.watch({ queueLimit: 2 });
  s.applyBatch(batch([{ createTask: task('a', 's', 1) }, { createTask: task('b', 's', 2) }]), 1);
  t.equal(w.isClosed, false);
  t.same(
    (await take(w, 2)).map((e) => e.object.id),
    ['a', 'b'],
  );
  s.applyBatch(batch([{ createTask: task('c', 's', 3) }]), 2);
  t.same(
    (await take(w, 1)).map((e) => e.object.id),
    ['c'],
  );
});

t.test('close lets queued events be read, then ends the iteration', async (t) => {
  const s = new MemoryStore();
  const w = s.watch();
  s.applyBatch(batch([{ createTask: task('a', 's', 1) }]), 1);
  w.close();
  s.applyBatch(batch([{ createTask: task('b', 's', 2) }]), 2);
  const ids: string[] = [];
  for await (const e of w) ids.push(e.object.id);
  t.same(ids, ['a']);
  const pending = s.watch();
  const next = pending.next();
  pending.close();
  t.same(await next, { value: undefined, done: true }, 'a pending next() resolves done');
});

t.test('a restore fails every watcher so the consumer resyncs', async (t) => {
  const s = new MemoryStore();
  s.applyBatch(batch([{ createTask: task('a', 's', 1) }]), 7);
  const w = s.watch();
  const waiting = w.next();
  const other = new MemoryStore();
  s.importSnapshot({ ...other.exportSnapshot(), lastBatchIndex: 9 } as Parameters<
    MemoryStore['importSnapshot']
  >[0]);
  await t.rejects(waiting, StoreRestoredError);
  const err = await w.next().catch((e: unknown) => e);
  t.equal(err instanceof StoreRestoredError && err.lastBatchIndex, 9);
  t.equal(s.count('task'), 0);
  t.equal(s.lastBatchIndex, 9);
});
