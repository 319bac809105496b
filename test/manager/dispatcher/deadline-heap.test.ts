// The indexed deadline heap against a sorted-array model under random set/delete/popDue, and its
// cost: popping what is due inspects only the due entries plus one.
import t from 'tap';
import { DeadlineHeap } from '../../../manager/dispatcher/deadline-heap.ts';
import { SeededRandom } from '../../../raft/random.ts';

t.test('matches a model under random operations', async (t) => {
  const random = new SeededRandom(3);
  const heap = new DeadlineHeap();
  const model = new Map<string, number>();
  let now = 0;
  for (let step = 0; step < 20_000; step++) {
    const op = random.intn(10);
    const key = `k${random.intn(200)}`;
    if (op < 6) {
      const deadline = now + random.intn(1000);
      heap.set(key, deadline);
      model.set(key, deadline);
    } else if (op < 7) {
      if (heap.delete(key) !== model.delete(key)) t.fail(`delete diverged at step ${step}`);
    } else {
      now += random.intn(100);
      const got = heap.popDue(now);
      const want = [...model.entries()].filter(([, d]) => d < now).sort((a, b) => a[1] - b[1]);
      for (const [k] of want) model.delete(k);
      if (got.length !== want.length || got.some((g, i) => g.deadline !== want[i]?.[1])) {
        t.fail(`popDue diverged at step ${step}`);
        return;
      }
      for (let i = 1; i < got.length; i++) {
        if ((got[i]?.deadline ?? 0) < (got[i - 1]?.deadline ?? 0)) t.fail('not earliest first');
      }
    }
    if (heap.size !== model.size) {
      t.fail(`size diverged at step ${step}`);
      return;
    }
  }
  const earliest = Math.min(...model.values());
  t.equal(heap.peekDeadline(), model.size === 0 ? undefined : earliest);
});

t.test('popDue visits only due entries plus the first not due', async (t) => {
  const heap = new DeadlineHeap();
  for (let i = 0; i < 10_000; i++) heap.set(`n${i}`, 1000 + i);
  heap.visited = 0;
  t.same(heap.popDue(1000), [], 'a deadline equal to now is not due');
  t.equal(heap.visited, 1);
  heap.visited = 0;
  const due = heap.popDue(1005);
  t.same(
    due.map((d) => d.key),
    ['n0', 'n1', 'n2', 'n3', 'n4'],
  );
  t.equal(heap.visited, 6);
  t.equal(heap.size, 9995);
});

t.test('moving a deadline later or earlier', async (t) => {
  const heap = new DeadlineHeap();
  heap.set('a', 10);
  heap.set('b', 20);
  heap.set('a', 30);
  t.equal(heap.peekDeadline(), 20);
  heap.set('a', 5);
  t.equal(heap.peekDeadline(), 5);
  t.equal(heap.deadlineOf('a'), 5);
  t.notOk(heap.delete('zz'));
});
