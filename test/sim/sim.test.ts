// The deterministic Raft simulation, in-process: a few dozen seeds must pass (any failure fails the
// test with its replay command); runs must be reproducible; and deliberately injected driver bugs
// must be caught, so that a passing run means something.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { defaultNodes, runSeed, type SeedResult } from './run-seed.ts';
import type { Injection } from './node-tuning.ts';

const SEEDS = 40;
const STEPS = 5000;

function describe(r: SeedResult): string {
  const f = r.failure;
  if (f === undefined) return `seed ${r.seed} passed`;
  return `seed ${r.seed} (nodes ${r.nodes}) failed at step ${f.atStep}: ${f.property}: ${f.detail}\n  replay: npm run sim -- --seed ${r.seed} --steps ${r.steps} --nodes ${r.nodes} --trace`;
}

t.test(`seeds 1..${SEEDS} keep every safety property and converge`, (t) => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = runSeed({ seed, nodes: defaultNodes(seed), steps: STEPS });
    t.ok(r.ok, describe(r));
  }
  t.end();
});

t.test('both cluster sizes get real work done', (t) => {
  for (const nodes of [3, 5]) {
    const r = runSeed({ seed: 1000 + nodes, nodes, steps: STEPS });
    t.ok(r.ok, describe(r));
    t.ok(r.stats.acked > 10, `${nodes} nodes: ${r.stats.acked} operations acknowledged`);
    t.ok(r.stats.leaders >= 1, `${nodes} nodes: ${r.stats.leaders} leaders`);
    t.equal(r.stats.linearizability, 'ok');
  }
  t.end();
});

t.test('a seed replays exactly', (t) => {
  const a = runSeed({ seed: 77, nodes: 5, steps: 3000 });
  const b = runSeed({ seed: 77, nodes: 5, steps: 3000 });
  t.same(b.stats, a.stats);
  const c = runSeed({ seed: 78, nodes: 5, steps: 3000 });
  t.notSame(c.stats, a.stats, 'another seed is another run');
  const f1 = runSeed({ seed: 3, nodes: 3, steps: 3000, inject: 'early-send' });
  const f2 = runSeed({ seed: 3, nodes: 3, steps: 3000, inject: 'early-send' });
  t.notOk(f1.ok);
  t.same(f2.failure, f1.failure, 'a failure replays at the same step with the same report');
  t.end();
});

/** Runs seeds from 1 until one fails; returns that failure's property, or 'none'. */
function firstFailure(inject: Injection, maxSeeds: number): string {
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const r = runSeed({ seed, nodes: defaultNodes(seed), steps: STEPS, inject });
    if (r.failure) return r.failure.property;
  }
  return 'none';
}

t.test('injected driver bugs are caught', (t) => {
  t.equal(firstFailure('early-send', 1), 'core-contract', 'votes sent before they are durable');
  t.equal(firstFailure('stale-reads', 100), 'linearizability', 'reads served from local state');
  // Lost acknowledged entries break safety, or (when the leader's view of the follower is now wrong)
  // stall replication for good; either way the run must fail.
  const lost = firstFailure('fsync-lies', 300);
  t.ok(
    [
      'leader-completeness',
      'committed-entry-overwritten',
      'state-machine-safety',
      'acked-write-lost',
      'no-progress',
    ].includes(lost),
    `entries lost by a lying fsync: ${lost}`,
  );
  t.end();
});

t.test('the command line reports failures with a replay command and ends with the tally', (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8' });
  const ok = run(['--seeds', '2', '--steps', '400']);
  t.equal(ok.status, 0, ok.stderr);
  t.equal(ok.stdout.trim().split('\n').at(-1), '2 passed, 0 failed');
  const bad = run(['--seed', '4', '--steps', '400', '--inject', 'early-send']);
  t.equal(bad.status, 1);
  t.equal(bad.stdout.trim().split('\n').at(-1), '0 passed, 1 failed');
  t.match(bad.stdout, /FAIL seed 4 \(nodes 3, steps 400\).*core-contract/);
  t.match(bad.stdout, /replay: npm run sim -- --seed 4 --steps 400 --nodes 3 --inject early-send/);
  const traced = run(['--seed', '4', '--steps', '50', '--trace']);
  t.match(traced.stdout, /\[\d+\] deliver /, '--trace prints the event trace');
  t.end();
});
