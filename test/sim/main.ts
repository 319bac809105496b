// `npm run sim -- --seeds N [--seed S] [--steps K] [--nodes 3|5] [--trace] [--verbose] [--workers W]`:
// runs seeds of the deterministic Raft simulation; prints each failure with its replay command, and
// last the line `N passed, N failed` (exit code 1 if any failed). --inject runs with a deliberate
// driver bug, to see the checks fail.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { defaultNodes, runSeed, type SeedResult } from './run-seed.ts';
import type { Injection } from './node-tuning.ts';

const DEFAULT_STEPS = 5000;

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    nodes: { type: 'string' },
    trace: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    workers: { type: 'string' },
    coverage: { type: 'boolean', default: false },
    inject: { type: 'string' },
  },
});

const steps = values.steps === undefined ? DEFAULT_STEPS : Number(values.steps);
const nodes = values.nodes === undefined ? undefined : Number(values.nodes);
if (nodes !== undefined && nodes !== 3 && nodes !== 5) usage('--nodes must be 3 or 5');
if (!Number.isInteger(steps) || steps < 0) usage('--steps must be a non-negative integer');
const first = values.seed === undefined ? 1 : Number(values.seed);
const count = values.seeds === undefined ? (values.seed === undefined ? 100 : 1) : Number(values.seeds);
if (!Number.isInteger(first) || !Number.isInteger(count) || count < 1)
  usage('--seed/--seeds must be integers');
const injections: readonly Injection[] = ['early-send', 'fsync-lies', 'stale-reads'];
const inject = values.inject as Injection | undefined;
if (inject !== undefined && !injections.includes(inject))
  usage(`--inject must be one of ${injections.join(', ')}`);
const seeds = Array.from({ length: count }, (_, i) => first + i);
const workerCount =
  values.workers !== undefined
    ? Number(values.workers)
    : values.trace || count < 40
      ? 0
      : Math.min(2, availableParallelism());

const started = performance.now();
const results = workerCount > 0 ? await runInWorkers(seeds, workerCount) : runHere(seeds);
const elapsed = (performance.now() - started) / 1000;
const failed = results.filter((r) => !r.ok);
const slowest = results.reduce((a, r) => (r.ms > a.ms ? r : a), results[0]!);
const undecided = results.filter((r) => r.stats.linearizability === 'unknown').length;
console.log(
  `ran ${results.length} seeds in ${elapsed.toFixed(1)}s (${workerCount || 1} thread${workerCount > 1 ? 's' : ''}; ` +
    `mean ${((elapsed * 1000) / results.length).toFixed(1)} ms/seed wall, slowest seed ${slowest.seed} ${slowest.ms.toFixed(0)} ms` +
    `${undecided ? `; linearizability undecided (budget) in ${undecided}` : ''})`,
);
if (values.verbose || values.coverage) printCoverage(results);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 ? 1 : 0;

function runHere(list: readonly number[]): SeedResult[] {
  const out: SeedResult[] = [];
  for (const seed of list) {
    const r = runSeed({
      seed,
      nodes: nodes ?? defaultNodes(seed),
      steps,
      ...(inject ? { inject } : {}),
      ...(values.trace ? { trace: (line: string) => console.log(line) } : {}),
    });
    report(r);
    out.push(r);
  }
  return out;
}

async function runInWorkers(list: readonly number[], n: number): Promise<SeedResult[]> {
  const out: SeedResult[] = [];
  let next = 0;
  const chunk = 10;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const w = spawnWorker();
      try {
        for (;;) {
          const batch = list.slice(next, next + chunk);
          next += chunk;
          if (batch.length === 0) break;
          const rs = await new Promise<SeedResult[]>((resolve, reject) => {
            const onError = (err: Error): void => {
              w.off('message', onMessage);
              reject(err);
            };
            const onMessage = (r: SeedResult[]): void => {
              w.off('error', onError);
              resolve(r);
            };
            w.once('message', onMessage);
            w.once('error', onError);
            w.postMessage({ seeds: batch, steps, nodes, inject });
          });
          for (const r of rs) {
            report(r);
            out.push(r);
          }
        }
      } finally {
        await w.terminate();
      }
    }),
  );
  return out.sort((a, b) => a.seed - b.seed);
}

/**
 * Workers do not inherit tsx's loader hooks (and Node 20 ignores --import in a worker's execArgv), so
 * the worker registers tsx itself before importing worker.ts.
 */
function spawnWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

function report(r: SeedResult): void {
  if (values.verbose) {
    const s = r.stats;
    console.log(
      `seed ${r.seed} n${r.nodes} ${r.ok ? 'ok  ' : 'FAIL'} ${r.ms.toFixed(0)}ms ${s.profile} events=${s.events} t=${s.simTime} ops=${s.ops} acked=${s.acked} unknown=${s.unknown} leaders=${s.leaders} crashes=${s.crashes} confChanges=${s.confChanges} transfers=${s.transfers} msgs=${s.messages} lin=${s.linearizability}`,
    );
  }
  const f = r.failure;
  if (f === undefined) return;
  console.log(
    `FAIL seed ${r.seed} (nodes ${r.nodes}, steps ${r.steps}) at step ${f.atStep}, t=${f.atTime}: ${f.property}: ${f.detail}`,
  );
  console.log('  last events (ticks left out):');
  for (const line of f.recent.filter((l) => !/\] tick /.test(l)).slice(-15)) console.log(`    ${line}`);
  const inj = inject ? ` --inject ${inject}` : '';
  console.log(
    `  replay: npm run sim -- --seed ${r.seed} --steps ${r.steps} --nodes ${r.nodes}${inj}   (add --trace for the event trace)`,
  );
}

/** Totals of the coverage counters, and in how many seeds each situation occurred at least once. */
function printCoverage(rs: readonly SeedResult[]): void {
  const total = new Map<string, number>();
  const seedsWith = new Map<string, number>();
  for (const r of rs) {
    for (const [k, v] of Object.entries(r.stats.coverage)) {
      total.set(k, (total.get(k) ?? 0) + v);
      seedsWith.set(k, (seedsWith.get(k) ?? 0) + 1);
    }
  }
  const sum = (f: (r: SeedResult) => number): number => rs.reduce((a, r) => a + f(r), 0);
  console.log(
    `coverage over ${rs.length} seeds: ops=${sum((r) => r.stats.ops)} acked=${sum((r) => r.stats.acked)} unknown=${sum((r) => r.stats.unknown)} ` +
      `leaders=${sum((r) => r.stats.leaders)} crashes=${sum((r) => r.stats.crashes)} transfers=${sum((r) => r.stats.transfers)}`,
  );
  for (const k of [...total.keys()].sort()) {
    console.log(`  ${k}: ${total.get(k)} (in ${seedsWith.get(k)} seeds)`);
  }
}

function usage(msg: string): never {
  console.error(
    `sim: ${msg}\nusage: npm run sim -- --seeds N [--seed S] [--steps K] [--nodes 3|5] [--trace] [--verbose] [--coverage] [--workers W] [--inject early-send|fsync-lies|stale-reads]`,
  );
  process.exit(2);
}
