// Scheduler benchmark, end-to-end part: three managers (real Raft with fsynced WALs, real store,
// orchestrator, scheduler and dispatcher on the leader) and N hollow agents over the real dispatcher
// protocol (gRPC + mTLS on loopback), all in this process. One replicated service of M replicas is
// created through the control API; the run times until every task is RUNNING in the leader's store.
// Full run: 1,000 agents and 100,000 tasks; COVEY_BENCH_QUICK=1: 100 agents and 10,000 tasks.
import pino, { type Logger } from 'pino';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { BenchCluster } from './scheduler-e2e-cluster.ts';
import { readMemory, storeFootprint } from './scheduler-e2e-memory.ts';
import { DeployProgress } from './scheduler-e2e-progress.ts';

export const E2E_IMAGE = 'covey-test/busybox:1';

export interface E2eOptions {
  readonly agents: number;
  readonly tasks: number;
  /** Joins in flight at once. */
  readonly joinConcurrency: number;
  /** How long the deploy may take before the run fails. */
  readonly deployTimeoutMs: number;
  readonly logger: Logger;
  /** Receives one JSON object per phase. */
  readonly report: (line: object) => void;
}

export interface E2eResult {
  readonly e2e_100k_s: number;
  readonly agents: number;
  readonly tasks: number;
  /** Seconds from the CreateService call until every task existed / was assigned / was RUNNING. */
  readonly phases: { readonly created_s: number; readonly assigned_s: number; readonly running_s: number };
  readonly tasks_per_s: number;
  readonly setup: { readonly managers_s: number; readonly join_s: number; readonly ready_s: number };
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
}

export function e2eOptionsFromEnv(report: (line: object) => void): E2eOptions {
  const quick = process.env.COVEY_BENCH_QUICK === '1';
  return {
    agents: Number(process.env.COVEY_BENCH_AGENTS ?? (quick ? 100 : 1_000)),
    tasks: Number(process.env.COVEY_BENCH_TASKS ?? (quick ? 10_000 : 100_000)),
    joinConcurrency: 16,
    deployTimeoutMs: Number(process.env.COVEY_BENCH_DEPLOY_TIMEOUT_S ?? 300) * 1000,
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
  });
  try {
    const managersS = (performance.now() - t0) / 1000;
    o.report({ phase: 'e2e_managers', managers: cluster.managers.length, s: round2(managersS) });
    t0 = performance.now();
    const joined = await cluster.joinAgents(120_000);
    o.report({
      phase: 'e2e_agents',
      agents: cluster.agents.length,
      join_s: round2(joined.joinMs / 1000),
      ready_s: round2(joined.readyMs / 1000),
    });

    const leader = cluster.leader();
    const manager = leader?.daemon.manager;
    if (manager === undefined) throw new Error('no leader among the managers after the agents joined');
    const store = manager.store;
    const mem0 = readMemory();
    const commit0 = manager.raft.status().commit;
    const progress = new DeployProgress(store, o.tasks);
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    progress.begin();
    const started = performance.now();
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
    } finally {
      await progress.close();
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    const status = manager.raft.status();

    // The brief's check, straight from the store: every task of the service RUNNING.
    const tasks = store.find('task', { serviceId });
    const running = tasks.filter((t) => t.status?.state === TaskState.TASK_STATE_RUNNING);
    if (running.length !== o.tasks) {
      throw new Error(`the store holds ${running.length} RUNNING tasks of ${o.tasks} (of ${tasks.length})`);
    }
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
      agents: cluster.agents.length,
      tasks: o.tasks,
      phases: {
        created_s: round2((progress.phases.created ?? Number.NaN) / 1000),
        assigned_s: round2((progress.phases.assigned ?? Number.NaN) / 1000),
        running_s: round2((progress.phases.running ?? Number.NaN) / 1000),
      },
      tasks_per_s: Math.round(o.tasks / (wallMs / 1000)),
      setup: { managers_s: round2(managersS), join_s: round2(joined.joinMs / 1000), ready_s: round2(joined.readyMs / 1000) },
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
    };
    return result;
  } finally {
    t0 = performance.now();
    await cluster.stop();
    o.report({ phase: 'e2e_stop', s: round2((performance.now() - t0) / 1000) });
  }
}

function stateName(state: number): string {
  const entry = Object.entries(TaskState).find(([, v]) => v === state);
  return entry ? entry[0].replace('TASK_STATE_', '') : String(state);
}
