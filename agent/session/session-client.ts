// One session with one manager over one connection (SwarmKit's agent/session.go): registers, then
// keeps the Session stream, one Assignments stream and the heartbeat going, and carries status
// batches. Any failure ends the whole session; the agent decides where to open the next one.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AssignmentsMessage__Output } from '../../proto/gen/covey/v1/AssignmentsMessage.ts';
import type { DispatcherServiceClient } from '../../proto/gen/covey/v1/DispatcherService.ts';
import type { HeartbeatRequest } from '../../proto/gen/covey/v1/HeartbeatRequest.ts';
import type { NodeDescription } from '../../proto/gen/covey/v1/NodeDescription.ts';
import type { NodeHealth } from '../../proto/gen/covey/v1/NodeHealth.ts';
import type { SessionMessage__Output } from '../../proto/gen/covey/v1/SessionMessage.ts';
import type { TaskHealthSummary } from '../../proto/gen/covey/v1/TaskHealthSummary.ts';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { TaskStatusUpdate } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import { durationMs } from '../../proto/time.ts';
import type { AssignmentSet } from '../worker/assignment-set.ts';
import type { Cancel, Clock } from '../worker/clock.ts';
import { AssignmentsAssembler } from './assignments-assembler.ts';
import {
  NoSessionError,
  SessionClosedError,
  SessionEndedError,
  SessionProtocolError,
  SessionRedirectError,
  SessionRpcError,
  SessionTimeoutError,
} from './errors.ts';
import { FALLBACK_HEARTBEAT_PERIOD_MS, nextHeartbeatDelayMs } from './heartbeat-timing.ts';

/** PublishLogsRequest carries at most this many lines (dispatcher.proto). */
export const MAX_LOGS_PER_MESSAGE = 1000;

export interface SessionClientOptions {
  /** host:port of the manager, for errors and logs. */
  readonly addr: string;
  /** A client for that manager; the session closes it when it ends. */
  readonly client: DispatcherServiceClient;
  /** This node's description now; sent again in a heartbeat whenever it changes. */
  readonly describe: () => NodeDescription;
  /** The session ID to resume after a short disconnect; '' for a new session. */
  readonly resumeSessionId: string;
  /** Counts for each heartbeat. */
  readonly taskSummary: () => TaskHealthSummary;
  /** Node health for each heartbeat, when the agent checks any. */
  readonly health?: () => NodeHealth;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Deadline of unary calls, and how long registration may take. */
  readonly rpcTimeoutMs: number;
  /** Sets to reconcile, in order. */
  readonly onAssignments: (set: AssignmentSet) => void;
  /** Session messages after the first (manager list, node changes). */
  readonly onMessage: (message: SessionMessage__Output) => void;
  /** Once, when the first heartbeat is acknowledged: the node is READY at the leader. */
  readonly onReady: () => void;
}

export class SessionClient {
  readonly addr: string;
  /** Why the session ended (never rejects); settles once, also when opening fails. */
  readonly ended: Promise<Error>;
  private readonly options: SessionClientOptions;
  private readonly client: DispatcherServiceClient;
  private readonly logger: Logger;
  private id = '';
  private established = false;
  private endReason: Error | null = null;
  private resolveEnded!: (reason: Error) => void;
  private sessionCall: grpc.ClientReadableStream<SessionMessage__Output> | null = null;
  private assignmentsCall: grpc.ClientReadableStream<AssignmentsMessage__Output> | null = null;
  /** Calls in flight that close() cancels (unary calls, and PublishLogs streams). */
  private readonly unaryCalls = new Set<{ cancel(): void }>();
  private cancelHeartbeat: Cancel | null = null;
  /** The description as the manager last accepted it, as JSON, to send it again only on change. */
  private sentDescription = '';
  private periodMs = 0;
  private readySignalled = false;

  constructor(options: SessionClientOptions) {
    this.options = options;
    this.addr = options.addr;
    this.client = options.client;
    this.logger = options.logger;
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** The session ID the manager gave ('' until open() resolves). */
  get sessionId(): string {
    return this.id;
  }

  /** Open and not ended: status batches can be sent. */
  get isOpen(): boolean {
    return this.established && this.endReason === null;
  }

  /** The heartbeat period the manager last gave (0 before the first acknowledgement). */
  get heartbeatPeriodMs(): number {
    return this.periodMs;
  }

  /**
   * Registers: resolves with the first session message, then runs the session until it ends.
   * Rejects with SessionRedirectError on a follower, SessionTimeoutError, SessionRpcError, … (the
   * session is then over and `ended` settled with the same error).
   */
  open(): Promise<SessionMessage__Output> {
    const description = this.options.describe();
    const sentDescription = JSON.stringify(description);
    return new Promise<SessionMessage__Output>((resolve, reject) => {
      let first = true;
      const cancelTimeout = this.options.clock.schedule(this.options.rpcTimeoutMs, () =>
        this.fail(new SessionTimeoutError(this.addr, this.options.rpcTimeoutMs)),
      );
      // Until the first message, any end of the session is a failure to open it.
      void this.ended.then((reason) => {
        cancelTimeout();
        if (first) reject(reason);
      });
      const call = this.client.Session({ description, sessionId: this.options.resumeSessionId });
      this.sessionCall = call;
      call.on('data', (message: SessionMessage__Output) => {
        if (this.endReason !== null) return;
        if (!first) {
          this.options.onMessage(message);
          return;
        }
        if (message.redirect !== null) {
          const { leaderAddr, leaderNodeId } = message.redirect;
          this.fail(new SessionRedirectError(this.addr, leaderAddr, leaderNodeId, message.managers));
          return;
        }
        if (message.sessionId === '') {
          this.fail(new SessionProtocolError(this.addr, 'the first session message carries no session ID'));
          return;
        }
        first = false;
        cancelTimeout();
        this.id = message.sessionId;
        this.established = true;
        this.sentDescription = sentDescription;
        resolve(message);
        this.watchAssignments();
        this.heartbeat();
      });
      call.on('error', (error: unknown) => this.fail(SessionRpcError.from(this.addr, 'Session', error)));
      // 'end' (not 'status') so that a redirect sent just before the end is read first.
      call.on('end', () => this.fail(new SessionEndedError(this.addr, 'Session')));
    });
  }

  /** Sends one batch of status updates; rejects if it was not delivered. */
  /**
   * Task log lines for the leader's log bus (a cluster without NATS): one PublishLogs stream per
   * call, at most MAX_LOGS_PER_MESSAGE lines per message, resolved when the leader has taken them.
   */
  publishLogs(messages: readonly LogMessage[]): Promise<void> {
    if (!this.isOpen) return Promise.reject(new NoSessionError());
    return this.unary<void>('PublishLogs', (options, done) => {
      const call = this.client.PublishLogs(options, (error) => done(error, undefined));
      for (let i = 0; i < messages.length; i += MAX_LOGS_PER_MESSAGE) {
        call.write({
          ...(i === 0 ? { sessionId: this.id } : {}),
          messages: messages.slice(i, i + MAX_LOGS_PER_MESSAGE),
        });
      }
      call.end();
      return call;
    });
  }

  updateTaskStatus(updates: TaskStatusUpdate[]): Promise<void> {
    if (!this.isOpen) return Promise.reject(new NoSessionError());
    return this.unary<void>('UpdateTaskStatus', (options, done) =>
      this.client.UpdateTaskStatus({ sessionId: this.id, updates }, options, (error) =>
        done(error, undefined),
      ),
    );
  }

  /** Ends the session (idempotent): cancels every call and timer and closes the connection. */
  close(reason: Error = new SessionClosedError(this.addr)): void {
    this.fail(reason);
  }

  private fail(reason: Error): void {
    if (this.endReason !== null) return;
    this.endReason = reason;
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = null;
    const calls: Array<{ cancel(): void }> = [...this.unaryCalls];
    if (this.sessionCall !== null) calls.push(this.sessionCall);
    if (this.assignmentsCall !== null) calls.push(this.assignmentsCall);
    this.sessionCall = null;
    this.assignmentsCall = null;
    this.unaryCalls.clear();
    for (const call of calls) call.cancel();
    this.client.close();
    this.resolveEnded(reason);
  }

  /** One Assignments stream; reopened (for a full set) only when a message was missed. */
  private watchAssignments(): void {
    if (this.endReason !== null) return;
    const assembler = new AssignmentsAssembler();
    const call = this.client.Assignments({ sessionId: this.id });
    this.assignmentsCall = call;
    const current = (): boolean => this.assignmentsCall === call && this.endReason === null;
    call.on('data', (message: AssignmentsMessage__Output) => {
      if (!current()) return;
      const result = assembler.push(message);
      if (result.kind === 'set') this.options.onAssignments(result.set);
      else if (result.kind === 'gap') {
        this.logger.warn(
          { addr: this.addr, expected: result.expected, appliesTo: result.appliesTo },
          'missed an assignments message; reopening the stream for a full set',
        );
        this.assignmentsCall = null;
        call.cancel();
        this.watchAssignments();
      }
    });
    call.on('error', (error: unknown) => {
      if (current()) this.fail(SessionRpcError.from(this.addr, 'Assignments', error));
    });
    call.on('end', () => {
      if (current()) this.fail(new SessionEndedError(this.addr, 'Assignments'));
    });
  }

  /** Sends a heartbeat now and schedules the next from the period in the answer. */
  private heartbeat(): void {
    this.cancelHeartbeat = null;
    if (this.endReason !== null) return;
    const { clock } = this.options;
    const sentAt = clock.now();
    const request: HeartbeatRequest = { sessionId: this.id, tasks: this.options.taskSummary() };
    if (this.options.health !== undefined) request.health = this.options.health();
    const description = this.options.describe();
    const descriptionJson = JSON.stringify(description);
    if (descriptionJson !== this.sentDescription) request.description = description;
    this.unary<number>('Heartbeat', (options, done) =>
      this.client.Heartbeat(request, options, (error, response) =>
        done(error, durationMs(response?.period) ?? FALLBACK_HEARTBEAT_PERIOD_MS),
      ),
    ).then(
      (periodMs) => {
        if (this.endReason !== null) return;
        if (periodMs !== this.periodMs) {
          this.logger.debug({ addr: this.addr, periodMs }, 'heartbeat period');
          this.periodMs = periodMs;
        }
        this.sentDescription = descriptionJson;
        if (!this.readySignalled) {
          this.readySignalled = true;
          this.options.onReady();
        }
        const delay = nextHeartbeatDelayMs(periodMs, sentAt, clock.now());
        this.cancelHeartbeat = clock.schedule(delay, () => this.heartbeat());
      },
      (error: unknown) => this.fail(SessionRpcError.from(this.addr, 'Heartbeat', error)),
    );
  }

  /**
   * A unary call with the session's deadline, cancelled if the session ends. A failure that means the
   * session itself is gone (unknown session, not the leader) ends the session too.
   */
  private unary<T>(
    method: string,
    start: (
      options: grpc.CallOptions,
      done: (error: grpc.ServiceError | null, value: T) => void,
    ) => { cancel(): void },
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const options: grpc.CallOptions = { deadline: Date.now() + this.options.rpcTimeoutMs };
      const call = start(options, (error, value) => {
        this.unaryCalls.delete(call);
        if (error === null) {
          resolve(value);
          return;
        }
        const failure = SessionRpcError.from(this.addr, method, error);
        // A transport failure of one call is left to the reporter's retry (or the streams' own end).
        if (failure.kind !== 'transport') this.fail(failure);
        reject(failure);
      });
      this.unaryCalls.add(call);
    });
  }
}
