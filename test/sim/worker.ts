// Worker thread of the simulation runner: runs the batches of seeds main.ts posts and returns results.
import { parentPort } from 'node:worker_threads';
import { defaultNodes, runSeed, type SeedResult } from './run-seed.ts';
import type { Injection } from './node-tuning.ts';

interface Batch {
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly nodes: number | undefined;
  readonly inject: Injection | undefined;
}

parentPort?.on('message', (b: Batch) => {
  const out: SeedResult[] = b.seeds.map((seed) =>
    runSeed({
      seed,
      nodes: b.nodes ?? defaultNodes(seed),
      steps: b.steps,
      ...(b.inject ? { inject: b.inject } : {}),
    }),
  );
  parentPort?.postMessage(out);
});
