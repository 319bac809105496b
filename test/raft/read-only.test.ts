// ReadOnly: pending ReadIndex requests and their heartbeat acknowledgements (thesis section 6.4).
import t from 'tap';
import { ReadOnly } from '../../raft/read-only.ts';

t.test('requests are keyed by requester and ctx', async (t) => {
  const ro = new ReadOnly();
  const a = ro.add(5, 'a', 'x');
  const b = ro.add(5, 'b', 'x');
  t.ok(a && b && a.key !== b.key, 'the same ctx from two members is two requests');
  t.equal(ro.add(6, 'a', 'x'), undefined, 'a duplicate while pending is ignored');
  t.equal(ro.lastPendingKey(), b?.key);
});

t.test('acknowledgements accumulate; advancing releases earlier requests too', async (t) => {
  const ro = new ReadOnly();
  const r1 = ro.add(5, 'a', '1')!;
  const r2 = ro.add(6, 'a', '2')!;
  const r3 = ro.add(7, 'a', '3')!;
  ro.recvAck('a', r2.key);
  t.same([...(ro.recvAck('b', r2.key) ?? [])].sort(), ['a', 'b']);
  t.equal(ro.recvAck('b', 'unknown'), undefined);
  const released = ro.advance(r2.key);
  t.same(
    released.map((r) => [r.ctx, r.index]),
    [
      ['1', 5],
      ['2', 6],
    ],
    'a later confirmation covers the earlier requests',
  );
  t.same(ro.advance(r1.key), [], 'already released');
  t.equal(ro.lastPendingKey(), r3.key);
  ro.reset();
  t.equal(ro.lastPendingKey(), '');
  t.same(ro.advance(r3.key), []);
});
