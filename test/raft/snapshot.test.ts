// Log compaction and InstallSnapshot (Raft paper section 7), sent in chunks that resume from the
// last acknowledged byte.
import t from 'tap';
import { ConfChangeType, MessageType, type SnapMessage, type Snapshot } from '../../raft/types.ts';
import { BareRaft, entriesWithTerms, storageWith } from './bare-raft.ts';
import { Network } from './network.ts';

const chunk = 16;
const snapData = new Uint8Array(100).map((_, i) => i);

/**
 * Leader a with c cut off: 10 entries, a snapshot of 100 bytes on a and b at that point (their logs
 * compacted), then 5 more entries. c needs the snapshot, then the 5 entries.
 */
function laggingFollower(): { net: Network; snapIndex: number } {
  const net = new Network(['a', 'b', 'c'], { snapshotChunkSize: chunk });
  net.campaign('a');
  net.isolate('c');
  for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
  const snapIndex = net.compact('a', snapData);
  net.compact('b', snapData);
  for (let i = 10; i < 15; i++) net.propose('a', `v${i}`);
  return { net, snapIndex };
}

const snapsTo = (net: Network, to: string): SnapMessage[] => net.deliveredOf(MessageType.Snap, 'a', to);

t.test('a compacted leader sends a lagging follower its snapshot in chunks, then entries', async (t) => {
  // Reference: section 7 ("the leader must occasionally send snapshots to followers that lag
  // behind ... InstallSnapshot ... Send the entire snapshot in chunks"; "the follower discards its
  // entire log; it is all superseded by the snapshot").
  const { net, snapIndex } = laggingFollower();
  t.equal(net.get('a').storage.firstIndex(), snapIndex + 1, 'leader log compacted');
  t.equal(snapIndex, 3 + 1 + 10);
  net.recover();
  net.tick(1);
  const snaps = snapsTo(net, 'c');
  t.same(
    snaps.map((m) => m.offset),
    [0, 16, 32, 48, 64, 80, 96],
    'every chunk once, in order',
  );
  t.same(
    snaps.map((m) => m.done),
    [false, false, false, false, false, false, true],
  );
  for (const m of snaps) {
    t.ok(m.data.byteLength <= chunk);
    t.equal(m.totalSize, 100);
    t.equal(m.meta.index, snapIndex);
  }
  const c = net.get('c');
  t.equal(c.snapshots.length, 1, 'installed once');
  const installed = c.snapshots[0] as Snapshot;
  t.same([...installed.data], [...snapData], 'the data arrives whole');
  t.same(installed.meta.confState, { voters: ['a', 'b', 'c'], learners: [] });
  t.equal(c.storage.firstIndex(), snapIndex + 1);
  t.same(
    net.appliedData('c'),
    ['v10', 'v11', 'v12', 'v13', 'v14'],
    'entries after the snapshot are applied on top of it',
  );
  t.equal(c.raw.status().applied, net.get('a').raw.status().applied);

  // No append went to c while it was installing.
  const first = net.delivered.indexOf(snaps[0]!);
  const last = net.delivered.indexOf(snaps[snaps.length - 1]!);
  t.same(
    net.delivered.slice(first, last).filter((m) => m.type === MessageType.App && m.to === 'c'),
    [],
    'appends wait while a snapshot is being sent',
  );
  t.equal(net.get('a').raw.status().progress?.get('c')?.state, 'replicate');

  net.propose('a', 'v15');
  t.equal(net.appliedData('c').at(-1), 'v15', 'replication goes on normally');
});

t.test('a lost chunk is re-sent from the last acknowledged offset, not from zero', async (t) => {
  // Reference: section 7 (InstallSnapshot's offset field); thesis section 5.1.
  const { net } = laggingFollower();
  net.recover();
  const attempted: number[] = [];
  net.filter = (m) => {
    if (m.type !== MessageType.Snap) return true;
    attempted.push(m.offset);
    return attempted.length !== 3; // lose the third chunk once
  };
  net.tick(1);
  t.same(attempted, [0, 16, 32], 'the transfer stops at the lost chunk');
  t.equal(net.get('c').snapshots.length, 0);
  net.tick(1);
  t.same(attempted, [0, 16, 32, 32, 48, 64, 80, 96], 'resumed at 32 after the next heartbeat');
  t.equal(net.get('c').snapshots.length, 1);
  t.same([...(net.get('c').snapshots[0]?.data ?? [])], [...snapData]);
  t.equal(net.appliedData('c').length, 5);
});

t.test('a lost acknowledgement is answered again, not restarted', async (t) => {
  // Reference: section 7.
  const { net } = laggingFollower();
  net.recover();
  let acks = 0;
  net.filter = (m) => !(m.type === MessageType.SnapResp && ++acks === 2);
  net.tick(1);
  net.tick(1);
  const offsets = snapsTo(net, 'c').map((m) => m.offset);
  t.notOk(offsets.slice(1).includes(0), `no restart from zero (${offsets})`);
  t.equal(net.get('c').snapshots.length, 1);
  t.same([...(net.get('c').snapshots[0]?.data ?? [])], [...snapData]);
});

t.test('a follower that restarts mid-transfer gets the snapshot from the start', async (t) => {
  // Reference: section 7. The restarted follower has lost the chunks it held in memory, so it
  // answers the next chunk with "0 received" and the leader starts over.
  const { net } = laggingFollower();
  net.recover();
  let n = 0;
  net.filter = (m) => !(m.type === MessageType.Snap && ++n === 3);
  net.tick(1);
  t.equal(net.get('c').snapshots.length, 0);
  net.restart('c');
  net.filter = undefined;
  net.tick(2);
  const offsets = snapsTo(net, 'c').map((m) => m.offset);
  t.same(offsets.slice(0, 3), [0, 16, 32], `before the restart: ${offsets}`);
  t.ok(offsets.lastIndexOf(0) > 0, 'sent again from 0');
  t.same(offsets.slice(offsets.lastIndexOf(0)), [0, 16, 32, 48, 64, 80, 96]);
  const c = net.get('c');
  t.equal(c.snapshots.length, 1);
  t.same([...(c.snapshots[0]?.data ?? [])], [...snapData]);
  t.same(net.appliedData('c'), ['v10', 'v11', 'v12', 'v13', 'v14']);
});

function snap(index: number, term: number, data = new Uint8Array([1, 2, 3])): SnapMessage {
  return {
    type: MessageType.Snap,
    from: 'b',
    to: 'a',
    term: 2,
    meta: { index, term, confState: { voters: ['a', 'b', 'c'], learners: [] } },
    totalSize: data.byteLength,
    offset: 0,
    data,
    done: true,
  };
}

t.test('a snapshot older than the follower commit is acknowledged without installing', async (t) => {
  // Reference: section 7 (a follower that already has the entries keeps them); etcd-io/raft
  // restore() ignores snapshots at or below the commit index.
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms(Array(10).fill(1)), { term: 2, commit: 10 }),
  );
  r.step(snap(5, 1));
  t.same(
    r.takeOf(MessageType.AppResp).map((m) => [m.index, m.reject]),
    [[10, false]],
    'answered with its commit index',
  );
  t.equal(r.raft.raftLog.unstable.snapshot, undefined, 'nothing to install');
  t.equal(r.raft.raftLog.lastIndex(), 10, 'log kept');
});

t.test('a snapshot whose last entry the follower holds only advances its commit', async (t) => {
  // Reference: section 7 ("If instead the follower receives a snapshot that describes a prefix of
  // its log ..., then log entries covered by the snapshot are deleted but entries following the
  // snapshot are still valid and must be retained").
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms(Array(10).fill(1)), { term: 2, commit: 3 }),
  );
  r.step(snap(5, 1));
  t.same(
    r.takeOf(MessageType.AppResp).map((m) => [m.index, m.reject]),
    [[5, false]],
  );
  t.equal(r.raft.raftLog.committed, 5);
  t.equal(r.raft.raftLog.lastIndex(), 10, 'entries after the snapshot retained');
  t.equal(r.raft.raftLog.unstable.snapshot, undefined);
});

t.test('a snapshot that conflicts with the follower log replaces the whole log', async (t) => {
  // Reference: section 7 ("the follower discards its entire log; it is all superseded by the
  // snapshot and may possibly have uncommitted entries that conflict with the snapshot").
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms([1, 1, 1, 1, 1]), { term: 1, commit: 2 }),
  );
  r.step(snap(8, 2, new Uint8Array([9, 9])));
  t.same(
    r.takeOf(MessageType.AppResp).map((m) => [m.index, m.reject]),
    [[8, false]],
  );
  t.equal(r.raft.raftLog.unstable.snapshot?.meta.index, 8, 'handed to the driver');
  t.equal(r.raft.raftLog.lastIndex(), 8);
  t.equal(r.raft.raftLog.committed, 8);
  t.same(r.raft.raftLog.nextCommittedEnts(), [], 'no entries to apply before the snapshot is');
  t.equal(r.raft.promotable(), false, 'cannot campaign while the snapshot is not persisted');
  r.persist();
  t.equal(r.storage.firstIndex(), 9);
  t.equal(r.storage.lastIndex(), 8);
  t.equal(r.raft.raftLog.applied, 8);
  t.equal(r.raft.promotable(), true);
});

t.test('a member added after compaction learns the membership from the snapshot and the log', async (t) => {
  // Reference: section 7 (the snapshot includes "the latest configuration as of the last included
  // index"); thesis section 4.
  const net = new Network(['a', 'b', 'c'], { snapshotChunkSize: chunk });
  net.campaign('a');
  for (let i = 0; i < 5; i++) net.propose('a', `v${i}`);
  const snapIndex = net.compact('a', snapData);
  net
    .get('a')
    .raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 'd', context: new Uint8Array(0) });
  net.settle();
  const d = net.add('d');
  net.tick(2);
  t.equal(d.snapshots.length, 1, 'd starts from the snapshot');
  t.equal(d.snapshots[0]?.meta.index, snapIndex);
  t.same(d.snapshots[0]?.meta.confState, { voters: ['a', 'b', 'c'], learners: [] }, 'which predates d');
  t.same(d.raw.status().confState, { voters: ['a', 'b', 'c'], learners: ['d'] }, 'the log adds d');
  net.propose('a', 'after');
  t.same(net.appliedData('d'), ['after']);
});

t.test(
  'a snapshot made obsolete by a compaction during its transfer is followed by the new one',
  async (t) => {
    // Reference: section 7 (the follower ends up with the leader's current state whatever the leader
    // compacted meanwhile).
    const { net, snapIndex } = laggingFollower();
    net.recover();
    let n = 0;
    net.filter = (m) => !(m.type === MessageType.Snap && ++n === 3);
    net.tick(1);
    t.equal(net.get('c').snapshots.length, 0, 'transfer stalled');
    for (let i = 15; i < 20; i++) net.propose('a', `v${i}`);
    const newer = new Uint8Array(40).fill(7);
    const second = net.compact('a', newer);
    t.ok(second > snapIndex);
    net.filter = undefined;
    net.tick(3);
    const c = net.get('c');
    t.same(
      c.snapshots.map((s) => s.meta.index),
      [snapIndex, second],
      'the old snapshot completes, then the current one is sent',
    );
    t.same([...(c.snapshots[1]?.data ?? [])], [...newer]);
    t.equal(c.raw.status().applied, net.get('a').raw.status().applied);
    net.propose('a', 'v20');
    t.equal(net.appliedData('c').at(-1), 'v20');
  },
);
