// Engine benchmark: how long 50 containers (the test image running `sleep 3600`) take to be RUNNING
// through the agent's path (one TaskRunner + DockerController per task, all at once) against the same
// containers made by raw dockerode calls (create + start, same config, same concurrency). Trials
// alternate which path goes first; everything is removed between runs. Prints one JSON line per
// trial and a summary object last: agent_s, raw_s (medians), overhead = agent_s / raw_s − 1.
// COVEY_BENCH_CONTAINERS and COVEY_BENCH_TRIALS change the size; COVEY_TEST_IMAGE the image.
import Docker from 'dockerode';
import { containerCreateOptions } from '../agent/executors/docker/container-config.ts';
import { DockerExecutor } from '../agent/executors/docker/docker-executor.ts';
import { systemClock } from '../agent/worker/clock.ts';
import { TaskRunner } from '../agent/worker/task-runner.ts';
import { RuntimeKind } from '../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { BENCH_LABEL, newRunId, removeRunContainers } from './bench-containers.ts';
import { withDeadline } from './deadline.ts';

const IMAGE = process.env.COVEY_TEST_IMAGE ?? 'covey-test/busybox:1';
const CONTAINERS = Number(process.env.COVEY_BENCH_CONTAINERS ?? 50);
const TRIALS = Math.max(3, Number(process.env.COVEY_BENCH_TRIALS ?? 3));
const RUN_ID = newRunId();
const NODE_ID = `bench${RUN_ID}`;
/** A run that takes longer than this is reported as stuck instead of waited for forever. */
const RUN_DEADLINE_MS = 180_000;

type Path = 'agent' | 'raw';

function task(index: number, path: Path, trial: number): Task__Output {
  const id = `${path}${trial}x${index}${RUN_ID}`;
  return {
    id,
    meta: null,
    spec: {
      container: {
        image: IMAGE,
        labels: { [BENCH_LABEL]: RUN_ID },
        entrypoint: [],
        args: ['sleep', '3600'],
        hostname: '',
        env: [],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [],
        stopSignal: '',
        stopGracePeriod: { seconds: 0, nanos: 0 },
        healthcheck: null,
      },
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
      runtime: 'container',
    },
    specVersion: 1,
    serviceId: 'bench',
    slot: index + 1,
    nodeId: NODE_ID,
    serviceAnnotations: { name: `bench-${path}`, labels: {} },
    runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: TaskState.TASK_STATE_ASSIGNED,
      message: '',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: null,
  };
}

/** Seconds until every task's runner has reported RUNNING; the runners are returned for cleanup. */
async function agentRun(
  executor: DockerExecutor,
  trial: number,
): Promise<{ seconds: number; runners: TaskRunner[] }> {
  const started = performance.now();
  const runners: TaskRunner[] = [];
  const running: Promise<void>[] = [];
  for (let i = 0; i < CONTAINERS; i++) {
    const t = task(i, 'agent', trial);
    running.push(
      new Promise((resolve, reject) => {
        const runner = new TaskRunner({
          task: t,
          controller: executor.controller(t),
          runtime: executor.runtime,
          clock: systemClock,
          onStatus: (_id, status) => {
            if (status.state === TaskState.TASK_STATE_RUNNING) resolve();
            else if (status.state > TaskState.TASK_STATE_RUNNING) reject(new Error(`${t.id}: ${status.err}`));
          },
        });
        runners.push(runner);
        void runner.drive();
      }),
    );
  }
  await withDeadline(Promise.all(running), RUN_DEADLINE_MS, () => {
    const stuck = runners.filter((r) => r.state < TaskState.TASK_STATE_RUNNING);
    return `agent path: ${stuck.length} tasks not RUNNING (${stuck.map((r) => `${r.taskId}@${r.state}`).join(', ')})`;
  });
  return { seconds: (performance.now() - started) / 1000, runners };
}

async function rawRun(docker: Docker, apiVersion: string, trial: number): Promise<number> {
  const started = performance.now();
  let done = 0;
  await withDeadline(
    Promise.all(
      Array.from({ length: CONTAINERS }, async (_, i) => {
        const options = containerCreateOptions(task(i, 'raw', trial), { nodeId: NODE_ID, apiVersion });
        const container = await docker.createContainer(options);
        await container.start();
        done++;
      }),
    ),
    RUN_DEADLINE_MS,
    () => `raw path: ${CONTAINERS - done} containers not started`,
  );
  return (performance.now() - started) / 1000;
}

/** Removes every container of this benchmark run, and lets the agent's runners see their exits. */
async function cleanup(docker: Docker, runners: readonly TaskRunner[]): Promise<void> {
  await removeRunContainers(docker, RUN_ID);
  const deadline = Date.now() + 30_000;
  while (runners.some((r) => r.state < TaskState.TASK_STATE_COMPLETE) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

async function main(): Promise<void> {
  const docker = new Docker();
  await docker.getImage(IMAGE).inspect();
  const executor = await DockerExecutor.connect({ nodeId: NODE_ID, docker, clock: systemClock });
  const apiVersion = executor.engineApiVersion;
  const agentTimes: number[] = [];
  const rawTimes: number[] = [];
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const order: Path[] = trial % 2 === 0 ? ['agent', 'raw'] : ['raw', 'agent'];
      const result: Record<string, number | string> = { trial: trial + 1, first: order[0] ?? '' };
      for (const path of order) {
        if (path === 'agent') {
          const { seconds, runners } = await agentRun(executor, trial);
          agentTimes.push(seconds);
          result.agent_s = round(seconds);
          await cleanup(docker, runners);
        } else {
          const seconds = await rawRun(docker, apiVersion, trial);
          rawTimes.push(seconds);
          result.raw_s = round(seconds);
          await cleanup(docker, []);
        }
      }
      console.log(JSON.stringify(result));
    }
  } finally {
    await cleanup(docker, []);
  }
  const agent = median(agentTimes);
  const raw = median(rawTimes);
  console.log(
    JSON.stringify({
      bench: 'engine',
      containers: CONTAINERS,
      trials: TRIALS,
      engine: executor.describe().engine?.version ?? '',
      agent_s: round(agent),
      raw_s: round(raw),
      overhead: round(agent / raw - 1),
      agent_runs_s: agentTimes.map(round),
      raw_runs_s: rawTimes.map(round),
    }),
  );
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
