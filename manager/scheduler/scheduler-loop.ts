// The scheduler on the Raft leader: follows nodes and tasks through one store watch, keeps the
// NodeSet current incrementally, and runs scheduleBatch over the pending tasks gathered within one
// macrotask; a CommitPipeline commits the decisions in pipelined batches. Assignments count on
// their nodes from the moment they are decided, so a pass never over-commits a node that an earlier
// pass's batch, still in flight, has filled; a batch that fails gives its accounting back.
//
// Unschedulable tasks wait (their reason written once per change of reason) until the cluster
// changes in a way that may help: a node joins or changes, or a task releases a node's resources.
import type { Logger } from 'pino';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { LeaderLoop } from '../leader-loop.ts';
import { NotFoundError, VersionConflictError, WatchResyncError } from '../store/errors.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreEvent } from '../store/store-event.ts';
import type { StoreProposer } from '../store/store-proposer.ts';
import type { StoreWatcher } from '../store/store-watcher.ts';
import { NodeSet } from './node-set.ts';
import { CommitPipeline } from './scheduler-loop-commit.ts';
import { type Decision, needsReasonWrite } from './scheduler-loop-decision.ts';
import { type PassResult, runPass } from './scheduler-loop-pass.ts';
import { pendingKind } from './scheduler-loop-pending.ts';
import { Backoff, type SetTimer, Throttle } from './scheduler-loop-retry.ts';
import { taskUsage } from './task-usage.ts';

export interface SchedulerLoopOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly logger: Logger;
  /** Epoch ms: status timestamps and the retry throttle. */
  readonly now?: () => number;
  /** Arms a timer and returns its cancel function (retry throttle and failure backoff only). */
  readonly setTimer?: SetTimer;
  /** Least time between two retries of unschedulable tasks caused by cluster changes (default 100). */
  readonly retryIntervalMs?: number;
  /** Delay before proposing again after a batch failed other than by a conflict (default 200, doubling). */
  readonly failureBackoffMs?: number;
  /** Cap of that delay (default 5,000). */
  readonly maxFailureBackoffMs?: number;
  /** Batches in flight at once (default 8). */
  readonly maxBatchesInFlight?: number;
}

export interface SchedulerLoopStats {
  /** scheduleBatch runs. */
  passes: number;
  /** Assignments committed (placements and confirmed preassigned tasks). */
  assigned: number;
  /** Unschedulable reasons written to tasks. */
  explained: number;
  /** Decisions given back because their task changed meanwhile. */
  conflicts: number;
  /** Batches lost to Raft errors (lost leadership, timeouts) or refused for another reason. */
  failedBatches: number;
}

interface Waiting {
  task: Task__Output;
  readonly reason: string;
}

/** Events the watcher may hold unread: a burst of task creations must not force a full resync. */
const WATCH_QUEUE_LIMIT = 200_000;

function defaultSetTimer(fn: () => void, ms: number): () => void {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
}

export class SchedulerLoop implements LeaderLoop {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly setTimer: SetTimer;

  private running = false;
  private watcher: StoreWatcher | undefined;
  private consuming: Promise<void> | undefined;
  private nodeSet = new NodeSet();
  private pipeline: CommitPipeline | undefined;
  /** Pending tasks for the next pass (latest object seen). */
  private queued = new Map<string, Task__Output>();
  /** Unschedulable tasks whose reason the store already carries, until the cluster changes. */
  private readonly waiting = new Map<string, Waiting>();
  /** Tasks with a decision being committed: the store answers for them once their batch settles. */
  private readonly inFlight = new Map<string, Decision>();
  /** Counts cluster changes that may let waiting tasks fit. */
  private epoch = 0;
  private passTimer: NodeJS.Immediate | undefined;
  private wakeThrottle: Throttle;
  private backoff: Backoff;
  private idleWaiters: (() => void)[] = [];
  readonly stats: SchedulerLoopStats = {
    passes: 0,
    assigned: 0,
    explained: 0,
    conflicts: 0,
    failedBatches: 0,
  };

  constructor(private readonly o: SchedulerLoopOptions) {
    this.log = o.logger.child({ component: 'scheduler' });
    this.now = o.now ?? Date.now;
    this.setTimer = o.setTimer ?? defaultSetTimer;
    this.wakeThrottle = this.newThrottle();
    this.backoff = this.newBackoff();
  }

  private newThrottle(): Throttle {
    return new Throttle(this.o.retryIntervalMs ?? 100, this.now, this.setTimer);
  }

  private newBackoff(): Backoff {
    return new Backoff(this.o.failureBackoffMs ?? 200, this.o.maxFailureBackoffMs ?? 5_000, this.setTimer);
  }

  start(): void {
    if (this.running) throw new Error('scheduler loop is already running');
    this.running = true;
    this.queued = new Map();
    this.waiting.clear();
    this.inFlight.clear();
    this.epoch = 0;
    this.wakeThrottle = this.newThrottle();
    this.backoff = this.newBackoff();
    this.pipeline = new CommitPipeline({
      store: this.o.store,
      proposer: this.o.proposer,
      logger: this.log,
      now: this.now,
      ...(this.o.maxBatchesInFlight === undefined ? {} : { maxBatchesInFlight: this.o.maxBatchesInFlight }),
      onCommitted: (ds) => this.committed(ds),
      onDropped: (ds, cause) => this.dropped(ds, cause),
      onSettled: () => this.checkIdle(),
    });
    this.follow();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.watcher?.close();
    if (this.passTimer !== undefined) clearImmediate(this.passTimer);
    this.passTimer = undefined;
    this.wakeThrottle.dispose();
    this.backoff.dispose();
    // Proposals in flight settle on their own (NotLeaderError and the like): their outcome no longer matters.
    await this.pipeline?.stop();
    await this.consuming;
    this.queued.clear();
    this.waiting.clear();
    this.inFlight.clear();
    this.checkIdle();
  }

  /** Resolves once no pass, proposal, timer or unread event remains (tests, benchmarks). */
  async idle(): Promise<void> {
    for (;;) {
      // A macrotask boundary lets events already delivered to the watcher reach the loop first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.isIdle()) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /** Watches, then reads: the events start right after the state read, so nothing falls between. */
  private follow(): void {
    const watcher = this.o.store.watch({ kinds: ['node', 'task'], queueLimit: WATCH_QUEUE_LIMIT });
    this.watcher = watcher;
    const tasks = this.o.store.find('task');
    this.nodeSet = this.buildNodeSet(tasks);
    this.queued = new Map();
    this.waiting.clear();
    for (const t of tasks) {
      if (!this.inFlight.has(t.id) && pendingKind(t) !== undefined) this.queued.set(t.id, t);
    }
    this.requestPass();
    this.consuming = this.consume(watcher);
  }

  private buildNodeSet(tasks: readonly Task__Output[]): NodeSet {
    const set = new NodeSet();
    for (const n of this.o.store.find('node')) set.upsertNode(n);
    for (const t of tasks) set.upsertTask(t);
    // Decisions still being committed keep their nodes' resources.
    for (const d of this.inFlight.values()) if (d.kind === 'assign') set.account(d.nodeId, taskUsage(d.task));
    return set;
  }

  private async consume(watcher: StoreWatcher): Promise<void> {
    for (;;) {
      let next: IteratorResult<StoreEvent>;
      try {
        next = await watcher.next();
      } catch (err) {
        if (!this.running || watcher !== this.watcher) return;
        if (err instanceof WatchResyncError) {
          this.log.warn({ err }, 'scheduler: store watch lost; re-reading the store');
          this.follow();
        } else {
          this.log.error({ err }, 'scheduler: store watch failed');
        }
        return;
      }
      if (next.done || !this.running || watcher !== this.watcher) return;
      try {
        this.handle(next.value);
      } catch (err) {
        this.log.error({ err }, 'scheduler: handling a store event failed');
      }
      if (watcher.pending === 0) this.checkIdle();
    }
  }

  private handle(ev: StoreEvent): void {
    if (ev.kind === 'node') {
      if (ev.action === 'delete') {
        this.nodeSet.removeNode(ev.object.id);
      } else {
        this.nodeSet.upsertNode(ev.object);
        this.wake();
      }
      return;
    }
    if (ev.kind !== 'task') return;
    const task = ev.object;
    const heldOn = this.nodeSet.nodeOfTask(task.id);
    if (ev.action === 'delete') this.nodeSet.removeTask(task.id);
    else this.nodeSet.upsertTask(task);
    // A task with a decision in flight is re-read from the store when its batch settles.
    if (!this.inFlight.has(task.id)) {
      if (ev.action === 'delete') this.forget(task.id);
      else this.consider(task);
    }
    if (heldOn !== undefined && this.nodeSet.nodeOfTask(task.id) !== heldOn) this.wake();
  }

  /** Files a task (not in flight) as it now is: queued for a pass, still waiting, or none of ours. */
  private consider(task: Task__Output): void {
    if (pendingKind(task) === undefined) {
      this.forget(task.id);
      return;
    }
    const w = this.waiting.get(task.id);
    if (
      w !== undefined &&
      !needsReasonWrite(task, w.reason) &&
      task.nodeId === w.task.nodeId &&
      task.specVersion === w.task.specVersion
    ) {
      // Our own reason write coming back, or a change that does not affect placement.
      w.task = task;
      return;
    }
    this.waiting.delete(task.id);
    this.queued.set(task.id, task);
    this.requestPass();
  }

  private forget(taskId: string): void {
    this.queued.delete(taskId);
    this.waiting.delete(taskId);
  }

  /** One pass per macrotask, whatever the number of events that asked for it; none during a backoff. */
  private requestPass(): void {
    if (!this.running || this.passTimer !== undefined || this.backoff.armed) return;
    this.passTimer = setImmediate(() => {
      this.passTimer = undefined;
      this.pass();
    });
  }

  private pass(): void {
    if (!this.running || this.queued.size === 0) {
      this.checkIdle();
      return;
    }
    const started = performance.now();
    const epoch = this.epoch;
    const tasks = this.queued;
    this.queued = new Map();
    let result: PassResult;
    try {
      result = runPass(tasks, this.nodeSet, epoch);
    } catch (err) {
      // A bug, not a cluster state: park the tasks (a cluster change retries them) and rebuild the
      // accounting the aborted pass may have left half done.
      this.log.error({ err }, 'scheduler: pass failed');
      for (const t of tasks.values()) this.waiting.set(t.id, { task: t, reason: '' });
      this.nodeSet = this.buildNodeSet(this.o.store.find('task'));
      this.checkIdle();
      return;
    }
    const { decisions, unchanged } = result;
    for (const u of unchanged) this.waiting.set(u.task.id, { task: u.task, reason: u.reason });
    for (const d of decisions) this.inFlight.set(d.task.id, d);
    this.stats.passes++;
    this.log.debug(
      {
        tasks: tasks.size,
        decisions: decisions.length,
        unchangedReasons: unchanged.length,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'scheduler pass',
    );
    this.pipeline?.enqueue(decisions);
    this.checkIdle();
  }

  private committed(decisions: readonly Decision[]): void {
    this.backoff.reset();
    for (const d of decisions) {
      this.inFlight.delete(d.task.id);
      if (d.kind === 'assign') {
        this.stats.assigned++;
        continue;
      }
      this.stats.explained++;
      const current = this.o.store.get('task', d.task.id);
      if (current === undefined) {
        this.forget(d.task.id);
      } else if (
        d.epoch === this.epoch &&
        pendingKind(current) !== undefined &&
        !needsReasonWrite(current, d.reason)
      ) {
        this.waiting.set(current.id, { task: current, reason: d.reason });
      } else {
        // The cluster changed while the reason was being written: it may fit now.
        this.consider(current);
      }
    }
  }

  private dropped(decisions: readonly Decision[], cause: unknown): void {
    const conflict = cause instanceof VersionConflictError || cause instanceof NotFoundError;
    if (conflict) this.stats.conflicts += decisions.length;
    else this.stats.failedBatches++;
    let released = false;
    for (const d of decisions) {
      const id = d.task.id;
      this.inFlight.delete(id);
      const current = this.o.store.get('task', id);
      if (d.kind === 'assign') {
        // Give back what the decision took; the store says what (if anything) the task holds now.
        this.nodeSet.removeTask(id);
        if (current !== undefined) this.nodeSet.upsertTask(current);
        released = true;
      }
      if (current === undefined) this.forget(id);
      else if (conflict) this.consider(current);
      else if (pendingKind(current) !== undefined) this.queued.set(id, current);
      else this.forget(id);
    }
    if (!conflict) this.backOff(cause, decisions.length);
    if (released) this.wake();
  }

  /** After a lost or refused batch: propose nothing until the delay passes (no hot loop while not leader). */
  private backOff(cause: unknown, tasks: number): void {
    if (!this.running) return;
    const retryInMs = this.backoff.arm(() => {
      this.requestPass();
      this.checkIdle();
    });
    if (retryInMs === undefined) return;
    this.log.warn({ err: cause, tasks, retryInMs }, 'scheduler: batch not committed; will retry');
    if (this.passTimer !== undefined) clearImmediate(this.passTimer);
    this.passTimer = undefined;
  }

  /** The cluster changed in a way that may let waiting tasks fit: retry them, at most once per interval. */
  private wake(): void {
    this.epoch++;
    if (this.waiting.size === 0) return;
    this.wakeThrottle.request(() => {
      if (!this.running) return;
      for (const [id, w] of this.waiting) this.queued.set(id, w.task);
      this.waiting.clear();
      this.requestPass();
      this.checkIdle();
    });
  }

  private isIdle(): boolean {
    if (!this.running) return true;
    return (
      this.queued.size === 0 &&
      this.inFlight.size === 0 &&
      this.passTimer === undefined &&
      !this.backoff.armed &&
      !this.wakeThrottle.armed &&
      (this.pipeline?.idle ?? true) &&
      (this.watcher?.pending ?? 0) === 0
    );
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
