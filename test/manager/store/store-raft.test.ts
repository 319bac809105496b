// The store behind a real RaftNode (in-memory transport and persistence): a proposer gets a
// rejected batch back through propose()'s promise, and a member cut off past the log compaction
// catches up by snapshot into a byte-identical store.
import t from 'tap';
import { RaftNode } from '../../../manager/raftnode/raft-node.ts';
import { VersionConflictError } from '../../../manager/store/errors.ts';
import { type BatchResult, MemoryStore } from '../../../manager/store/memory-store.ts';
import { encodeBatch } from '../../../manager/store/store-codec.ts';
import { StoreStateMachine } from '../../../manager/store/store-state-machine.ts';
import { MemoryStorage } from '../../../raft/memory-storage.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { MemoryHub, MemoryPersistence } from '../raftnode/in-memory.ts';
import { AT, task } from './store-fixtures.ts';

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

t.test('three managers replicate the store; conflicts come back to the proposer', async (t) => {
  const ids = ['a', 'b', 'c'];
  const hub = new MemoryHub();
  const members = ids.map((id, i) => {
    const sm = new StoreStateMachine(new MemoryStore());
    const node = new RaftNode<BatchResult>({
      id,
      storage: MemoryStorage.bootstrap(ids),
      persistence: new MemoryPersistence(),
      transport: hub.transport(id),
      stateMachine: sm,
      tickMs: 10,
      snapshotEvery: 20,
      snapshotCatchUpEntries: 5,
      raft: { random: new SeededRandom(i + 1) },
    });
    node.start();
    return { id, node, sm };
  });
  t.teardown(() => Promise.all(members.map((m) => m.node.stop())));
  const [a, b, c] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
  a.node.campaign();
  await waitFor(() => a.node.isLeader(), 'a to lead');

  const created = await a.node.propose(encodeBatch([{ createTask: task('t1', 's1', 1) }], AT, 'create'));
  t.ok(created.ok, 'created');
  const version = a.sm.store.get('task', 't1')?.meta?.version ?? 0;
  t.equal(version, created.index);
  const stale = await a.node.propose(
    encodeBatch([{ updateTask: task('t1', 's1', 1, 'n1'), expectedVersion: version - 1 }], AT, 'stale'),
  );
  t.ok(!stale.ok && stale.error instanceof VersionConflictError, 'the conflict is the proposal result');
  t.equal(stale.requestId, 'stale');

  hub.down.add('c');
  let applied = 0;
  for (let i = 0; i < 60; i++) {
    const r = await a.node.propose(encodeBatch([{ createTask: task(`x${i}`, 's1', i) }], AT));
    if (r.ok) applied++;
  }
  t.equal(applied, 60, 'every batch applied on the leader');
  t.ok(a.node.status().firstIndex > c.sm.store.lastBatchIndex, 'the log c needs is compacted');
  hub.down.delete('c');
  await waitFor(() => c.sm.store.count('task') === 61, 'c to catch up by snapshot');
  await waitFor(() => b.sm.store.count('task') === 61, 'b to apply');
  const bytes = Buffer.from(a.sm.snapshot());
  t.ok(bytes.equals(Buffer.from(b.sm.snapshot())), 'b is byte-identical');
  t.ok(bytes.equals(Buffer.from(c.sm.snapshot())), 'c is byte-identical after restoring a snapshot');
});
