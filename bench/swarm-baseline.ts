// Docker Swarm's side of bench:swarm: runs the shared baseline script (../shared/bench/
// swarm-baseline.sh, the scenario as it defines it, unedited) and reads its one JSON line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { withDeadline } from './deadline.ts';
import { SwarmBaselineError } from './errors.ts';

/** The shared script, found from this checkout (COVEY_SWARM_BASELINE points elsewhere). */
export const SWARM_BASELINE_SCRIPT =
  process.env.COVEY_SWARM_BASELINE ??
  fileURLToPath(new URL('../../shared/bench/swarm-baseline.sh', import.meta.url));

/** The service name the script uses. */
const SWARM_SERVICE = 'bench';

export interface SwarmResult {
  readonly system: 'docker-swarm';
  readonly n: number;
  readonly parallelism: number;
  readonly create_s: number;
  readonly update_s: number;
  readonly scale_s: number;
}

/** The script's result, if `line` is it. */
export function parseSwarmResult(line: string): SwarmResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.system !== 'docker-swarm') return undefined;
  const num = (key: string): number => (typeof r[key] === 'number' ? r[key] : Number.NaN);
  return {
    system: 'docker-swarm',
    n: num('n'),
    parallelism: num('parallelism'),
    create_s: num('create_s'),
    update_s: num('update_s'),
    scale_s: num('scale_s'),
  };
}

/** Runs the script with N, P and IMG; resolves with its JSON result. `signal` stops it (SIGTERM). */
export function runSwarmBaseline(
  env: { n: number; parallelism: number; image: string },
  signal?: AbortSignal,
): Promise<SwarmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SWARM_BASELINE_SCRIPT], {
      env: { ...process.env, N: String(env.n), P: String(env.parallelism), IMG: env.image },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal === undefined ? {} : { signal, killSignal: 'SIGTERM' as const }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', (error) =>
      reject(new SwarmBaselineError(SWARM_BASELINE_SCRIPT, null, stderr.slice(-2000), { cause: error })),
    );
    child.once('exit', (code) => {
      const result = stdout
        .split('\n')
        .map((line) => parseSwarmResult(line.trim()))
        .find((r) => r !== undefined);
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new SwarmBaselineError(SWARM_BASELINE_SCRIPT, code, (stderr + stdout).slice(-2000)));
    });
  });
}

/** Removes the script's service if it is there (the script failed or was stopped); whether it was. */
export async function removeSwarmService(docker: Docker): Promise<boolean> {
  try {
    await docker.getService(SWARM_SERVICE).remove();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/**
 * The script's `service rm` returns before the engine has removed the tasks' containers: waits until
 * none is left, so the next phase does not share the engine with Swarm's cleanup.
 */
export async function untilSwarmServiceGone(docker: Docker, deadlineMs = 120_000): Promise<void> {
  let left = -1;
  const gone = async (): Promise<void> => {
    for (;;) {
      const containers = await docker.listContainers({
        all: true,
        filters: { label: [`com.docker.swarm.service.name=${SWARM_SERVICE}`] },
      });
      left = containers.length;
      if (left === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  await withDeadline(gone(), deadlineMs, () => `${left} containers of Swarm's service still on the engine`);
}
