import t from 'tap';
import { RaftTimeoutError } from '../../../manager/raftnode/errors.ts';
import { RaftNode } from '../../../manager/raftnode/raft-node.ts';
import { NotLeaderError } from '../../../raft/errors.ts';
import { MemoryStorage } from '../../../raft/memory-storage.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { CounterMachine, MemoryHub, MemoryPersistence } from './in-memory.ts';

function cluster(ids: string[], opts: { snapshotEvery?: number } = {}) {
  const hub = new MemoryHub();
  const nodes = ids.map((id, i) => {
    const sm = new CounterMachine();
    const persistence = new MemoryPersistence();
    const node = new RaftNode<number>({
      id,
      storage: MemoryStorage.bootstrap(ids),
      persistence,
      transport: hub.transport(id),
      stateMachine: sm,
      tickMs: 10,
      snapshotEvery: opts.snapshotEvery ?? 10_000,
      snapshotCatchUpEntries: 5,
      raft: { random: new SeededRandom(i + 1) },
    });
    return { id, node, sm, persistence };
  });
  for (const n of nodes) n.node.start();
  return { hub, nodes };
}

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

t.test('proposals resolve with the state machine result once applied', async (t) => {
  const { nodes } = cluster(['a', 'b', 'c']);
  t.teardown(() => Promise.all(nodes.map((n) => n.node.stop())));
  const a = nodes[0]!;
  a.node.campaign();
  await waitFor(() => a.node.isLeader(), 'a to lead');
  const results = await Promise.all([1, 2, 3].map((v) => a.node.propose(new Uint8Array([v]))));
  t.same(
    [...results].sort((x, y) => x - y),
    [1, 3, 6],
    'each proposal sees the running total',
  );
  t.equal(a.sm.total, 6);
  await a.node.readBarrier();
  await waitFor(() => nodes.every((n) => n.sm.total === 6), 'followers to apply');
  t.ok(a.persistence.saves > 0);
});

t.test('a follower refuses proposals naming the leader', async (t) => {
  const { nodes } = cluster(['a', 'b', 'c']);
  t.teardown(() => Promise.all(nodes.map((n) => n.node.stop())));
  nodes[0]!.node.campaign();
  await waitFor(() => nodes[1]!.node.leader() === 'a', 'b to know the leader');
  await t.rejects(nodes[1]!.node.propose(new Uint8Array([1])), NotLeaderError);
  await nodes[1]!.node.readBarrier();
});

t.test('snapshots are taken and the log compacted', async (t) => {
  const { nodes } = cluster(['a', 'b', 'c'], { snapshotEvery: 20 });
  t.teardown(() => Promise.all(nodes.map((n) => n.node.stop())));
  const a = nodes[0]!;
  a.node.campaign();
  await waitFor(() => a.node.isLeader(), 'a to lead');
  for (let i = 0; i < 60; i++) await a.node.propose(new Uint8Array([1]));
  t.equal(a.sm.total, 60);
  t.ok(a.persistence.snapshots.length >= 2, 'snapshots saved');
  t.ok(a.node.status().firstIndex > 1, 'log compacted');
});

t.test('a proposal or read that cannot reach a quorum times out', async (t) => {
  const { hub, nodes } = cluster(['a', 'b', 'c']);
  t.teardown(() => Promise.all(nodes.map((n) => n.node.stop())));
  const a = nodes[0]!;
  a.node.campaign();
  await waitFor(() => a.node.isLeader(), 'a to lead');
  hub.down.add('b');
  hub.down.add('c');
  await t.rejects(a.node.propose(new Uint8Array([1]), 100), RaftTimeoutError);
  await t.rejects(a.node.readBarrier(100), RaftTimeoutError);
});
