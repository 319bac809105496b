// LogTerms against a plain array model: the terms the WAL uses to tell a snapshot that continues
// the log from one that replaces it.
import t from 'tap';
import { LogTerms } from '../../../../manager/raftnode/wal/log-terms.ts';
import { SeededRandom } from '../../../../raft/random.ts';

const e = (index: number, term: number) => ({ index, term });

t.test('terms by index through appends and a follower truncation', async (t) => {
  const lt = new LogTerms();
  lt.append([e(1, 1), e(2, 1), e(3, 2), e(4, 2), e(5, 3)]);
  t.same(
    [0, 1, 2, 3, 4, 5, 6].map((i) => lt.termAt(i)),
    [0, 1, 1, 2, 2, 3, undefined],
  );
  lt.append([e(3, 4)]);
  t.equal(lt.lastIndex, 3);
  t.same(
    [1, 2, 3, 4].map((i) => lt.termAt(i)),
    [1, 1, 4, undefined],
  );
});

t.test('reset starts an empty log after the snapshot; compact keeps the suffix', async (t) => {
  const lt = new LogTerms();
  lt.append([e(1, 1), e(2, 2), e(3, 2), e(4, 3)]);
  lt.compact(3, 2);
  t.equal(lt.baseIndex, 3);
  t.same(
    [2, 3, 4].map((i) => lt.termAt(i)),
    [undefined, 2, 3],
  );
  lt.reset(10, 5);
  t.equal(lt.lastIndex, 10);
  t.equal(lt.termAt(10), 5);
  t.equal(lt.termAt(4), undefined);
  lt.append([e(9, 5), e(11, 5)]);
  t.equal(lt.lastIndex, 11, 'entries at or below the base are ignored');
});

t.test('checkAppend refuses gaps and non-contiguous batches', async (t) => {
  const lt = new LogTerms(5, 1);
  t.equal(lt.checkAppend([]), undefined);
  t.equal(lt.checkAppend([e(6, 1), e(7, 1)]), undefined);
  t.match(lt.checkAppend([e(7, 1)]), /gap after the last index 5/);
  t.match(lt.checkAppend([e(6, 1), e(8, 1)]), /not contiguous/);
  t.equal(lt.checkAppend([e(3, 1)]), undefined, 'overwrites are allowed');
});

t.test('matches a plain array model under random appends, truncations and compactions', async (t) => {
  const rng = new SeededRandom(42);
  const lt = new LogTerms();
  let base = 0;
  let baseTerm = 0;
  let terms: number[] = []; // terms[i] is the term of index base + 1 + i
  let term = 1;
  for (let step = 0; step < 3000; step++) {
    const last = base + terms.length;
    const r = rng.intn(10);
    if (r === 0 && last > base) {
      const at = base + 1 + rng.intn(last - base);
      const atTerm = terms[at - base - 1]!;
      lt.compact(at, atTerm);
      terms = terms.slice(at - base);
      base = at;
      baseTerm = atTerm;
    } else if (r === 1) {
      base = last + rng.intn(5);
      baseTerm = ++term;
      terms = [];
      lt.reset(base, baseTerm);
    } else {
      if (rng.chance(0.2)) term++;
      const from = last > base && rng.chance(0.3) ? base + 1 + rng.intn(last - base) : last + 1;
      const n = 1 + rng.intn(4);
      terms = terms.slice(0, from - base - 1);
      const batch = [];
      for (let i = 0; i < n; i++) {
        batch.push(e(from + i, term));
        terms.push(term);
      }
      lt.append(batch);
    }
    const probe = base + rng.intn(terms.length + 2);
    const want = probe === base ? baseTerm : terms[probe - base - 1];
    if (lt.lastIndex !== base + terms.length || lt.termAt(probe) !== want) {
      t.fail(`step ${step}: last ${lt.lastIndex}, term at ${probe} is ${lt.termAt(probe)}, want ${want}`);
      return;
    }
  }
  t.pass('3000 steps agree with the model');
});
