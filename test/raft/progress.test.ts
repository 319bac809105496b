// Progress: the leader's flow control toward one follower (probe, replicate, snapshot).
import t from 'tap';
import { Progress, ProgressState } from '../../raft/progress.ts';
import type { Snapshot } from '../../raft/types.ts';

const snap = (index: number): Snapshot => ({
  meta: { index, term: 1, confState: { voters: ['a'], learners: [] } },
  data: new Uint8Array(10),
});

function progress(state: ProgressState, match: number, next: number, inflight = 256): Progress {
  const p = new Progress(next, inflight, false);
  p.match = match;
  if (state === ProgressState.Replicate) {
    p.becomeReplicate();
    p.next = next;
  }
  if (state === ProgressState.Snapshot) p.becomeSnapshot(snap(10));
  return p;
}

t.test('a new progress probes from the given next index', async (t) => {
  const p = new Progress(7, 4, true);
  t.equal(p.state, ProgressState.Probe);
  t.equal(p.match, 0);
  t.equal(p.next, 7);
  t.ok(p.isLearner);
  t.notOk(p.isPaused());
  t.equal(p.pendingSnapshot, 0);
});

t.test('state transitions reset next and flow control', async (t) => {
  const r = progress(ProgressState.Replicate, 5, 9);
  r.sentEntries(1);
  t.equal(r.inflights.length(), 1);
  r.becomeProbe();
  t.equal(r.state, ProgressState.Probe);
  t.equal(r.next, 6, 'probe from match+1');
  t.equal(r.inflights.length(), 0);

  const s = progress(ProgressState.Snapshot, 1, 2);
  t.equal(s.pendingSnapshot, 10);
  s.becomeProbe();
  t.equal(s.next, 11, 'after a snapshot: from the snapshot index + 1');
  t.equal(s.pendingSnapshot, 0);
  const s2 = progress(ProgressState.Snapshot, 12, 13);
  s2.becomeProbe();
  t.equal(s2.next, 13, 'or from match+1 when the follower is further');

  const p = progress(ProgressState.Probe, 5, 20);
  p.becomeReplicate();
  t.equal(p.state, ProgressState.Replicate);
  t.equal(p.next, 6);

  const q = progress(ProgressState.Probe, 5, 6);
  q.sentEntries(1);
  q.becomeSnapshot(snap(30));
  t.equal(q.state, ProgressState.Snapshot);
  t.equal(q.pendingSnapshot, 30);
  t.equal(q.snapshotAcked, 0);
  t.notOk(q.probeSent, 'probe flag reset');
});

t.test('maybeUpdate raises match and next, ignores stale acknowledgements', async (t) => {
  const p = progress(ProgressState.Probe, 3, 5);
  p.sentEntries(2);
  t.ok(p.probeSent);
  t.ok(p.maybeUpdate(6));
  t.equal(p.match, 6);
  t.equal(p.next, 7);
  t.notOk(p.probeSent, 'an acknowledgement unpauses the probe');
  t.notOk(p.maybeUpdate(4), 'stale');
  t.equal(p.match, 6);
  t.equal(p.next, 7);
  t.notOk(p.maybeUpdate(6), 'duplicate');
  const r = progress(ProgressState.Replicate, 3, 10);
  t.ok(r.maybeUpdate(5));
  t.equal(r.next, 10, 'next never moves back on an acknowledgement');
});

t.test('maybeDecrTo: replicate falls back to match+1; probe uses the hint', async (t) => {
  // Reference: section 5.3 (after a rejection the leader decrements nextIndex and retries).
  const r = progress(ProgressState.Replicate, 5, 10);
  t.notOk(r.maybeDecrTo(5, 0), 'a rejection at or below match is stale');
  t.notOk(r.maybeDecrTo(4, 0));
  t.equal(r.next, 10);
  t.ok(r.maybeDecrTo(9, 9));
  t.equal(r.next, 6);

  const cases: { match: number; next: number; rejected: number; hint: number; ok: boolean; want: number }[] =
    [
      { match: 0, next: 10, rejected: 5, hint: 5, ok: false, want: 10 }, // not the outstanding probe
      { match: 0, next: 10, rejected: 9, hint: 9, ok: true, want: 9 },
      { match: 0, next: 10, rejected: 9, hint: 2, ok: true, want: 3 },
      { match: 0, next: 10, rejected: 9, hint: 0, ok: true, want: 1 },
      { match: 4, next: 10, rejected: 9, hint: 2, ok: true, want: 5 }, // never below match+1
      { match: 0, next: 1, rejected: 0, hint: 0, ok: true, want: 1 }, // never below 1
    ];
  for (const c of cases) {
    const p = progress(ProgressState.Probe, c.match, c.next);
    p.sentEntries(1);
    t.equal(p.maybeDecrTo(c.rejected, c.hint), c.ok, JSON.stringify(c));
    t.equal(p.next, c.want);
    if (c.ok) t.notOk(p.probeSent, 'the next probe may go');
  }
});

t.test('sentEntries: optimistic next and a window in replicate, one probe in probe', async (t) => {
  const r = progress(ProgressState.Replicate, 5, 6, 2);
  r.sentEntries(3);
  t.equal(r.next, 9);
  t.notOk(r.isPaused());
  r.sentEntries(0);
  t.equal(r.inflights.length(), 1, 'an empty append takes no slot');
  r.sentEntries(1);
  t.equal(r.next, 10);
  t.ok(r.isPaused(), 'window of 2 full');
  r.inflights.freeLE(8);
  t.notOk(r.isPaused());

  const p = progress(ProgressState.Probe, 5, 6);
  p.sentEntries(3);
  t.equal(p.next, 6, 'a probe does not move next');
  t.ok(p.isPaused());
  const e = progress(ProgressState.Probe, 5, 6);
  e.sentEntries(0);
  t.ok(e.isPaused(), 'an empty probe also waits');

  t.ok(progress(ProgressState.Snapshot, 0, 1).isPaused(), 'snapshot state sends no appends');
});
