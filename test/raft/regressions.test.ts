// Regression tests for core bugs found by the simulation (test/sim); each names the seed.
import t from 'tap';
import { MessageType } from '../../raft/types.ts';
import { Network } from './network.ts';

t.test('sim seed 5 (5 nodes): a lost window of pipelined appends does not stall a follower', async (t) => {
  const net = new Network(['a', 'b', 'c'], { maxInflightMsgs: 2 });
  net.campaign('a');
  // Fill c's window with appends that are lost.
  net.filter = (m) => !(m.type === MessageType.App && m.to === 'c');
  for (let i = 0; i < 6; i++) net.propose('a', `v${i}`);
  const before = net.get('a').raw.status().progress?.get('c');
  t.equal(before?.inflight, 2, 'window towards c is full of lost appends');
  net.recover();
  // Heartbeat responses from c must reopen the window and the rejection must re-probe.
  net.tick(3);
  t.same(net.appliedData('c'), net.appliedData('a'), 'c caught up');
  t.equal(net.appliedData('c').length, 6);
});

t.test(
  'sim seed 6: a follower that installed a snapshot the leader has compacted past gets the new one',
  async (t) => {
    const net = new Network(['a', 'b', 'c'], { snapshotChunkSize: 16 });
    net.campaign('a');
    net.isolate('c');
    for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
    const a = net.get('a');
    const snapAt = (index: number): void => {
      a.storage.createSnapshot(index, a.raw.status().confState, new TextEncoder().encode(`state@${index}`));
      a.storage.compact(index);
    };
    snapAt(a.raw.status().applied);
    net.recover();
    // c installs the snapshot, but its acknowledgement is lost...
    const first = a.storage.snapshot().meta.index;
    net.filter = (m) => !(m.type === MessageType.AppResp && m.from === 'c' && !m.reject && m.index >= first);
    net.tick(3);
    t.equal(net.get('c').raw.status().commit, first, 'c installed the first snapshot');
    // ...and meanwhile the leader moves on and compacts past that snapshot.
    for (let i = 0; i < 5; i++) net.propose('a', `w${i}`);
    snapAt(a.raw.status().applied);
    net.recover();
    net.tick(5);
    const c = net.get('c').raw.status();
    const leader = a.raw.status();
    t.equal(c.commit, leader.commit, 'c converged to the leader');
    t.equal(leader.progress?.get('c')?.state, 'replicate', 'c is replicating, not stuck in snapshot state');
  },
);
