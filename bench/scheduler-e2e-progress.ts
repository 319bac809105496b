// Follows one deploy through the leader's store: counts the service's tasks as they are created,
// assigned (state ≥ ASSIGNED with a node) and RUNNING, notes when each count reaches the target, and
// which Raft entries did what (orchestrator creates, scheduler assignments, agent status reports).
// One watch instead of polling find(): sorting 100,000 ids on every poll would steal the very core
// the cluster runs on.
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
  private done: (() => void) | undefined;
  private failed: ((err: Error) => void) | undefined;

  /** Watches every task of `store` (the only service's tasks: the cluster runs nothing else). */
  constructor(
    store: MemoryStore,
    private readonly target: number,
  ) {
    this.watcher = store.watch({ kinds: ['task'], queueLimit: 2_000_000 });
    this.following = this.follow();
  }

  /** Call right before CreateService: times count from here. */
  begin(): void {
    this.startedAt = performance.now();
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
    this.watcher.close();
    await this.following;
  }

  private elapsed(): number {
    return performance.now() - this.startedAt;
  }

  private sample(): void {
    this.samples.push({
      t: Math.round(this.elapsed() / 100) / 10,
      created: this.created,
      assigned: this.assigned,
      running: this.running,
    });
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
    const state = task.status?.state ?? TaskState.TASK_STATE_NEW;
    const was = before?.status?.state ?? TaskState.TASK_STATE_NEW;
    let kind: keyof EntryCounts = 'other';
    if (ev.action === 'create') {
      this.created++;
      kind = 'creates';
    } else if (ev.action === 'update') {
      if (was < ASSIGNED && state >= ASSIGNED) {
        this.assigned++;
        kind = 'assignments';
      } else if (state > was) {
        this.statusWrites.set(state, (this.statusWrites.get(state) ?? 0) + 1);
        kind = 'statusReports';
      }
      if (was < RUNNING && state === RUNNING) this.running++;
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
