// Follows one deploy through the leader's store: counts the service's tasks as they are created,
// assigned (state ≥ ASSIGNED with a node) and RUNNING, notes when each count reaches the target, and
// which Raft entries did what (orchestrator creates, scheduler assignments, agent status reports).
// One watch instead of polling find(): sorting 100,000 ids on every poll would steal the very core
// the cluster runs on.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { MemoryStore } from '../manager/store/memory-store.ts';
import type { StoreEvent } from '../manager/store/store-event.ts';
import type { StoreWatcher } from '../manager/store/store-watcher.ts';
import type { Task__Output } from '../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';

export interface DeployPhases {
  /** ms from the CreateService call until every task existed / was assigned / was RUNNING. */
  created: number | undefined;
  assigned: number | undefined;
  running: number | undefined;
}

export interface ProgressSample {
  /** Seconds since the CreateService call. */
  readonly t: number;
  readonly created: number;
  readonly assigned: number;
  readonly running: number;
  /** Longest event-loop stall since the previous sample, ms: what heartbeats and Raft ticks waited. */
  readonly maxLagMs: number;
  /** GC pause time since the previous sample, ms. */
  readonly gcMs: number;
  readonly heapMb: number;
}

/** Raft entries (store batches) by the kind of change they carried. */
export interface EntryCounts {
  creates: number;
  assignments: number;
  statusReports: number;
  other: number;
}

const ASSIGNED = TaskState.TASK_STATE_ASSIGNED;
const RUNNING = TaskState.TASK_STATE_RUNNING;

interface Counted {
  readonly exists: number;
  readonly assigned: number;
  readonly running: number;
}
const NONE: Counted = { exists: 0, assigned: 0, running: 0 };

function stateOf(task: Task__Output): number {
  return task.status?.state ?? TaskState.TASK_STATE_NEW;
}

/** What one task adds to each count: meant to run; placed and not ended; RUNNING. */
function counted(task: Task__Output): Counted {
  if (task.desiredState !== RUNNING) return NONE;
  const state = stateOf(task);
  return {
    exists: 1,
    assigned: state >= ASSIGNED && state <= RUNNING && task.nodeId !== '' ? 1 : 0,
    running: state === RUNNING ? 1 : 0,
  };
}

export class DeployProgress {
  created = 0;
  assigned = 0;
  running = 0;
  readonly phases: DeployPhases = { created: undefined, assigned: undefined, running: undefined };
  readonly entries: EntryCounts = { creates: 0, assignments: 0, statusReports: 0, other: 0 };
  readonly samples: ProgressSample[] = [];
  /** Reports per task: status updates that reached the store, by the state they wrote. */
  readonly statusWrites = new Map<number, number>();
  private readonly watcher: StoreWatcher;
  private readonly following: Promise<void>;
  private lastVersion = 0;
  private lastKind: keyof EntryCounts = 'other';
  private startedAt = 0;
  private sampler: NodeJS.Timeout | undefined;
  private readonly lag = monitorEventLoopDelay({ resolution: 10 });
  private readonly gcObserver: PerformanceObserver;
  private gcMs = 0;
  private done: (() => void) | undefined;
  private failed: ((err: Error) => void) | undefined;

  /** Watches every task of `store` (the only service's tasks: the cluster runs nothing else). */
  constructor(
    store: MemoryStore,
    private readonly target: number,
    /** Told of each sample (the benchmark writes them to stderr, to watch a long run). */
    private readonly onSample: (s: ProgressSample) => void = () => {},
  ) {
    this.watcher = store.watch({ kinds: ['task'], queueLimit: 2_000_000 });
    this.following = this.follow();
    this.gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.gcMs += e.duration;
    });
  }

  /** Call right before CreateService: times count from here. */
  begin(): void {
    this.startedAt = performance.now();
    this.lag.enable();
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.sampler = setInterval(() => this.sample(), 1000);
  }

  /** Resolves when `target` tasks are RUNNING; rejects after `timeoutMs` or if the watch breaks. */
  async allRunning(timeoutMs: number): Promise<void> {
    if (this.running >= this.target) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.done = resolve;
        this.failed = reject;
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out after ${timeoutMs} ms: ${this.created} created, ${this.assigned} assigned, ` +
                  `${this.running} RUNNING of ${this.target}`,
              ),
            ),
          timeoutMs,
        );
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sampler);
    this.lag.disable();
    this.gcObserver.disconnect();
    this.watcher.close();
    await this.following;
  }

  private elapsed(): number {
    return performance.now() - this.startedAt;
  }

  private sample(): void {
    const s: ProgressSample = {
      t: Math.round(this.elapsed() / 100) / 10,
      created: this.created,
      assigned: this.assigned,
      running: this.running,
      maxLagMs: Math.round(this.lag.max / 1e6),
      gcMs: Math.round(this.gcMs),
      heapMb: Math.round(process.memoryUsage().heapUsed / 1024 ** 2),
    };
    this.lag.reset();
    this.gcMs = 0;
    this.samples.push(s);
    this.onSample(s);
  }

  private async follow(): Promise<void> {
    try {
      for await (const ev of this.watcher) this.onEvent(ev);
    } catch (err) {
      this.failed?.(new Error(`the progress watch on the leader's store broke: ${(err as Error).message}`));
    }
  }

  private onEvent(ev: StoreEvent): void {
    if (ev.kind !== 'task') return;
    const task = ev.object;
    const before: Task__Output | undefined = ev.oldObject;
    const state = stateOf(task);
    const was = before === undefined ? TaskState.TASK_STATE_NEW : stateOf(before);
    // Counts are of tasks meant to run (desired RUNNING) as they are now: a task that fails, or is
    // replaced after its node went down, leaves them again.
    const now = ev.action === 'delete' ? NONE : counted(task);
    const then = ev.action === 'create' ? NONE : counted(before ?? task);
    this.created += now.exists - then.exists;
    this.assigned += now.assigned - then.assigned;
    this.running += now.running - then.running;
    let kind: keyof EntryCounts = 'other';
    if (ev.action === 'create') kind = 'creates';
    else if (ev.action === 'update' && was < ASSIGNED && state >= ASSIGNED) kind = 'assignments';
    else if (ev.action === 'update' && state > was) {
      this.statusWrites.set(state, (this.statusWrites.get(state) ?? 0) + 1);
      kind = 'statusReports';
    }
    // Events of one batch share its version and arrive together: one count per entry.
    if (ev.version !== this.lastVersion) {
      this.lastVersion = ev.version;
      this.lastKind = kind;
      this.entries[kind]++;
    } else if (this.lastKind === 'other' && kind !== 'other') {
      this.entries.other--;
      this.entries[kind]++;
      this.lastKind = kind;
    }
    const ms = this.elapsed();
    if (this.phases.created === undefined && this.created >= this.target) this.phases.created = ms;
    if (this.phases.assigned === undefined && this.assigned >= this.target) this.phases.assigned = ms;
    if (this.phases.running === undefined && this.running >= this.target) {
      this.phases.running = ms;
      this.sample();
      this.done?.();
    }
  }
}
