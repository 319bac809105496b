// Crash between write and fsync: a seeded workload runs on a file system that loses what was not
// synced; every acknowledged save must survive and nothing but a legal prefix may come back.
import t, { type Test } from 'tap';
import { Wal } from '../../../../manager/raftnode/wal/wal.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { type Entry, EntryType, type HardState, NONE, type Snapshot } from '../../../../raft/types.ts';
import { type CrashMode, MemFs } from './mem-fs.ts';

/*
 * The workload mixes saves (appends, follower truncations, hard states, with and without sync),
 * snapshots (continuing the log and replacing it), rotations and releases. At random points the disk
 * is captured as a power cut would leave it; recovery from each image must equal the model log after
 * some op between the last acknowledged one and the last issued one (or part of the next save).
 */
interface Model {
  readonly snap: { readonly index: number; readonly term: number } | undefined;
  readonly ents: readonly Entry[];
  readonly hs: HardState;
}

type Op =
  | {
      readonly kind: 'save';
      readonly hs: HardState | undefined;
      readonly ents: Entry[];
      readonly sync: boolean;
    }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'release'; readonly index: number };

function mkEntry(index: number, term: number, salt: number): Entry {
  const data = new Uint8Array(8 + (salt % 40));
  for (let i = 0; i < data.length; i++) data[i] = (index + term * 3 + salt + i) & 0xff;
  return { index, term, type: EntryType.Normal, data };
}

const baseIndex = (m: Model): number => m.snap?.index ?? 0;
const lastIndex = (m: Model): number => baseIndex(m) + m.ents.length;
function termAt(m: Model, i: number): number | undefined {
  if (i === baseIndex(m)) return m.snap?.term ?? 0;
  return m.ents[i - baseIndex(m) - 1]?.term;
}

function appendTo(m: Model, ents: readonly Entry[], hs: HardState | undefined): Model {
  let out = [...m.ents];
  for (const e of ents) {
    if (e.index <= baseIndex(m)) continue;
    out = out.slice(0, e.index - baseIndex(m) - 1);
    out.push(e);
  }
  return { snap: m.snap, ents: out, hs: hs ?? m.hs };
}

function applyOp(m: Model, op: Op): Model {
  if (op.kind === 'save') return appendTo(m, op.ents, op.hs);
  if (op.kind === 'release') return m;
  const { index, term } = op.snapshot.meta;
  const keep = termAt(m, index) === term;
  return { snap: { index, term }, ents: keep ? m.ents.slice(index - baseIndex(m)) : [], hs: m.hs };
}

/** The states a crash may legally leave after op j: the state itself and partial saves of op j+1. */
function statesAfter(m: Model, next: Op | undefined): Model[] {
  const out = [m];
  if (next?.kind === 'save') {
    for (let i = 1; i <= next.ents.length; i++) out.push(appendTo(m, next.ents.slice(0, i), undefined));
  }
  return out;
}

function normalized(m: Model): HardState {
  const minTerm = Math.max(m.snap?.term ?? 0, m.ents.at(-1)?.term ?? 0);
  const raised = m.hs.term < minTerm;
  return {
    term: raised ? minTerm : m.hs.term,
    vote: raised ? NONE : m.hs.vote,
    commit: Math.max(m.hs.commit, baseIndex(m)),
  };
}

function key(m: { snap: Model['snap']; ents: readonly Entry[]; hs: HardState }): string {
  const ents = m.ents.map((e) => `${e.index}/${e.term}/${Buffer.from(e.data).toString('hex')}`).join(',');
  return `snap=${m.snap ? `${m.snap.index}/${m.snap.term}` : '-'} hs=${m.hs.term}/${m.hs.vote}/${m.hs.commit} ents=${ents}`;
}

/** Next operation, chosen from the model's current state. */
function nextOp(rng: SeededRandom, m: Model, term: number, salt: number): Op {
  const roll = rng.intn(100);
  const last = lastIndex(m);
  if (roll < 6 && last > baseIndex(m)) {
    const index = baseIndex(m) + 1 + rng.intn(last - baseIndex(m));
    const data = new Uint8Array([index & 0xff, salt & 0xff]);
    const snapshot = {
      meta: { index, term: termAt(m, index)!, confState: { voters: ['a'], learners: [] } },
      data,
    };
    return { kind: 'snapshot', snapshot };
  }
  if (roll < 9 && last > baseIndex(m)) {
    // A leader's snapshot that conflicts with this log's uncommitted tail: it replaces the log.
    const index = baseIndex(m) + 1 + rng.intn(last - baseIndex(m));
    if (termAt(m, index) !== term) {
      const data = new Uint8Array([index & 0xff, 1]);
      return {
        kind: 'snapshot',
        snapshot: { meta: { index, term, confState: { voters: ['a'], learners: [] } }, data },
      };
    }
  }
  if (roll < 11) {
    // A snapshot installed from a leader, past the end of this log.
    const index = last + 1 + rng.intn(20);
    const data = new Uint8Array([index & 0xff]);
    return {
      kind: 'snapshot',
      snapshot: { meta: { index, term, confState: { voters: ['a'], learners: [] } }, data },
    };
  }
  if (roll < 15) return { kind: 'release', index: baseIndex(m) + rng.intn(10) - 5 };
  // Appends, sometimes overwriting a suffix (a follower taking a new leader's entries).
  const from =
    rng.chance(0.2) && last > baseIndex(m) ? last - rng.intn(Math.min(8, last - baseIndex(m))) : last + 1;
  const n = rng.intn(6);
  const ents: Entry[] = [];
  for (let i = 0; i < n; i++) ents.push(mkEntry(from + i, term, salt + i));
  const hs = rng.chance(0.7)
    ? { term, vote: rng.chance(0.5) ? 'a' : NONE, commit: Math.max(0, from - 2) }
    : undefined;
  return { kind: 'save', hs, ents, sync: rng.chance(0.85) };
}

interface Crash {
  readonly image: MemFs;
  /** Ops 1..acked had resolved (synced) when the power went; ops after `issued` did not exist. */
  readonly acked: number;
  readonly issued: number;
}

const CRASHES_PER_RUN = 4;

async function run(t: Test, seed: number, mode: CrashMode): Promise<void> {
  const rng = new SeededRandom(seed);
  const fs = new MemFs();
  const { wal } = await Wal.create('/data/raft', {
    fs,
    segmentBytes: 700 + rng.intn(2000),
    snapshotsToKeep: 2,
  });
  const ops: Op[] = [];
  const states: Model[] = [{ snap: undefined, ents: [], hs: { term: 0, vote: NONE, commit: 0 } }];
  let acked = 0;
  const crashes: Crash[] = [];
  const crashAt = Array.from({ length: CRASHES_PER_RUN }, () => fs.ops + 1 + rng.intn(300)).sort(
    (x, y) => x - y,
  );
  fs.onOp = () => {
    while (crashAt.length > 0 && fs.ops >= crashAt[0]!) {
      crashAt.shift();
      crashes.push({ image: fs.crashImage(mode, rng), acked, issued: ops.length });
    }
  };
  let term = 1;
  for (let step = 0; step < 60; step++) {
    const burst: Promise<void>[] = [];
    for (let b = 1 + rng.intn(4); b > 0; b--) {
      if (rng.chance(0.1)) term++;
      const op = nextOp(rng, states.at(-1)!, term, ops.length * 7);
      ops.push(op);
      states.push(applyOp(states.at(-1)!, op));
      const n = ops.length;
      const durable = op.kind === 'snapshot' || (op.kind === 'save' && op.sync);
      const p =
        op.kind === 'save'
          ? wal.save(op.hs, op.ents, op.sync)
          : op.kind === 'snapshot'
            ? wal.saveSnapshot(op.snapshot)
            : wal.releaseTo(op.index).then(() => undefined);
      burst.push(
        p.then(() => {
          if (durable) acked = Math.max(acked, n);
        }),
      );
    }
    if (rng.chance(0.7)) await Promise.all(burst);
  }
  await wal.close();
  fs.onOp = undefined;
  // A clean shutdown loses nothing: the final state must come back exactly.
  crashes.push({ image: fs.crashImage('clean'), acked: ops.length, issued: ops.length });

  for (const crash of crashes) {
    const { wal: w2, recovered } = await Wal.open('/data/raft', { fs: crash.image });
    const got = key({
      snap: recovered.snapshot && {
        index: recovered.snapshot.meta.index,
        term: recovered.snapshot.meta.term,
      },
      ents: recovered.entries,
      hs: recovered.hardState,
    });
    const legal = new Set<string>();
    for (let j = crash.acked; j <= crash.issued; j++) {
      for (const s of statesAfter(states[j]!, ops[j])) legal.add(key({ ...s, hs: normalized(s) }));
    }
    if (!legal.has(got)) {
      t.fail(`seed ${seed} ${mode}: recovered state is not one a crash may leave`, {
        got,
        acked: crash.acked,
        issued: crash.issued,
        ackedState: key(states[crash.acked]!),
      });
      await w2.close();
      continue;
    }
    t.pass(`seed ${seed} ${mode}: acked ${crash.acked}, issued ${crash.issued}`);
    // The recovered WAL keeps working.
    const next = (recovered.snapshot?.meta.index ?? 0) + recovered.entries.length + 1;
    await w2.save({ term: 99, vote: NONE, commit: 0 }, [mkEntry(next, 99, 1)], true);
    await w2.close();
    const again = await Wal.open('/data/raft', { fs: crash.image });
    t.equal(again.recovered.entries.at(-1)?.index, next);
    await again.wal.close();
  }
}

for (const mode of ['clean', 'torn'] as const) {
  t.test(`crash at a random point (${mode})`, async (t) => {
    for (let seed = 1; seed <= 60; seed++) await run(t, seed, mode);
  });
}
