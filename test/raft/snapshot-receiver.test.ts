// SnapshotReceiver: the follower's side of chunked InstallSnapshot (section 7, offset/done fields).
import t from 'tap';
import { SnapshotReceiver } from '../../raft/snapshot-receiver.ts';
import { MessageType, type SnapMessage } from '../../raft/types.ts';

const data = new Uint8Array(10).map((_, i) => i + 1);

function chunk(offset: number, len: number, index = 5, total = data.length): SnapMessage {
  return {
    type: MessageType.Snap,
    from: 'l',
    to: 'f',
    term: 1,
    meta: { index, term: 1, confState: { voters: ['l', 'f'], learners: [] } },
    totalSize: total,
    offset,
    data: data.subarray(offset, offset + len),
    done: offset + len >= total,
  };
}

t.test('chunks in order assemble the snapshot', async (t) => {
  const r = new SnapshotReceiver();
  t.same(r.accept(chunk(0, 4)), { kind: 'partial', received: 4 });
  t.equal(r.progressOf(5, 1), 4);
  t.same(r.accept(chunk(4, 4)), { kind: 'partial', received: 8 });
  const done = r.accept(chunk(8, 2));
  t.equal(done.kind, 'complete');
  if (done.kind === 'complete') {
    t.same([...done.snapshot.data], [...data]);
    t.equal(done.snapshot.meta.index, 5);
  }
  t.equal(r.progressOf(5, 1), 0, 'reset after completion');
});

t.test('a repeated or out-of-order chunk is answered with what was received', async (t) => {
  const r = new SnapshotReceiver();
  r.accept(chunk(0, 4));
  t.same(r.accept(chunk(0, 4)), { kind: 'partial', received: 4 }, 'duplicate');
  t.same(r.accept(chunk(8, 2)), { kind: 'partial', received: 4 }, 'gap: asks for 4 again');
  t.equal(r.accept(chunk(4, 6)).kind, 'complete');
});

t.test('a chunk of a snapshot never started asks for the beginning', async (t) => {
  const r = new SnapshotReceiver();
  t.same(r.accept(chunk(4, 4)), { kind: 'partial', received: 0 });
  r.accept(chunk(0, 4));
  t.same(r.accept(chunk(4, 4, 9)), { kind: 'partial', received: 0 }, 'another snapshot mid-way');
  // A stray chunk must not discard the transfer in progress (review finding 8).
  t.equal(r.progressOf(5, 1), 4, 'the transfer in progress is kept');
});

t.test('a newer snapshot starting at 0 replaces a transfer in progress', async (t) => {
  const r = new SnapshotReceiver();
  r.accept(chunk(0, 4));
  t.same(r.accept(chunk(0, 3, 9)), { kind: 'partial', received: 3 });
  t.equal(r.progressOf(9, 1), 3);
  t.equal(r.progressOf(5, 1), 0);
});

t.test('inconsistent sizes restart the transfer', async (t) => {
  const r = new SnapshotReceiver();
  const over: SnapMessage = { ...chunk(0, 4), totalSize: 3 };
  t.same(r.accept(over), { kind: 'partial', received: 0 }, 'more bytes than announced');
  const short: SnapMessage = { ...chunk(0, 4), done: true };
  t.same(r.accept(short), { kind: 'partial', received: 0 }, 'done before all bytes arrived');
  const empty: SnapMessage = { ...chunk(0, 0, 5, 0), done: true };
  t.equal(r.accept(empty).kind, 'complete', 'an empty snapshot is one chunk');
});
