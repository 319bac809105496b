// bench:swarm — in one run, the scenario of ../shared/bench/swarm-baseline.sh (N=50 replicas, rolling
// update to a second tag with parallelism P=10 and no delay, scale to 2N; stop grace 10 s) on Docker
// Swarm (the script itself) and on a covey lab driving the same engine. Prints Swarm's JSON line,
// covey's, and last one object with the ratios (covey time / Swarm time). The engine is left as it
// was found: the swarm left if the bench initialised it, every container and image it made removed.
// N, P: the scenario's size (as the script reads them); COVEY_BENCH_TOPOLOGY=3m1w: covey on 3
// managers + 1 docker worker instead of one manager that runs the tasks.
import { cpus, loadavg } from 'node:os';
import Docker from 'dockerode';
import { newRunId, removeRunContainers } from './bench-containers.ts';
import { BenchInterruptedError } from './errors.ts';
import { type CoveyTopology, runCoveyScenario } from './covey-swarm-scenario.ts';
import { ensureSwarm, noteFootprint, restoreFootprint, swarmState } from './engine-footprint.ts';
import { removeSwarmService, runSwarmBaseline, untilSwarmServiceGone } from './swarm-baseline.ts';

/** A positive whole number from the environment, or a one-line usage error. */
function sizeFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const N = sizeFromEnv('N', 50);
const P = sizeFromEnv('P', 10);
const IMAGE = 'covey-bench/busybox:1';
const NEXT_IMAGE = 'covey-bench/busybox:2';
/** The baseline script's command and `--stop-grace-period 10s`. */
const COMMAND = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];
const STOP_GRACE_S = 10;
const TARGETS = { ratio_create: 1.0, ratio_update: 0.7, ratio_scale: 1.0 } as const;

const topologyEnv = process.env.COVEY_BENCH_TOPOLOGY ?? '1m';
if (topologyEnv !== '1m' && topologyEnv !== '3m1w') {
  console.error(`COVEY_BENCH_TOPOLOGY must be 1m or 3m1w, not ${JSON.stringify(topologyEnv)}`);
  process.exit(2);
}
const TOPOLOGY: CoveyTopology = topologyEnv;

const round2 = (n: number) => Math.round(n * 100) / 100;
const load = () => loadavg().map(round2);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const docker = new Docker();
  const runId = newRunId();
  const before = await noteFootprint(docker, [IMAGE, NEXT_IMAGE]);
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaned ??= (async () => {
      await removeRunContainers(docker, runId);
      if ((await swarmState(docker)) === 'active' && (await removeSwarmService(docker))) {
        log("cleanup: removed Swarm's service (the script stopped before its own `service rm`)");
        await untilSwarmServiceGone(docker);
      }
      for (const done of await restoreFootprint(docker, before, [IMAGE, NEXT_IMAGE])) log(`cleanup: ${done}`);
    })();
    return cleaned;
  };
  // A Ctrl-C stops the phase under way; the lab is stopped and everything removed on the way out.
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping and cleaning up`);
      process.exitCode = 130;
      interrupt.abort(new BenchInterruptedError(signal));
    });
  }
  try {
    const loadStart = load();
    if (await ensureSwarm(docker)) log('swarm: initialised a single-node swarm (left again at the end)');
    log(`swarm: running the baseline script (N=${N}, P=${P})`);
    const swarm = await runSwarmBaseline({ n: N, parallelism: P, image: IMAGE }, interrupt.signal);
    interrupt.signal.throwIfAborted();
    console.log(JSON.stringify(swarm));
    await untilSwarmServiceGone(docker);
    const loadSwarm = load();
    const covey = await runCoveyScenario(docker, {
      n: N,
      parallelism: P,
      image: IMAGE,
      nextImage: NEXT_IMAGE,
      command: COMMAND,
      stopGraceSeconds: STOP_GRACE_S,
      topology: TOPOLOGY,
      runId,
      log,
      signal: interrupt.signal,
    });
    const loadCovey = load();
    const loadavgs = {
      start: loadStart,
      after_swarm: loadSwarm,
      after_covey: loadCovey,
      cores: cpus().length,
    };
    console.log(JSON.stringify({ ...covey, loadavg: loadavgs }));
    const ratios = {
      ratio_create: round2(covey.create_s / swarm.create_s),
      ratio_update: round2(covey.update_s / swarm.update_s),
      ratio_scale: round2(covey.scale_s / swarm.scale_s),
    };
    const meets = (Object.keys(TARGETS) as (keyof typeof TARGETS)[]).every((k) => ratios[k] <= TARGETS[k]);
    await cleanup();
    console.log(
      JSON.stringify({
        bench: 'swarm',
        ...ratios,
        targets: TARGETS,
        meets_targets: meets,
        covey_topology: TOPOLOGY,
        loadavg: loadavgs,
        swarm,
        covey,
      }),
    );
  } finally {
    await cleanup();
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // 130 after an interrupt (set by the signal handler), whatever error the interrupt caused.
  process.exit(process.exitCode === 130 ? 130 : 1);
});
