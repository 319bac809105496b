// A scripted DispatcherService on real grpc-js with mTLS on 127.0.0.1, for the agent's session tests:
// it plays a leader (sessions, heartbeats, assignments, status updates), a follower that redirects,
// or a manager that refuses sessions, and records everything the agent sends, with events to wait on.
import { EventEmitter, once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { serverCredentials } from '../../../pki/grpc-credentials.ts';
import type { TlsBundle } from '../../../pki/tls-bundle.ts';
import type { AssignmentsMessage } from '../../../proto/gen/covey/v1/AssignmentsMessage.ts';
import type { AssignmentsRequest__Output } from '../../../proto/gen/covey/v1/AssignmentsRequest.ts';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import type { DispatcherServiceHandlers } from '../../../proto/gen/covey/v1/DispatcherService.ts';
import type { HeartbeatRequest__Output } from '../../../proto/gen/covey/v1/HeartbeatRequest.ts';
import type { SessionMessage } from '../../../proto/gen/covey/v1/SessionMessage.ts';
import type { SessionRequest__Output } from '../../../proto/gen/covey/v1/SessionRequest.ts';
import type { Task } from '../../../proto/gen/covey/v1/Task.ts';
import type { TaskStatusUpdate__Output } from '../../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import type { WeightedPeer } from '../../../proto/gen/covey/v1/WeightedPeer.ts';
import { loadCoveyProto } from '../../../proto/load.ts';

export type FakeMode =
  | { readonly kind: 'leader' }
  /** A follower: one message with `redirect`, then the end. */
  | { readonly kind: 'redirect'; readonly leaderAddr: string; readonly leaderNodeId: string }
  /** Refuses sessions with UNAVAILABLE (a manager that is up but cannot serve). */
  | { readonly kind: 'refuse' }
  /** Accepts the Session call and never answers it (a manager too busy to register anyone). */
  | { readonly kind: 'silent' };

export interface RecordedHeartbeat {
  /** Date.now() when it arrived. */
  readonly at: number;
  readonly request: HeartbeatRequest__Output;
}

interface FakeEvents {
  session: [SessionRequest__Output];
  heartbeat: [RecordedHeartbeat];
  status: [TaskStatusUpdate__Output[]];
  assignments: [AssignmentsRequest__Output];
}

const service = loadCoveyProto().covey.v1.DispatcherService.service;
const WAIT_TIMEOUT_MS = 5_000;

export class FakeDispatcher {
  mode: FakeMode = { kind: 'leader' };
  /** Returned by every heartbeat. */
  periodMs = 200;
  /** Sent in the first session message. */
  managers: WeightedPeer[] = [];
  /** The COMPLETE set sent when an Assignments stream opens. */
  tasks: Task[] = [];
  readonly sessions: SessionRequest__Output[] = [];
  readonly heartbeats: RecordedHeartbeat[] = [];
  readonly statusUpdates: TaskStatusUpdate__Output[] = [];
  /** Session IDs this fake handed out, in order. */
  readonly issued: string[] = [];
  private readonly events = new EventEmitter<FakeEvents>();
  private liveSession = '';
  private heartbeatFailure: grpc.status | null = null;
  private readonly sessionStreams = new Set<
    grpc.ServerWritableStream<SessionRequest__Output, SessionMessage>
  >();
  private readonly assignmentStreams = new Set<
    grpc.ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage>
  >();

  private constructor(
    private readonly server: grpc.Server,
    readonly addr: string,
    readonly nodeId: string,
  ) {}

  static async start(bundle: TlsBundle, nodeId: string, agentNodeId = 'agentnode'): Promise<FakeDispatcher> {
    const server = new grpc.Server();
    let fake: FakeDispatcher | undefined;
    const self = (): FakeDispatcher => {
      if (fake === undefined) throw new Error('fake dispatcher not started');
      return fake;
    };
    server.addService(service, handlersFor(self, agentNodeId));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', serverCredentials(bundle, { requireClientCert: false }), (error, p) =>
        error === null ? resolve(p) : reject(error),
      ),
    );
    fake = new FakeDispatcher(server, `127.0.0.1:${port}`, nodeId);
    return fake;
  }

  /** The live session ID ('' when none). */
  get sessionId(): string {
    return this.liveSession;
  }

  /** The next event of that kind that satisfies `accept` (default: any). */
  async next<E extends keyof FakeEvents>(
    event: E,
    accept: (...args: FakeEvents[E]) => boolean = () => true,
  ): Promise<FakeEvents[E][0]> {
    const signal = AbortSignal.timeout(WAIT_TIMEOUT_MS);
    for (;;) {
      let args: FakeEvents[E];
      try {
        args = (await once(this.events as EventEmitter, event, { signal })) as FakeEvents[E];
      } catch {
        throw new Error(
          `fake dispatcher ${this.nodeId}: no matching '${event}' within ${WAIT_TIMEOUT_MS} ms`,
        );
      }
      if (accept(...args)) return args[0];
    }
  }

  /** The next status update for `taskId` reaching `state` (or an earlier one already recorded). */
  async status(taskId: string, state: number): Promise<void> {
    const seen = (): boolean =>
      this.statusUpdates.some((u) => u.taskId === taskId && u.status?.state === state);
    if (seen()) return;
    await this.next('status', () => seen());
  }

  /** The next heartbeat fails with `code`, and the session is forgotten (as an expired one would be). */
  failNextHeartbeat(code: grpc.status): void {
    this.heartbeatFailure = code;
  }

  /** Drops the live session, as the leader does when it expires. */
  forgetSession(): void {
    this.liveSession = '';
  }

  /** Sends a message on every open Assignments stream. */
  pushAssignments(message: AssignmentsMessage): void {
    for (const stream of this.assignmentStreams) stream.write(message);
  }

  /** Ends every Session stream normally (as a dispatcher that stops does); the session stays known. */
  endSessions(): void {
    for (const stream of this.sessionStreams) stream.end();
    this.sessionStreams.clear();
  }

  forceShutdown(): void {
    this.server.forceShutdown();
  }

  /** Called by the handlers. */
  openSession(
    call: grpc.ServerWritableStream<SessionRequest__Output, SessionMessage>,
    agentNodeId: string,
  ): void {
    this.sessions.push(call.request);
    this.events.emit('session', call.request);
    const mode = this.mode;
    if (mode.kind === 'refuse') {
      call.emit(
        'error',
        Object.assign(new Error('not serving'), { code: grpc.status.UNAVAILABLE, details: 'not serving' }),
      );
      return;
    }
    if (mode.kind === 'silent') {
      this.sessionStreams.add(call);
      return;
    }
    if (mode.kind === 'redirect') {
      call.write({
        nodeId: agentNodeId,
        managers: this.managers,
        redirect: { leaderAddr: mode.leaderAddr, leaderNodeId: mode.leaderNodeId },
      });
      call.end();
      return;
    }
    const resumed = call.request.sessionId !== '' && call.request.sessionId === this.liveSession;
    if (!resumed) {
      this.liveSession = `session-${this.nodeId}-${this.issued.length + 1}`;
      this.issued.push(this.liveSession);
    }
    this.sessionStreams.add(call);
    call.on('cancelled', () => this.sessionStreams.delete(call));
    call.write({
      sessionId: this.liveSession,
      nodeId: agentNodeId,
      node: { id: agentNodeId, role: 'NODE_ROLE_WORKER' },
      managers: this.managers,
    });
  }

  heartbeat(request: HeartbeatRequest__Output): grpc.ServiceError | number {
    const recorded = { at: Date.now(), request };
    this.heartbeats.push(recorded);
    this.events.emit('heartbeat', recorded);
    const failure = this.heartbeatFailure;
    if (failure !== null) {
      this.heartbeatFailure = null;
      this.liveSession = '';
      return rpcError(failure, 'session expired');
    }
    if (request.sessionId === '' || request.sessionId !== this.liveSession) {
      return rpcError(grpc.status.INVALID_ARGUMENT, `unknown session ${request.sessionId}`);
    }
    return this.periodMs;
  }

  openAssignments(call: grpc.ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage>): void {
    this.events.emit('assignments', call.request);
    if (call.request.sessionId !== this.liveSession) {
      call.emit('error', rpcError(grpc.status.INVALID_ARGUMENT, 'unknown session'));
      return;
    }
    this.assignmentStreams.add(call);
    call.on('cancelled', () => this.assignmentStreams.delete(call));
    call.write({
      type: AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE,
      appliesTo: '',
      resultsIn: 'r1',
      changes: this.tasks.map((task) => ({
        action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE,
        assignment: { task },
      })),
    });
  }

  updateTaskStatus(sessionId: string, updates: TaskStatusUpdate__Output[]): grpc.ServiceError | null {
    if (sessionId !== this.liveSession) return rpcError(grpc.status.INVALID_ARGUMENT, 'unknown session');
    this.statusUpdates.push(...updates);
    this.events.emit('status', updates);
    return null;
  }
}

function rpcError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function handlersFor(self: () => FakeDispatcher, agentNodeId: string): DispatcherServiceHandlers {
  return {
    Session: (call) => self().openSession(call, agentNodeId),
    Heartbeat: (call, callback) => {
      const result = self().heartbeat(call.request);
      if (typeof result === 'number')
        callback(null, {
          period: { seconds: Math.floor(result / 1000), nanos: (result % 1000) * 1_000_000 },
        });
      else callback(result);
    },
    Assignments: (call) => self().openAssignments(call),
    UpdateTaskStatus: (call, callback) => {
      const error = self().updateTaskStatus(call.request.sessionId, call.request.updates);
      if (error === null) callback(null, {});
      else callback(error);
    },
    PublishLogs: (_call, callback) => callback(rpcError(grpc.status.UNIMPLEMENTED, 'not in this fake')),
  };
}
