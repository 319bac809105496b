// Inflights: the bounded ring of AppendEntries in flight to one follower.
import t from 'tap';
import { Inflights } from '../../raft/inflights.ts';

t.test('adds until full, then refuses', async (t) => {
  const f = new Inflights(3);
  t.notOk(f.full());
  f.add(1);
  f.add(2);
  t.equal(f.length(), 2);
  f.add(3);
  t.ok(f.full());
  t.throws(() => f.add(4), /full/);
});

t.test('freeLE frees every message up to an index, in order', async (t) => {
  const f = new Inflights(5);
  for (const i of [2, 4, 6, 8, 10]) f.add(i);
  f.freeLE(1);
  t.equal(f.length(), 5, 'nothing at or below 1');
  f.freeLE(5);
  t.equal(f.length(), 3, '2 and 4 freed');
  f.freeLE(6);
  t.equal(f.length(), 2);
  f.freeLE(100);
  t.equal(f.length(), 0);
  f.freeLE(100);
  t.equal(f.length(), 0, 'freeing an empty window is harmless');
});

t.test('the ring wraps around', async (t) => {
  const f = new Inflights(3);
  let next = 1;
  for (let round = 0; round < 10; round++) {
    while (!f.full()) f.add(next++);
    f.freeLE(next - 3); // free the oldest one
    t.equal(f.length(), 2, `round ${round}`);
  }
  f.freeLE(next - 2);
  t.equal(f.length(), 1);
  f.freeLE(next - 1);
  t.equal(f.length(), 0);
});

t.test('reset empties the window', async (t) => {
  const f = new Inflights(2);
  f.add(1);
  f.add(2);
  f.reset();
  t.equal(f.length(), 0);
  f.add(7);
  f.freeLE(6);
  t.equal(f.length(), 1, 'fresh after reset');
});
