// Scheduler benchmark. (a) Pure decisions: 10,000 nodes and 100,000 pending tasks over 1,000
// services with mixed constraints, reservations, host ports, runtimes and spread preferences, all
// placed by one scheduleBatch call. (b) End to end (bench/scheduler-e2e.ts): 3 in-process managers
// and 1,000 hollow agents over the real dispatcher protocol, time until 100,000 tasks are RUNNING.
// Prints one JSON line per phase and a summary object last. COVEY_BENCH_QUICK=1 runs a small
// version of both; COVEY_BENCH_PART=decisions|e2e runs one part only.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { NodeSet } from '../manager/scheduler/node-set.ts';
import { scheduleBatch } from '../manager/scheduler/schedule-batch.ts';
import type { Node__Output } from '../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../proto/gen/covey/v1/NodeState.ts';
import { PortProtocol } from '../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../proto/gen/covey/v1/PublishMode.ts';
import { RuntimeKind, type RuntimeKind__Output } from '../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { SeededRandom } from '../raft/random.ts';
import { e2eOptionsFromEnv, type E2eResult, runSchedulerE2e } from './scheduler-e2e.ts';

const QUICK = process.env.COVEY_BENCH_QUICK === '1';
const PART = process.env.COVEY_BENCH_PART ?? 'all';
const NODES = QUICK ? 2_000 : 10_000;
const SERVICES = QUICK ? 200 : 1_000;
const TASKS_PER_SERVICE = 100;
const TRIALS = QUICK ? 1 : 3;
const ZONES = 10;
const GiB = 1024 ** 3;
const CPU = 1_000_000_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 ** 2;
}

function id(prefix: string, i: number): string {
  return `${prefix}${i.toString(36).padStart(24, '0')}`;
}

function buildNode(i: number, rnd: SeededRandom): Node__Output {
  const r = rnd.intn(100);
  const runtimes: RuntimeKind__Output[] =
    i % 4 === 0
      ? [RuntimeKind.RUNTIME_KIND_DOCKER, RuntimeKind.RUNTIME_KIND_PROCESS]
      : [RuntimeKind.RUNTIME_KIND_DOCKER];
  return {
    id: id('n', i),
    meta: null,
    spec: {
      annotations: { name: '', labels: { zone: `z${i % ZONES}`, rack: `r${i % 97}` } },
      desiredRole: i < 5 ? NodeRole.NODE_ROLE_MANAGER : NodeRole.NODE_ROLE_WORKER,
      availability:
        r === 0
          ? NodeAvailability.NODE_AVAILABILITY_DRAIN
          : r === 1
            ? NodeAvailability.NODE_AVAILABILITY_PAUSE
            : NodeAvailability.NODE_AVAILABILITY_ACTIVE,
    },
    description: {
      hostname: `host-${i}`,
      platform: { os: 'linux', architecture: i % 10 === 0 ? 'aarch64' : 'x86_64' },
      resources: { nanoCpus: 16 * CPU, memoryBytes: 64 * GiB },
      engine: { engineVersion: '24.0.7', labels: { storage: i % 3 === 0 ? 'ssd' : 'hdd' } },
      runtimes,
      coveyVersion: '0.1.0',
    },
    status: {
      state: r === 2 ? NodeState.NODE_STATE_DOWN : NodeState.NODE_STATE_READY,
      message: '',
      addr: '',
      health: null,
    },
    role: i < 5 ? NodeRole.NODE_ROLE_MANAGER : NodeRole.NODE_ROLE_WORKER,
    managerStatus: null,
    certificate: null,
  };
}

interface ServiceShape {
  constraints: string[];
  spread: string[];
  maxReplicasPerNode: number;
  hostPort: number;
  process: boolean;
  nanoCpus: number;
  memoryBytes: number;
}

function serviceShape(s: number, rnd: SeededRandom): ServiceShape {
  const kind = s % 20;
  return {
    constraints:
      kind < 4
        ? [`node.labels.zone==z${rnd.intn(ZONES)}`]
        : kind < 6
          ? ['node.role==worker', 'engine.labels.storage==ssd']
          : kind === 6
            ? ['node.platform.arch!=aarch64']
            : [],
    spread:
      kind === 7 || kind === 8
        ? ['node.labels.zone']
        : kind === 9
          ? ['node.labels.zone', 'node.labels.rack']
          : [],
    maxReplicasPerNode: kind === 10 ? 1 : 0,
    hostPort: kind === 11 ? 8000 + s : 0,
    process: kind === 12 || kind === 13,
    nanoCpus: (1 + rnd.intn(4)) * 25_000_000,
    memoryBytes: (1 + rnd.intn(8)) * 64 * 1024 ** 2,
  };
}

function buildTask(serviceId: string, slot: number, shape: ServiceShape): Task__Output {
  const ports =
    shape.hostPort === 0
      ? []
      : [
          {
            name: '',
            protocol: PortProtocol.PORT_PROTOCOL_TCP,
            targetPort: 80,
            publishedPort: shape.hostPort,
            publishMode: PublishMode.PUBLISH_MODE_HOST,
          },
        ];
  return {
    id: `${serviceId}.${slot}`,
    meta: null,
    spec: {
      runtime: shape.process ? 'process' : 'container',
      resources: { limits: null, reservations: { nanoCpus: shape.nanoCpus, memoryBytes: shape.memoryBytes } },
      restart: null,
      placement: {
        constraints: shape.constraints,
        preferences: shape.spread.map((d) => ({ preference: 'spread', spread: { spreadDescriptor: d } })),
        maxReplicasPerNode: shape.maxReplicasPerNode,
      },
      forceUpdate: 0,
    },
    specVersion: 1,
    serviceId,
    slot,
    nodeId: '',
    serviceAnnotations: null,
    runtime: shape.process ? RuntimeKind.RUNTIME_KIND_PROCESS : RuntimeKind.RUNTIME_KIND_DOCKER,
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: TaskState.TASK_STATE_PENDING,
      message: '',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: { spec: { ports }, ports },
  };
}

/** The decision part's summary figures. */
interface DecisionResult {
  readonly decisions_per_s: number;
  readonly cold_decisions_per_s: number;
  readonly mem_mb_per_100k: number;
  readonly mem_mb_inputs: number;
  readonly mem_mb_accounting: number;
  readonly nodes: number;
  readonly tasks: number;
  readonly schedule_ms: number;
  readonly trials: number;
  readonly unschedulable: number;
}

function runDecisions(): DecisionResult {
  const rnd = new SeededRandom(42);
  const heapBefore = heapMb();

  let t0 = performance.now();
  const nodeSet = new NodeSet();
  for (let i = 0; i < NODES; i++) nodeSet.upsertNode(buildNode(i, rnd));
  const tasks: Task__Output[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const shape = serviceShape(s, rnd);
    const serviceId = id('s', s);
    for (let slot = 1; slot <= TASKS_PER_SERVICE; slot++) tasks.push(buildTask(serviceId, slot, shape));
  }
  const buildMs = performance.now() - t0;
  const heapBuilt = heapMb();
  console.log(
    JSON.stringify({
      phase: 'build',
      nodes: NODES,
      tasks: tasks.length,
      services: SERVICES,
      ms: Math.round(buildMs),
    }),
  );

  t0 = performance.now();
  const result = scheduleBatch(tasks, nodeSet);
  const scheduleMs = performance.now() - t0;
  const decisions = result.assignments.length + result.unschedulable.length;
  const decisionsPerS = Math.round(decisions / (scheduleMs / 1000));
  console.log(
    JSON.stringify({
      phase: 'schedule',
      assigned: result.assignments.length,
      unschedulable: result.unschedulable.length,
      ms: Math.round(scheduleMs),
      decisions_per_s: decisionsPerS,
    }),
  );

  // Spread quality: per-service max−min over the nodes that received its tasks.
  let counts = 0;
  let maxTasks = 0;
  for (const info of nodeSet.nodes()) {
    counts += info.taskCount;
    maxTasks = Math.max(maxTasks, info.taskCount);
  }
  console.log(
    JSON.stringify({
      phase: 'balance',
      tasks_accounted: counts,
      max_tasks_per_node: maxTasks,
      mean: counts / NODES,
    }),
  );

  // Incremental finish: every task completes, releasing its node's resources.
  const heapHeld = heapMb();
  t0 = performance.now();
  for (const a of result.assignments) nodeSet.removeTask(a.taskId);
  const releaseMs = performance.now() - t0;
  console.log(
    JSON.stringify({ phase: 'release', tasks: result.assignments.length, ms: Math.round(releaseMs) }),
  );

  // More trials on the released NodeSet (same inputs, same decisions): the machine is shared, so the
  // summary reports the median of all trials.
  const trialsMs = [scheduleMs];
  for (let i = 1; i < TRIALS; i++) {
    const start = performance.now();
    const again = scheduleBatch(tasks, nodeSet);
    trialsMs.push(performance.now() - start);
    for (const a of again.assignments) nodeSet.removeTask(a.taskId);
  }
  const medianMs = [...trialsMs].sort((a, b) => a - b)[Math.floor(trialsMs.length / 2)] ?? scheduleMs;
  const medianPerS = Math.round(decisions / (medianMs / 1000));
  console.log(
    JSON.stringify({
      phase: 'trials',
      ms: trialsMs.map((m) => Math.round(m)),
      median_decisions_per_s: medianPerS,
      best_decisions_per_s: Math.round(decisions / (Math.min(...trialsMs) / 1000)),
    }),
  );

  // Where the time goes: the same services with one task each on a fresh cluster isolate the
  // per-group cost (filter every node, seed counts, build the tree and heapify), which the
  // per-task cost (heap pop/sift, accounting) is then the rest of.
  const fresh = new NodeSet();
  const rnd2 = new SeededRandom(42);
  for (let i = 0; i < NODES; i++) fresh.upsertNode(buildNode(i, rnd2));
  const oneEach: Task__Output[] = [];
  for (let s = 0; s < SERVICES; s++) oneEach.push(buildTask(id('s', s), 1, serviceShape(s, rnd2)));
  t0 = performance.now();
  scheduleBatch(oneEach, fresh);
  const groupMs = performance.now() - t0;
  const perGroupUs = (groupMs * 1000) / SERVICES;
  const perTaskUs = ((medianMs - groupMs) * 1000) / Math.max(1, tasks.length - SERVICES);
  console.log(
    JSON.stringify({
      phase: 'time_split',
      groups: SERVICES,
      per_group_setup_us: Math.round(perGroupUs),
      group_setup_share: Math.round((groupMs / medianMs) * 100) / 100,
      per_task_us: Math.round(perTaskUs * 100) / 100,
    }),
  );

  const memMbPer100k = Math.round(((heapHeld - heapBefore) * 100_000) / tasks.length);
  return {
    decisions_per_s: medianPerS,
    cold_decisions_per_s: decisionsPerS,
    mem_mb_per_100k: memMbPer100k,
    mem_mb_inputs: Math.round(heapBuilt - heapBefore),
    mem_mb_accounting: Math.round(heapHeld - heapBuilt),
    nodes: NODES,
    tasks: tasks.length,
    schedule_ms: Math.round(medianMs),
    trials: TRIALS,
    unschedulable: result.unschedulable.length,
  };
}

function print(line: object): void {
  console.log(JSON.stringify(line));
}

async function main(): Promise<void> {
  const decisions = PART === 'e2e' ? undefined : runDecisions();
  let e2e: E2eResult | undefined;
  if (PART !== 'decisions') {
    e2e = await runSchedulerE2e(e2eOptionsFromEnv(print));
    print({ phase: 'e2e', ...e2e });
  }
  print({
    decisions_per_s: decisions?.decisions_per_s ?? null,
    cold_decisions_per_s: decisions?.cold_decisions_per_s ?? null,
    e2e_100k_s: e2e?.e2e_100k_s ?? null,
    mem_mb_per_100k: e2e?.mem_mb_per_100k ?? null,
    decision_mem_mb_per_100k: decisions?.mem_mb_per_100k ?? null,
    e2e_agents: e2e?.agents ?? null,
    e2e_agents_in: e2e?.agents_in ?? null,
    e2e_tasks: e2e?.tasks ?? null,
    e2e_scaled: e2e?.scaled ?? null,
    e2e_phases: e2e?.phases ?? null,
    e2e_tasks_per_s: e2e?.tasks_per_s ?? null,
    e2e_rest_cpu_cores: e2e?.rest.cpu_cores ?? null,
    e2e_agent_keepalive_timeout_ms: e2e?.agent_keepalive.timeout_ms ?? null,
    e2e_max_heartbeats_per_s: e2e?.max_heartbeats_per_s ?? null,
    e2e_down_grace_ms: e2e?.down_grace_ms ?? null,
    e2e_heap_delta_mb: e2e?.memory.heap_delta_mb ?? null,
    e2e_rss_mb: e2e?.memory.rss_mb ?? null,
    nodes: decisions?.nodes ?? null,
    tasks: decisions?.tasks ?? null,
    schedule_ms: decisions?.schedule_ms ?? null,
    trials: decisions?.trials ?? null,
    unschedulable: decisions?.unschedulable ?? null,
    note:
      'decisions_per_s: one scheduleBatch over 10,000 nodes and 100,000 tasks (median of trials). ' +
      'e2e_100k_s: 3 in-process managers (real raft with fsynced WALs, real store) and hollow agents over ' +
      'the real dispatcher protocol (gRPC + mTLS), CreateService until every task is RUNNING in the ' +
      "leader's store, scaled to 100,000 tasks when fewer ran; the three managers share one Node process " +
      '(one core), the agents run in a child process (e2e_agents_in), product heartbeat and keepalive ' +
      'settings (see docs/bench-scheduler.md). ' +
      "mem_mb_per_100k: heap of one manager's store per 100,000 tasks (a gc'd copy of the leader's); " +
      'decision_mem_mb_per_100k: heap held by the NodeSet, the Task objects and the result of part (a)',
  });
}

main().then(
  () => {
    // Anything still holding the loop open after a clean stop is a leak worth seeing, not a hang.
    setTimeout(() => {
      console.error('bench: handles still open 10 s after the end; exiting anyway');
      process.exit(0);
    }, 10_000).unref();
  },
  (err: unknown) => {
    console.error(
      `bench:scheduler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    process.exit(1);
  },
);
