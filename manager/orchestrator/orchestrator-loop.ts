// The orchestrators on the Raft leader: follows the store through one watcher, marks the slots whose
// tasks, service or nodes changed, reconciles them in one pass per macrotask, and proposes the
// decisions as bounded, pipelined batches. SwarmKit's shape; the decisions are the pure reconcilers'.
import type { Logger } from 'pino';
import type { LeaderLoop } from '../leader-loop.ts';
import { newObjectId } from '../object-id.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreEvent } from '../store/store-event.ts';
import { MAX_BATCH_ACTIONS, type StoreProposer } from '../store/store-proposer.ts';
import type { StoreWatcher } from '../store/store-watcher.ts';
import { packBatches } from './action-batch.ts';
import type { ConstraintMatcher } from './node-eligibility.ts';
import { nodeConstraintMatcher } from './orchestrator-loop-constraints.ts';
import { DirtyServices } from './orchestrator-loop-dirty.ts';
import { orchestratorEventFilter } from './orchestrator-loop-events.ts';
import { classifyProposalFailure } from './orchestrator-loop-failure.ts';
import { HeldTasks } from './orchestrator-loop-held.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  type ProposalBatch,
  type ProposalOutcome,
  ProposalPipeline,
} from './orchestrator-loop-pipeline.ts';
import {
  type PlanContext,
  type PlannedAction,
  type ServicePlan,
  planService,
} from './orchestrator-loop-plan.ts';
import { OrchestratorView } from './orchestrator-loop-view.ts';
import { RestartSupervisor } from './restart-supervisor.ts';
import { isRolling } from './update-status.ts';

export interface OrchestratorLoopOptions {
  store: MemoryStore;
  proposer: StoreProposer;
  logger: Logger;
  /** Epoch ms. */
  now?: () => number;
  /** Returns a cancel function; default setTimeout. Restart delays, retry backoff, stop grace. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Default newObjectId. */
  newId?: () => string;
  /** Default: the scheduler's constraint rules (nodeConstraintMatcher). */
  matchesConstraints?: ConstraintMatcher;
  /** Batches proposed at once; default 4. */
  maxInFlight?: number;
  /** Actions per batch; default MAX_BATCH_ACTIONS. */
  maxBatchActions?: number;
  /** Events the watcher may hold unread before the loop must re-read the store; default 250,000. */
  watchQueueLimit?: number;
}

/** Counters for tests, benchmarks and metrics. */
export interface OrchestratorLoopStats {
  readonly passes: number;
  /** Tasks read from the store by passes: what a pass costs. */
  readonly tasksRead: number;
  readonly actionsProposed: number;
  /** Batches handed to the pipeline (some may be dropped unproposed when Raft is unavailable). */
  readonly batchesProposed: number;
  readonly batchesApplied: number;
  /** Applied and refused (a task changed since read): re-reconciled at once. */
  readonly batchesRejected: number;
  /** Not applied (Raft unavailable) or refused as invalid: retried after a backoff. */
  readonly batchesFailed: number;
  /** Times the store was read whole again (start, watch overflow, snapshot restore). */
  readonly resyncs: number;
}

/**
 * The consumer reads one event per microtask, and a proposer applying in-process (or Raft applying
 * several entries at once) delivers whole 500-action batches in between: a 100k-task deploy can run
 * 100k events ahead. Events are references to stored objects, so a deep queue is cheap; an overflow
 * costs a full re-read of the store.
 */
const DEFAULT_WATCH_QUEUE_LIMIT = 250_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/** stop() waits this long for proposals in flight (Raft settles every proposal, but never hang). */
const STOP_GRACE_MS = 10_000;

const defaultSetTimer = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export class OrchestratorLoop implements LeaderLoop {
  private readonly store: MemoryStore;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;
  private readonly newId: () => string;
  private readonly matchesConstraints: ConstraintMatcher;
  private readonly maxBatchActions: number;
  private readonly watchQueueLimit: number;
  private readonly pipeline: ProposalPipeline<PlannedAction>;
  /** Lives as long as the loop: one leadership term (a new leader counts restarts afresh). */
  private readonly supervisor = new RestartSupervisor();
  private readonly dirty = new DirtyServices();
  private readonly held = new HeldTasks();
  /** Rolling updates waiting out a batch delay or a monitor window: service id → when to plan again. */
  private readonly rolloutWakes = new Map<string, number>();
  private readonly view: OrchestratorView;
  private watcher: StoreWatcher | undefined;
  private consumer: Promise<void> | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private stopping: Promise<void> | undefined;
  private passHandle: NodeJS.Immediate | undefined;
  private wake: { readonly at: number; readonly cancel: () => void } | undefined;
  private retryCancel: (() => void) | undefined;
  private readonly retryServices = new Set<string>();
  private retryDelayMs = RETRY_MIN_MS;
  private idleWaiters: (() => void)[] = [];
  private readonly counters = {
    passes: 0,
    tasksRead: 0,
    actionsProposed: 0,
    batchesProposed: 0,
    batchesApplied: 0,
    batchesRejected: 0,
    batchesFailed: 0,
    resyncs: 0,
  };

  constructor(opts: OrchestratorLoopOptions) {
    this.store = opts.store;
    this.view = new OrchestratorView(opts.store, this.dirty);
    this.log = opts.logger.child({ component: 'orchestrator' });
    this.now = opts.now ?? Date.now;
    this.setTimer = opts.setTimer ?? defaultSetTimer;
    this.newId = opts.newId ?? newObjectId;
    this.maxBatchActions = opts.maxBatchActions ?? MAX_BATCH_ACTIONS;
    this.watchQueueLimit = opts.watchQueueLimit ?? DEFAULT_WATCH_QUEUE_LIMIT;
    this.matchesConstraints =
      opts.matchesConstraints ??
      nodeConstraintMatcher((err) =>
        this.log.warn(
          { constraint: err.constraint, reason: err.reason },
          'ignoring a constraint that does not parse',
        ),
      );
    this.pipeline = new ProposalPipeline(
      opts.proposer,
      (batch, outcome) => this.onSettled(batch, outcome),
      opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    );
  }

  get stats(): OrchestratorLoopStats {
    return { ...this.counters };
  }

  start(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    this.log.info('orchestrator started');
    this.resync();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /**
   * Resolves when no work is pending: no pass due, nothing proposed or queued, no event unread.
   * Timers (restart delays, the retry pause) are future work, not pending: advance the clock.
   */
  async idle(): Promise<void> {
    for (;;) {
      // Events and settled proposals arrive on microtasks: let them land before judging.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.isIdle()) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /**
   * (Re)reads the store and marks everything for a full pass. The watcher opens first, in the same
   * synchronous turn as the reads, so no change falls between them.
   */
  private resync(): void {
    this.watcher?.close();
    const watcher = this.store.watch({
      kinds: ['service', 'task', 'node', 'cluster'],
      predicate: orchestratorEventFilter((serviceId) =>
        isRolling(this.store.get('service', serviceId)?.updateStatus ?? null),
      ),
      queueLimit: this.watchQueueLimit,
    });
    this.watcher = watcher;
    this.counters.resyncs++;
    this.view.load();
    this.consumer = this.consume(watcher);
    this.schedulePass();
  }

  private async consume(w: StoreWatcher): Promise<void> {
    for (;;) {
      let r: IteratorResult<StoreEvent>;
      try {
        r = await w.next();
      } catch (err) {
        // Overflow or a snapshot restore: events cannot describe the jump; read everything again.
        if (this.state !== 'running' || w !== this.watcher) return;
        this.log.warn({ err }, 'store watch lost; re-reading the store');
        this.resync();
        return;
      }
      if (r.done) return;
      if (this.state !== 'running') continue;
      const e = r.value;
      try {
        this.view.apply(e);
        // A removed service's restart history goes with it.
        if (e.kind === 'service' && e.action === 'delete') this.supervisor.forgetService(e.object.id);
      } catch (err) {
        this.log.error({ err, kind: e.kind }, 'orchestrator could not follow a store change');
      }
      if (this.dirty.size > 0) this.schedulePass();
    }
  }

  private schedulePass(): void {
    if (this.state !== 'running' || this.passHandle !== undefined) return;
    // One pass per macrotask: every event already queued marks its slots before the pass reads.
    this.passHandle = setImmediate(() => {
      this.passHandle = undefined;
      this.runPass();
    });
  }

  private runPass(): void {
    if (this.state !== 'running') return;
    const now = this.now();
    const ctx: PlanContext = {
      store: this.store,
      services: this.view.services,
      nodes: this.view.nodes,
      historyLimit: this.view.historyLimit,
      now,
      newId: this.newId,
      supervisor: this.supervisor,
      matchesConstraints: this.matchesConstraints,
    };
    const groups: PlannedAction[][] = [];
    let reconciled = 0;
    for (const id of this.dirty.ids()) {
      // Its last decisions are not applied yet: deciding again would see their slots empty and
      // decide the same thing twice. It stays dirty and runs once its batches settle.
      if (this.pipeline.isBusy(id)) continue;
      const scope = this.dirty.take(id);
      if (scope === undefined) continue;
      let plan: ServicePlan;
      try {
        plan = planService(ctx, id, scope);
      } catch (err) {
        this.log.error({ err, serviceId: id }, 'cannot reconcile service');
        continue;
      }
      reconciled++;
      this.counters.tasksRead += plan.tasks.length;
      this.held.refresh(
        id,
        plan.full ? { full: true, slots: new Set(), nodes: new Set() } : scope,
        plan.tasks,
      );
      if (plan.full && plan.tasks.length === 0 && !this.view.services.has(id)) this.held.forget(id);
      // Only a full pass plans the rollout, so only a full pass says whether it still waits.
      if (plan.wakeAt !== undefined) this.rolloutWakes.set(id, plan.wakeAt);
      else if (plan.full) this.rolloutWakes.delete(id);
      if (plan.actions.length === 0) continue;
      groups.push(plan.actions);
      for (const p of plan.actions) {
        const a = p.action;
        const taskId =
          a.kind === 'create-task' ? a.task.id : a.kind === 'update-service' ? undefined : a.taskId;
        this.log.debug({ serviceId: id, taskId, action: a.kind, reason: a.reason }, 'orchestrator decision');
      }
    }
    let actions = 0;
    for (const items of packBatches(groups, this.maxBatchActions)) {
      const batch = {
        items,
        actions: items.map((i) => i.storeAction),
        services: new Set(items.map((i) => i.serviceId)),
      };
      actions += items.length;
      this.counters.batchesProposed++;
      this.pipeline.enqueue(batch);
    }
    this.counters.passes++;
    this.counters.actionsProposed += actions;
    if (actions > 0) this.log.debug({ services: reconciled, actions }, 'orchestrator pass');
    this.armWake(now);
    this.notifyProgress();
  }

  private onSettled(batch: ProposalBatch<PlannedAction>, outcome: ProposalOutcome): void {
    // Stopping: errors of proposals still in flight are expected and swallowed.
    if (this.state !== 'running') return;
    try {
      if (outcome.ok) {
        this.counters.batchesApplied++;
        this.retryDelayMs = RETRY_MIN_MS;
        // Re-run what the batch changed now that the store shows it (its events would too; this
        // keeps the re-run from depending on them).
        for (const i of batch.items) {
          if (i.action.kind === 'update-service') this.dirty.markFull(i.serviceId);
          else this.dirty.markTask(i);
        }
      } else {
        const failure = classifyProposalFailure(outcome.error);
        const fields = { err: outcome.error, services: batch.services.size, actions: batch.actions.length };
        if (failure.kind === 'conflict') {
          this.counters.batchesRejected++;
          this.log[failure.level](fields, 'orchestrator batch refused; re-reading its services');
          for (const s of batch.services) this.dirty.markFull(s);
        } else {
          this.counters.batchesFailed++;
          this.log[failure.level](fields, 'orchestrator batch not applied; retrying after a pause');
          for (const b of [batch, ...this.pipeline.dropQueued()]) {
            for (const s of b.services) this.retryServices.add(s);
          }
          this.armRetry();
        }
      }
    } catch (err) {
      this.log.error({ err }, 'orchestrator could not follow up a batch');
    }
    if (this.dirty.size > 0) this.schedulePass();
    this.notifyProgress();
  }

  /** Raft could not take batches: try their services again after a pause that grows while it lasts. */
  private armRetry(): void {
    if (this.retryCancel !== undefined) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, RETRY_MAX_MS);
    this.retryCancel = this.setTimer(() => {
      this.retryCancel = undefined;
      if (this.state !== 'running') return;
      for (const s of this.retryServices) this.dirty.markFull(s);
      this.retryServices.clear();
      this.schedulePass();
    }, delay);
  }

  /**
   * One timer for the earliest restart delay or rollout wait still to end; it re-dirties the slots
   * and services that are due.
   */
  private armWake(now: number): void {
    let next = this.held.nextAt(now);
    for (const at of this.rolloutWakes.values()) if (next === undefined || at < next) next = at;
    if (this.wake !== undefined && this.wake.at === next) return;
    this.wake?.cancel();
    this.wake = undefined;
    if (next === undefined) return;
    const cancel = this.setTimer(() => this.onWake(), Math.max(0, next - now));
    this.wake = { at: next, cancel };
  }

  private onWake(): void {
    this.wake = undefined;
    if (this.state !== 'running') return;
    const now = this.now();
    for (const h of this.held.due(now)) this.dirty.markTask(h);
    for (const [id, at] of this.rolloutWakes) {
      if (at > now) continue;
      this.rolloutWakes.delete(id);
      this.dirty.markFull(id);
    }
    if (this.dirty.size > 0) this.schedulePass();
    this.armWake(now);
  }

  private isIdle(): boolean {
    if (this.state !== 'running') return true;
    return (
      this.passHandle === undefined &&
      this.pipeline.pending === 0 &&
      this.dirty.size === 0 &&
      (this.watcher?.pending ?? 0) === 0
    );
  }

  private notifyProgress(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async shutdown(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    this.watcher?.close();
    if (this.passHandle !== undefined) clearImmediate(this.passHandle);
    this.passHandle = undefined;
    this.wake?.cancel();
    this.wake = undefined;
    this.rolloutWakes.clear();
    this.retryCancel?.();
    this.retryCancel = undefined;
    this.pipeline.dropQueued();
    this.dirty.clear();
    this.retryServices.clear();
    if (this.pipeline.proposing > 0) {
      let cancelGrace: (() => void) | undefined;
      const graceOver = new Promise<boolean>((resolve) => {
        cancelGrace = this.setTimer(() => resolve(false), STOP_GRACE_MS);
      });
      const settled = await Promise.race([this.pipeline.settled().then(() => true), graceOver]);
      cancelGrace?.();
      if (!settled)
        this.log.warn({ inFlight: this.pipeline.proposing }, 'orchestrator stopped with proposals unsettled');
    }
    await this.consumer;
    this.notifyProgress();
    if (wasRunning) this.log.info('orchestrator stopped');
  }
}
