// The agent's link to the managers (SwarmKit's agent/agent.go): picks a manager, runs one session
// with it, and when the session breaks backs off and opens the next one — at the leader it was told
// of, else at another known manager by weight. The worker and its tasks carry on across sessions;
// each new session's COMPLETE assignment set reconciles them, and the status reporter re-sends what
// the managers have not acknowledged.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { channelCredentials } from '../../pki/grpc-credentials.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeDescription } from '../../proto/gen/covey/v1/NodeDescription.ts';
import type { NodeHealth } from '../../proto/gen/covey/v1/NodeHealth.ts';
import type { SessionMessage__Output } from '../../proto/gen/covey/v1/SessionMessage.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { Executor } from '../executors/executor.ts';
import { LogShipper } from '../logs/log-shipper.ts';
import type { TaskStateFile } from '../state/task-state-file.ts';
import { type Clock, systemClock } from '../worker/clock.ts';
import { StatusReporter } from '../worker/status-reporter.ts';
import { Worker } from '../worker/worker.ts';
import { Backoff, type BackoffOptions, DEFAULT_SESSION_BACKOFF } from './backoff.ts';
import { createDispatcherClient, DEFAULT_KEEPALIVE, type KeepaliveOptions } from './dispatcher-client.ts';
import { AgentStoppedError, NoSessionError, SessionRedirectError, SessionRpcError } from './errors.ts';
import { ManagerList } from './manager-list.ts';
import { SessionClient } from './session-client.ts';

/** SwarmKit's dispatcherRPCTimeout: registration and each unary call must finish within it. */
export const DEFAULT_RPC_TIMEOUT_MS = 5_000;
/** A session that ended less than this ago is offered for resumption (the leader decides). */
export const DEFAULT_RESUME_WINDOW_MS = 10_000;
/** Redirects followed at once; after that, redirects back off too (followers that disagree). */
const IMMEDIATE_REDIRECTS = 2;

export interface AgentOptions {
  readonly bundle: TlsBundle;
  /** Initial host:port list: the join address, or the managers remembered from the last run. */
  readonly managers: readonly string[];
  /** Hostname, resources, runtimes…; read at each registration and heartbeat (sent on change). */
  readonly description: () => NodeDescription;
  readonly executor: Executor;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter and the choice of manager. */
  readonly random?: () => number;
  /** The managers as the leader lists them, whenever that changes (the daemon persists them). */
  readonly onManagers?: (managers: WeightedPeer__Output[]) => void;
  /** The node as stored (role, availability), at each registration and change. */
  readonly onNode?: (node: Node__Output) => void;
  /** Node health for each heartbeat. */
  readonly health?: () => NodeHealth;
  /** This node's ID (from its certificate): the context of its tasks' log lines. */
  readonly nodeId?: string;
  /** Where tasks are remembered across restarts; the agent adopts them when it starts. */
  readonly stateFile?: TaskStateFile;
  /**
   * Where task log lines go; default: the session's PublishLogs to the leader. A cluster with NATS
   * passes the bus's publish instead.
   */
  readonly sendLogs?: (messages: LogMessage[]) => Promise<void>;
  /** Delays between session attempts; default 100 ms up to 5 s. */
  readonly backoff?: BackoffOptions;
  readonly keepalive?: KeepaliveOptions;
  readonly rpcTimeoutMs?: number;
  readonly resumeWindowMs?: number;
}

/** idle: not started; connecting: no session, or its first heartbeat not yet acknowledged. */
export type AgentState = 'idle' | 'connecting' | 'ready' | 'stopped';

/** Where and when to try next. */
interface Plan {
  readonly addr?: string;
  readonly exclude?: ReadonlySet<string>;
  readonly delayMs: number;
}

type SessionOutcome =
  | { readonly established: false; readonly error: Error }
  | { readonly established: true; readonly reason: Error };

export class Agent {
  readonly worker: Worker;
  readonly logs: LogShipper;
  private readonly options: AgentOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly reporter: StatusReporter;
  private readonly managers: ManagerList;
  private readonly backoff: Backoff;
  private credentials: grpc.ChannelCredentials;
  private readonly rpcTimeoutMs: number;
  private readonly resumeWindowMs: number;
  private current: AgentState = 'idle';
  private session: SessionClient | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readyWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private lastSession: { readonly id: string; readonly endedAt: number } | null = null;
  private redirectsInARow = 0;

  /** New credentials (a renewed certificate) for the sessions opened from now on. */
  setBundle(bundle: TlsBundle): void {
    this.credentials = channelCredentials(bundle);
  }

  constructor(options: AgentOptions) {
    this.options = options;
    this.logger = options.logger.child({ component: 'agent-session' });
    this.clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    this.managers = new ManagerList(options.managers, random);
    this.backoff = new Backoff(options.backoff ?? DEFAULT_SESSION_BACKOFF, random);
    this.credentials = channelCredentials(options.bundle);
    this.rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.resumeWindowMs = options.resumeWindowMs ?? DEFAULT_RESUME_WINDOW_MS;
    this.reporter = new StatusReporter({
      clock: this.clock,
      // RUNNING and the ends of a task are what rollouts and stop-first replacements wait on.
      promptFromState: TaskState.TASK_STATE_RUNNING,
      send: (updates) => {
        const session = this.session;
        if (session === null || !session.isOpen) return Promise.reject(new NoSessionError());
        return session.updateTaskStatus(updates);
      },
      onSendError: (error, batchSize) => {
        // Between sessions every retry fails this way; the next session flushes them.
        if (error instanceof NoSessionError) return;
        this.logger.debug({ err: error, batchSize }, 'task status batch not delivered; will retry');
      },
    });
    this.logs = new LogShipper({
      nodeId: options.nodeId ?? '',
      clock: this.clock,
      logger: this.logger,
      send:
        options.sendLogs ??
        ((messages) => {
          const session = this.session;
          if (session === null || !session.isOpen) return Promise.reject(new NoSessionError());
          return session.publishLogs(messages);
        }),
      onShipped: (taskId, timeMs) => this.worker.noteLogsShipped(taskId, timeMs),
    });
    this.worker = new Worker({
      executor: options.executor,
      reporter: this.reporter,
      clock: this.clock,
      logger: this.logger,
      ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
      onStatus: (taskId, status) => this.logs.onState(taskId, status.state),
      onRunner: (event) => {
        if (event.kind === 'added') this.logs.track(event.task, event.controller, event.logsShippedUntilMs);
        else this.logs.untrack(event.taskId);
      },
    });
  }

  state(): AgentState {
    return this.current;
  }

  /** The managers known now, heavier first. */
  knownManagers(): WeightedPeer__Output[] {
    return this.managers.peers();
  }

  /** The manager of the current session, if one is open. */
  get managerAddr(): string | undefined {
    return this.session?.isOpen === true ? this.session.addr : undefined;
  }

  start(): void {
    if (this.loop !== null || this.stopping) return;
    this.current = 'connecting';
    this.loop = this.run();
  }

  /**
   * Flushes pending task statuses (briefly), closes the session and stops reconnecting. Tasks keep
   * running: a daemon that stops leaves its workloads alone.
   */
  async stop(): Promise<void> {
    if (this.stopping) {
      await this.loop;
      return;
    }
    this.stopping = true;
    if (this.session?.isOpen === true) await this.flushBriefly();
    this.wake?.();
    this.session?.close();
    await this.loop;
    this.reporter.close();
    await this.logs.close();
    await this.worker.persist().catch((err: unknown) => {
      this.logger.error({ err }, 'cannot write the agent state file');
    });
    this.current = 'stopped';
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new AgentStoppedError());
    this.logger.info('agent stopped');
  }

  /** Resolves when a session with the leader is open and its first heartbeat acknowledged. */
  ready(): Promise<void> {
    if (this.current === 'ready') return Promise.resolve();
    if (this.stopping) return Promise.reject(new AgentStoppedError());
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Takes back the tasks the previous run of this agent held, before any manager answers. */
  private async adoptRemembered(): Promise<void> {
    const file = this.options.stateFile;
    if (file === undefined) return;
    try {
      const loaded = await file.load(() => this.clock.now());
      if (loaded.kind === 'loaded') {
        this.worker.adopt(loaded.tasks);
        this.logger.info({ tasks: loaded.tasks.length }, 'adopted the tasks of the previous run');
      } else if (loaded.kind === 'corrupt') {
        this.logger.error(
          { err: loaded.error, setAsideAt: loaded.setAsideAt },
          'agent state file damaged; set aside, rebuilding from the runtime and the managers',
        );
      }
    } catch (err) {
      this.logger.error({ err, path: file.path }, 'cannot read the agent state file; starting without it');
    }
  }

  private async run(): Promise<void> {
    await this.adoptRemembered();
    let plan: Plan = { delayMs: 0 };
    while (!this.stopping) {
      if (plan.delayMs > 0) await this.sleep(plan.delayMs);
      if (this.stopping) break;
      const addr = plan.addr ?? this.managers.select(plan.exclude);
      if (addr === undefined) {
        this.logger.error('no manager address known; cannot connect');
        plan = { delayMs: this.backoff.next() };
        continue;
      }
      const outcome = await this.runSession(addr);
      if (this.stopping) break;
      plan = this.planAfter(addr, outcome);
    }
  }

  /** One session with `addr`, from registration to its end. */
  private async runSession(addr: string): Promise<SessionOutcome> {
    this.current = 'connecting';
    const resumeSessionId = this.resumableSessionId();
    const session = new SessionClient({
      addr,
      client: createDispatcherClient(addr, this.credentials, this.options.keepalive ?? DEFAULT_KEEPALIVE),
      describe: this.options.description,
      resumeSessionId,
      taskSummary: () => ({ ...this.worker.summary(), starting: 0, healthy: 0, unhealthy: 0 }),
      ...(this.options.health === undefined ? {} : { health: this.options.health }),
      clock: this.clock,
      logger: this.logger,
      rpcTimeoutMs: this.rpcTimeoutMs,
      onAssignments: (set) => this.worker.reconcile(set),
      onMessage: (message) => this.applySessionMessage(message),
      onReady: () => this.markReady(addr),
    });
    this.session = session;
    this.logger.debug({ addr, resumeSessionId }, 'opening session');
    try {
      let first: SessionMessage__Output;
      try {
        first = await session.open();
      } catch (error) {
        return { established: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
      this.backoff.reset();
      this.redirectsInARow = 0;
      this.managers.promote(addr);
      this.logger.info(
        {
          addr,
          sessionId: first.sessionId,
          nodeId: first.nodeId,
          resumed: resumeSessionId !== '' && first.sessionId === resumeSessionId,
        },
        'session established with the leader',
      );
      this.applySessionMessage(first);
      // Statuses that piled up while disconnected go now, not at the reporter's next retry.
      void this.reporter.flush();
      const reason = await session.ended;
      const invalid = reason instanceof SessionRpcError && reason.kind === 'session-invalid';
      this.lastSession = invalid ? null : { id: session.sessionId, endedAt: this.clock.now() };
      return { established: true, reason };
    } finally {
      session.close();
      this.session = null;
      if (!this.stopping) this.current = 'connecting';
    }
  }

  /** Decides where and when to try after a session attempt, and logs what happened. */
  private planAfter(addr: string, outcome: SessionOutcome): Plan {
    const error = outcome.established ? outcome.reason : outcome.error;
    if (error instanceof SessionRedirectError) {
      this.applyManagers(error.managers);
      return this.planRedirect(addr, error.leaderAddr, error);
    }
    if (error instanceof SessionRpcError && error.kind === 'not-leader') {
      return this.planRedirect(addr, error.leaderAddr, error);
    }
    this.redirectsInARow = 0;
    if (error instanceof SessionRpcError && error.kind === 'session-invalid') {
      // The manager is alive and the leader; only the session is gone.
      this.logger.info({ addr, reason: error.message }, 'session no longer valid; opening a new one');
      return { addr, delayMs: this.backoff.next() };
    }
    if (error instanceof SessionRpcError && error.kind === 'denied') {
      // Every manager will likely say the same; keep trying (backing off) in case one's view was stale.
      const delayMs = this.backoff.next();
      this.logger.error(
        { addr, reason: error.message, retryInMs: delayMs },
        'the managers refuse this node (was it removed from the cluster?)',
      );
      return { exclude: new Set([addr]), delayMs };
    }
    this.managers.demote(addr);
    const delayMs = this.backoff.next();
    this.logger.info(
      { addr, reason: error.message, retryInMs: delayMs, attempt: this.backoff.attempts },
      outcome.established ? 'lost the session with the leader; failing over' : 'could not open a session',
    );
    return { exclude: new Set([addr]), delayMs };
  }

  private planRedirect(addr: string, leaderAddr: string, error: Error): Plan {
    if (leaderAddr === '' || leaderAddr === addr) {
      const delayMs = this.backoff.next();
      this.logger.info({ addr, reason: error.message, retryInMs: delayMs }, 'no leader known; retrying');
      return { exclude: new Set([addr]), delayMs };
    }
    if (!this.managers.has(leaderAddr)) this.managers.promote(leaderAddr);
    this.redirectsInARow++;
    const delayMs = this.redirectsInARow <= IMMEDIATE_REDIRECTS ? 0 : this.backoff.next();
    this.logger.info({ addr, leaderAddr, retryInMs: delayMs }, 'redirected to the leader');
    return { addr: leaderAddr, delayMs };
  }

  private applySessionMessage(message: SessionMessage__Output): void {
    this.applyManagers(message.managers);
    if (message.node !== null) this.options.onNode?.(message.node);
  }

  private applyManagers(managers: readonly WeightedPeer__Output[]): void {
    if (managers.length === 0) return;
    this.managers.replace(managers);
    this.options.onManagers?.(this.managers.peers());
  }

  private markReady(addr: string): void {
    if (this.stopping) return;
    this.current = 'ready';
    this.logger.debug({ addr }, 'first heartbeat acknowledged');
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
  }

  /** The last session's ID if it ended recently enough that the leader may still hold it. */
  private resumableSessionId(): string {
    const last = this.lastSession;
    if (last === null || this.clock.now() - last.endedAt > this.resumeWindowMs) return '';
    return last.id;
  }

  /** Sends pending statuses before the session closes, waiting at most one RPC timeout. */
  private async flushBriefly(): Promise<void> {
    let cancel = (): void => {};
    const timeout = new Promise<void>((resolve) => {
      cancel = this.clock.schedule(this.rpcTimeoutMs, resolve);
    });
    await Promise.race([Promise.all([this.reporter.flush(), this.logs.flush()]), timeout]);
    cancel();
  }

  /** Waits `ms` on the clock; stop() cuts it short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.clock.schedule(ms, () => {
        this.wake = null;
        resolve();
      });
      this.wake = () => {
        this.wake = null;
        cancel();
        resolve();
      };
    });
  }
}
