// Scheduler benchmark, end-to-end part: three managers (real Raft with fsynced WALs, real store,
// orchestrator, scheduler and dispatcher on the leader) and N hollow agents over the real dispatcher
// protocol (gRPC + mTLS on loopback); the managers in this process, the agents in a child process
// (COVEY_BENCH_AGENTS_PROCESS=0: in this one too). One replicated service of M replicas is
// created through the control API; the run times until every task is RUNNING in the leader's store.
// Full run: 1,000 agents and 100,000 tasks; COVEY_BENCH_QUICK=1: 100 agents and 10,000 tasks.
// docs/bench-scheduler.md has the numbers, where the time goes and the knobs (COVEY_BENCH_*).
import pino, { type Logger } from 'pino';
import { DEFAULT_KEEPALIVE, type KeepaliveOptions } from '../agent/session/dispatcher-client.ts';
import { DEFAULT_HEARTBEAT_CONFIG, type HeartbeatConfig } from '../manager/dispatcher/heartbeat-period.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { BenchCluster } from './scheduler-e2e-cluster.ts';
import { readMemory, storeFootprint } from './scheduler-e2e-memory.ts';
import { DeployProgress } from './scheduler-e2e-progress.ts';

export const E2E_IMAGE = 'covey-test/busybox:1';

/**
 * The heartbeat timing of the run: the product's, unless COVEY_BENCH_DOWN_GRACE_MS (ms; 0 = the
 * product's one period + 500 ms) or COVEY_BENCH_MAX_HEARTBEATS_PER_S say otherwise.
 */
function benchHeartbeat(): HeartbeatConfig {
  const grace = Number(process.env.COVEY_BENCH_DOWN_GRACE_MS ?? 0);
  const rate = process.env.COVEY_BENCH_MAX_HEARTBEATS_PER_S;
  return {
    ...DEFAULT_HEARTBEAT_CONFIG,
    downGraceMs: grace > 0 ? grace : undefined,
    ...(rate === undefined ? {} : { maxHeartbeatsPerSecond: Number(rate) }),
  };
}

export interface E2eOptions {
  readonly agents: number;
  readonly tasks: number;
  /** Joins in flight at once. */
  readonly joinConcurrency: number;
  /** How long the deploy may take before the run fails. */
  readonly deployTimeoutMs: number;
  /** The agents' HTTP/2 keepalive (PING interval and how long an ACK may take). */
  readonly keepalive: KeepaliveOptions;
  /** Agents in a child process (the other core) rather than in this one. */
  readonly agentsProcess: boolean;
  /** The dispatchers' heartbeat timing (see benchHeartbeat). */
  readonly heartbeat: HeartbeatConfig;
  readonly logger: Logger;
  /** Receives one JSON object per phase. */
  readonly report: (line: object) => void;
}

export interface E2eResult {
  /** Seconds until every task was RUNNING, scaled linearly to 100,000 tasks when fewer ran. */
  readonly e2e_100k_s: number;
  /** e2e_100k_s is an extrapolation (a quick run). */
  readonly scaled: boolean;
  readonly agents: number;
  /** Where the agents ran: 'in-process' (the brief's setup, one core for all) or 'child-process'. */
  readonly agents_in: 'in-process' | 'child-process';
  readonly tasks: number;
  /** Seconds from the CreateService call until every task existed / was assigned / was RUNNING. */
  readonly phases: { readonly created_s: number; readonly assigned_s: number; readonly running_s: number };
  readonly tasks_per_s: number;
  readonly setup: { readonly managers_s: number; readonly join_s: number; readonly ready_s: number };
  /** CPU and event-loop share the idle cluster takes (heartbeats, keepalive PINGs), before the deploy. */
  readonly rest: { readonly cpu_cores: number; readonly event_loop_utilization: number };
  /** The agents' keepalive as run (the agent's default unless COVEY_BENCH_KEEPALIVE_*). */
  readonly agent_keepalive: { readonly time_ms: number; readonly timeout_ms: number };
  /** The leader's heartbeat rate bound as run (the default unless COVEY_BENCH_MAX_HEARTBEATS_PER_S). */
  readonly max_heartbeats_per_s: number;
  /** The down grace as run, ms (null: the product's, one period + 500 ms). */
  readonly down_grace_ms: number | null;
  /** Heap one manager's store needs per 100,000 tasks (a fresh copy of the leader's, after gc). */
  readonly mem_mb_per_100k: number;
  readonly memory: {
    readonly rss_mb: number;
    readonly heap_mb: number;
    /** Whole-process heap growth over the deploy (3 stores, Raft logs, dispatcher, 1,000 agents). */
    readonly heap_delta_mb: number;
    readonly external_delta_mb: number;
    readonly store_copy_mb: number;
    readonly store_encoded_mb: number;
  };
  readonly raft: {
    readonly term: number;
    readonly commit: number;
    /** Entries committed during the deploy, and what they carried. */
    readonly entries: number;
    readonly creates: number;
    readonly assignments: number;
    readonly status_reports: number;
    readonly other: number;
  };
  /** Status writes that reached the store, by the state written (agents coalesce the rest). */
  readonly status_writes: Record<string, number>;
  /** Share of the deploy the process spent on CPU (user+system over wall; 1 = one full core). */
  readonly cpu_cores: number;
  /** Event loop busy share over the deploy. */
  readonly event_loop_utilization: number;
  readonly tasks_per_node: { readonly min: number; readonly max: number };
  /** Tasks created beyond one per slot (replacements: a node declared down, a task failed). */
  readonly replaced_tasks: number;
}

export function e2eOptionsFromEnv(report: (line: object) => void): E2eOptions {
  const quick = process.env.COVEY_BENCH_QUICK === '1';
  return {
    agents: Number(process.env.COVEY_BENCH_AGENTS ?? (quick ? 100 : 1_000)),
    tasks: Number(process.env.COVEY_BENCH_TASKS ?? (quick ? 10_000 : 100_000)),
    joinConcurrency: Number(process.env.COVEY_BENCH_JOIN_CONCURRENCY ?? 32),
    deployTimeoutMs: Number(process.env.COVEY_BENCH_DEPLOY_TIMEOUT_S ?? 300) * 1000,
    // The agents run in a child process unless COVEY_BENCH_AGENTS_PROCESS=0: the managers are what is
    // measured, and no cluster runs a thousand agents on its leader's CPU.
    agentsProcess: process.env.COVEY_BENCH_AGENTS_PROCESS !== '0',
    heartbeat: benchHeartbeat(),
    keepalive: {
      timeMs: Number(process.env.COVEY_BENCH_KEEPALIVE_MS ?? DEFAULT_KEEPALIVE.timeMs),
      timeoutMs: Number(process.env.COVEY_BENCH_KEEPALIVE_TIMEOUT_MS ?? DEFAULT_KEEPALIVE.timeoutMs),
    },
    // COVEY_BENCH_LOG=warn|info|debug: the cluster's logs on stderr (stdout carries the JSON lines).
    logger: pino({ level: process.env.COVEY_BENCH_LOG ?? 'silent' }, pino.destination(2)),
    report,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export async function runSchedulerE2e(o: E2eOptions): Promise<E2eResult> {
  let t0 = performance.now();
  const cluster = await BenchCluster.start({
    agents: o.agents,
    joinConcurrency: o.joinConcurrency,
    logger: o.logger,
    report: o.report,
    keepalive: o.keepalive,
    agentsProcess: o.agentsProcess,
    heartbeat: o.heartbeat,
  });
  // Ctrl-C: stop the cluster and remove its data dirs rather than leave them behind.
  const interrupted = (): void => {
    void cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    const managersS = (performance.now() - t0) / 1000;
    o.report({ phase: 'e2e_managers', managers: cluster.managers.length, s: round2(managersS) });
    t0 = performance.now();
    const joinStartUs = monotonicUs();
    const joined = await cluster.joinAgents(120_000);
    o.report({
      phase: 'e2e_agents',
      agents: o.agents,
      agents_in: o.agentsProcess ? 'child-process' : 'in-process',
      join_s: round2(joined.joinMs / 1000),
      ready_s: round2(joined.readyMs / 1000),
      window_us: [joinStartUs, monotonicUs()],
    });

    // What the agents cost at rest (heartbeats, keepalive pings), before any task exists.
    const rest = await measureRest(3_000);
    o.report({ phase: 'e2e_rest', s: 3, cpu_cores: rest.cpuCores, event_loop_utilization: rest.elu });

    const leader = cluster.leader();
    const manager = leader?.daemon.manager;
    if (manager === undefined) throw new Error('no leader among the managers after the agents joined');
    const store = manager.store;
    const mem0 = readMemory();
    const commit0 = manager.raft.status().commit;
    const progress = new DeployProgress(store, o.tasks, (s) =>
      process.stderr.write(
        `deploy ${s.t}s: ${s.created} created, ${s.assigned} assigned, ${s.running} running; ` +
          `max lag ${s.maxLagMs} ms, gc ${s.gcMs} ms, heap ${s.heapMb} MB\n`,
      ),
    );
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    progress.begin();
    const started = performance.now();
    const startedUs = monotonicUs();
    const created = await cluster.control().createService({
      spec: {
        annotations: { name: 'bench' },
        task: { container: { image: E2E_IMAGE } },
        replicated: { replicas: o.tasks },
      },
    });
    const serviceId = created.service?.id ?? '';
    try {
      await progress.allRunning(o.deployTimeoutMs);
    } catch (err) {
      // The timeline says where a slow or stuck deploy stopped.
      o.report({ phase: 'e2e_deploy_failed', error: (err as Error).message, timeline: progress.samples });
      throw err;
    } finally {
      await progress.close();
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    const status = manager.raft.status();

    // Straight from the store: every slot's task RUNNING (tasks replaced along the way, e.g. after
    // their node was declared down, are kept as history with desired state SHUTDOWN).
    const tasks = store.find('task', { serviceId });
    const running = tasks.filter(
      (t) =>
        t.desiredState === TaskState.TASK_STATE_RUNNING && t.status?.state === TaskState.TASK_STATE_RUNNING,
    );
    if (running.length !== o.tasks) {
      throw new Error(`the store holds ${running.length} RUNNING tasks of ${o.tasks} (of ${tasks.length})`);
    }
    const replaced = tasks.length - running.length;
    const perNode = new Map<string, number>();
    for (const t of running) perNode.set(t.nodeId, (perNode.get(t.nodeId) ?? 0) + 1);
    const counts = [...perNode.values()];
    o.report({
      phase: 'e2e_deploy',
      tasks: o.tasks,
      s: round2(wallMs / 1000),
      created_s: round2((progress.phases.created ?? Number.NaN) / 1000),
      assigned_s: round2((progress.phases.assigned ?? Number.NaN) / 1000),
      running_s: round2((progress.phases.running ?? Number.NaN) / 1000),
      timeline: progress.samples,
      // The deploy in a CPU profile's clock (see bench/scheduler-e2e-profile.ts).
      window_us: [startedUs, startedUs + Math.round(wallMs * 1000)],
    });

    // Memory once the followers applied everything too (their stores are part of the process heap).
    await cluster.caughtUp(status.commit, 30_000);
    const mem1 = readMemory();
    const footprint = storeFootprint(store);
    const per100k = (mb: number): number => Math.round((mb * 100_000) / o.tasks);
    const statusWrites: Record<string, number> = {};
    for (const [state, n] of progress.statusWrites) statusWrites[stateName(state)] = n;

    const result: E2eResult = {
      e2e_100k_s: round2(((progress.phases.running ?? wallMs) / 1000) * (100_000 / o.tasks)),
      scaled: o.tasks !== 100_000,
      agents: o.agents,
      agents_in: o.agentsProcess ? 'child-process' : 'in-process',
      tasks: o.tasks,
      phases: {
        created_s: round2((progress.phases.created ?? Number.NaN) / 1000),
        assigned_s: round2((progress.phases.assigned ?? Number.NaN) / 1000),
        running_s: round2((progress.phases.running ?? Number.NaN) / 1000),
      },
      tasks_per_s: Math.round(o.tasks / (wallMs / 1000)),
      setup: {
        managers_s: round2(managersS),
        join_s: round2(joined.joinMs / 1000),
        ready_s: round2(joined.readyMs / 1000),
      },
      rest: { cpu_cores: rest.cpuCores, event_loop_utilization: rest.elu },
      agent_keepalive: { time_ms: o.keepalive.timeMs, timeout_ms: o.keepalive.timeoutMs },
      max_heartbeats_per_s: o.heartbeat.maxHeartbeatsPerSecond,
      down_grace_ms: o.heartbeat.downGraceMs ?? null,
      mem_mb_per_100k: per100k(footprint.heapMb),
      memory: {
        rss_mb: Math.round(mem1.rssMb),
        heap_mb: Math.round(mem1.heapUsedMb),
        heap_delta_mb: Math.round(mem1.heapUsedMb - mem0.heapUsedMb),
        external_delta_mb: Math.round(mem1.externalMb - mem0.externalMb),
        store_copy_mb: round1(footprint.heapMb),
        store_encoded_mb: round1(footprint.encodedMb),
      },
      raft: {
        term: status.term,
        commit: status.commit,
        entries: status.commit - commit0,
        creates: progress.entries.creates,
        assignments: progress.entries.assignments,
        status_reports: progress.entries.statusReports,
        other: progress.entries.other,
      },
      status_writes: statusWrites,
      cpu_cores: round2((cpu.user + cpu.system) / 1000 / wallMs),
      event_loop_utilization: round2(elu.utilization),
      tasks_per_node: { min: Math.min(...counts), max: Math.max(...counts) },
      replaced_tasks: replaced,
    };
    return result;
  } finally {
    process.off('SIGINT', interrupted);
    t0 = performance.now();
    await cluster.stop();
    o.report({ phase: 'e2e_stop', s: round2((performance.now() - t0) / 1000) });
  }
}

/** CPU and event-loop share of a quiet interval. */
async function measureRest(ms: number): Promise<{ cpuCores: number; elu: number }> {
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  return {
    cpuCores: round2((cpu.user + cpu.system) / 1000 / wall),
    elu: round2(performance.eventLoopUtilization(elu0).utilization),
  };
}

/** CLOCK_MONOTONIC in µs: the clock V8's CPU profiles stamp samples with. */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function stateName(state: number): string {
  const entry = Object.entries(TaskState).find(([, v]) => v === state);
  return entry ? entry[0].replace('TASK_STATE_', '') : String(state);
}
