// Everything the dispatcher holds while this manager leads: agents' sessions and heartbeat deadlines,
// their open Session and Assignments streams, the batched writers of node and task status, and one
// store watch fanned out to every stream (not a watch per agent: a thousand agents share it).
// Created on leadership, stopped (every stream ended) when it is lost.
import type { Logger } from 'pino';
import type { AssignmentsMessage } from '../../proto/gen/covey/v1/AssignmentsMessage.ts';
import type { HeartbeatRequest__Output } from '../../proto/gen/covey/v1/HeartbeatRequest.ts';
import type { HeartbeatResponse } from '../../proto/gen/covey/v1/HeartbeatResponse.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import type { SessionMessage } from '../../proto/gen/covey/v1/SessionMessage.ts';
import type { SessionRequest__Output } from '../../proto/gen/covey/v1/SessionRequest.ts';
import type { TaskStatusUpdate__Output } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';
import type { RandomSource } from '../../raft/random.ts';
import type { LeaderInfo } from '../leader-info.ts';
import { WatchResyncError } from '../store/errors.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreEvent } from '../store/store-event.ts';
import type { StoreProposer } from '../store/store-proposer.ts';
import type { StoreWatcher } from '../store/store-watcher.ts';
import { AssignmentStream } from './dispatcher-assignment-stream.ts';
import { DeadlineTimer } from './dispatcher-deadline-timer.ts';
import { DispatcherStoppedError, NodeNotMemberError } from './dispatcher-errors.ts';
import { managersKey, weightedManagers } from './dispatcher-managers.ts';
import { type NodePatch, NodeWriter } from './dispatcher-node-writer.ts';
import type { OutboundStream } from './dispatcher-outbound-stream.ts';
import { SessionStream } from './dispatcher-session-stream.ts';
import { type SubmitResult, TaskStatusWriter } from './dispatcher-task-status-writer.ts';
import { SessionInvalidError } from './errors.ts';
import type { HeartbeatConfig } from './heartbeat-period.ts';
import { NodeSessions, type NodeStatusChange } from './node-sessions.ts';

export interface DispatcherTermOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly leader: LeaderInfo;
  readonly logger: Logger;
  readonly heartbeat: HeartbeatConfig;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly setTimer: (fn: () => void, ms: number) => () => void;
  readonly natsUrls: () => readonly string[];
  readonly newSessionId: () => string;
  /** How often the manager list is re-read for reachability changes (they raise no event). */
  readonly managersPollMs: number;
  readonly statusFlushDelayMs?: number;
}

/** dispatcher.proto: at most 1000 status updates per call. */
export const MAX_STATUS_UPDATES = 1000;

/** Events the store watch may hold unread: a burst of status commits must not break it. */
const WATCH_QUEUE_LIMIT = 1_000_000;

interface NodeLink {
  session: SessionStream | undefined;
  assignments: AssignmentStream | undefined;
}

export class DispatcherTerm {
  private readonly sessions: NodeSessions;
  private readonly nodeWriter: NodeWriter;
  private readonly statusWriter: TaskStatusWriter;
  private readonly links = new Map<string, NodeLink>();
  private readonly log: Logger;
  private watcher: StoreWatcher | undefined;
  private following: Promise<void> | undefined;
  private readonly dirtyAssignments = new Set<AssignmentStream>();
  private readonly dirtySessions = new Set<string>();
  private managersDirty = false;
  private flushScheduled = false;
  private managers: WeightedPeer__Output[] = [];
  private readonly expiry: DeadlineTimer;
  private cancelManagersPoll: (() => void) | undefined;
  private unsubscribeLeader: (() => void) | undefined;
  private streamCount = 0;
  private stopped = false;

  constructor(private readonly options: DispatcherTermOptions) {
    this.log = options.logger;
    this.sessions = new NodeSessions({
      newSessionId: options.newSessionId,
      random: options.random,
      config: options.heartbeat,
    });
    this.expiry = new DeadlineTimer(options.setTimer, options.now, () => this.expire());
    this.nodeWriter = new NodeWriter({ store: options.store, proposer: options.proposer, logger: this.log });
    this.statusWriter = new TaskStatusWriter({
      store: options.store,
      proposer: options.proposer,
      logger: this.log,
      now: options.now,
      setTimer: options.setTimer,
      ...(options.statusFlushDelayMs === undefined ? {} : { flushDelayMs: options.statusFlushDelayMs }),
    });
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Reads the nodes and starts following the store (both in this turn, so nothing is missed). */
  start(): void {
    const { store } = this.options;
    const now = this.options.now();
    this.watcher = store.watch({ kinds: ['task', 'node'], queueLimit: WATCH_QUEUE_LIMIT });
    let expected = 0;
    for (const node of store.find('node')) {
      if ((node.status?.state ?? NodeState.NODE_STATE_UNKNOWN) === NodeState.NODE_STATE_DOWN) continue;
      const change = this.sessions.expect(node.id, now);
      if (change === undefined) continue;
      expected++;
      this.nodeWriter.queue(node.id, statusPatch(change));
    }
    this.managers = weightedManagers(this.options.leader);
    this.unsubscribeLeader = this.options.leader.onLeaderChange(() => this.markManagersDirty());
    this.pollManagers();
    this.armExpiry();
    this.following = this.follow();
    this.log.info({ expected }, 'dispatcher started; waiting for agents to register');
  }

  async stop(reason: 'leadership-lost' | 'shutdown'): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.expiry.stop();
    this.cancelManagersPoll?.();
    this.unsubscribeLeader?.();
    this.watcher?.close();
    const err = new DispatcherStoppedError(reason);
    for (const link of this.links.values()) {
      link.session?.out.fail(err);
      link.assignments?.out.fail(err);
    }
    this.links.clear();
    this.dirtyAssignments.clear();
    this.dirtySessions.clear();
    await Promise.all([this.nodeWriter.stop(), this.statusWriter.stop(), this.following]);
    this.log.info({ reason }, 'dispatcher stopped');
  }

  /** Throws SessionInvalidError unless `sessionId` is the node's live session. */
  checkSession(nodeId: string, sessionId: string): void {
    this.sessions.check(nodeId, sessionId);
  }

  /**
   * Registers (or resumes) the node's session, writes its READY status, address and description,
   * then sends the first SessionMessage. Resolves once the stream is set up; it stays open until the
   * session is replaced or expires, the node is removed, or the term stops.
   */
  async openSession(
    nodeId: string,
    request: SessionRequest__Output,
    out: OutboundStream<SessionMessage>,
    peerHost: string,
  ): Promise<void> {
    const grant = this.sessions.register(nodeId, this.options.now(), request.sessionId);
    this.armExpiry();
    const link = this.link(nodeId);
    // A new session invalidates the old one's streams; a resumed one only supersedes its older
    // Session stream (the agent reconnected), and its Assignments stream stays valid. Unlinked
    // first, so its end does not count as the agent disconnecting.
    const previous = link.session;
    link.session = undefined;
    previous?.out.end();
    if (!grant.resumed && link.assignments !== undefined) {
      link.assignments.out.fail(
        new SessionInvalidError(
          nodeId,
          link.assignments.sessionId,
          grant.replacedSessionId ? 'replaced' : 'unknown',
        ),
      );
      link.assignments = undefined;
    }
    const stream = new SessionStream(nodeId, grant.sessionId, out, this.options.natsUrls());
    link.session = stream;
    out.onClosed(() => this.sessionClosed(nodeId, stream));
    const patch: { -readonly [K in keyof NodePatch]: NodePatch[K] } = {};
    if (grant.change !== undefined) patch.status = statusPatch(grant.change).status;
    if (peerHost !== '') patch.addr = peerHost;
    if (request.description !== null) patch.description = request.description;
    try {
      await this.nodeWriter.write(nodeId, patch);
    } catch (err) {
      if (err instanceof NodeNotMemberError) this.dropNode(nodeId, err);
      else out.fail(err);
      return;
    }
    const node = this.options.store.get('node', nodeId);
    if (!out.isOpen || this.stopped || node === undefined) return;
    this.log.debug({ nodeId, sessionId: grant.sessionId, resumed: grant.resumed }, 'agent session open');
    stream.start(node, this.managers);
  }

  heartbeat(nodeId: string, request: HeartbeatRequest__Output): HeartbeatResponse {
    const ack = this.sessions.heartbeat(nodeId, request.sessionId, this.options.now());
    this.armExpiry();
    const patch: { -readonly [K in keyof NodePatch]: NodePatch[K] } = {};
    if (ack.change !== undefined) patch.status = statusPatch(ack.change).status;
    if (request.description !== null) patch.description = request.description;
    if (request.health !== null) patch.health = request.health;
    if (Object.keys(patch).length > 0) this.nodeWriter.queue(nodeId, patch);
    const seconds = Math.floor(ack.periodMs / 1000);
    return { period: { seconds, nanos: (ack.periodMs - seconds * 1000) * 1_000_000 } };
  }

  /** Sends the node's complete set now and its changes from then on. */
  openAssignments(nodeId: string, sessionId: string, out: OutboundStream<AssignmentsMessage>): void {
    this.sessions.check(nodeId, sessionId);
    const link = this.link(nodeId);
    // The agent opened a newer stream for the same session: the old one is abandoned.
    link.assignments?.out.end();
    const stream = new AssignmentStream(nodeId, sessionId, `${sessionId}.${++this.streamCount}`, out);
    link.assignments = stream;
    out.onClosed(() => {
      if (link.assignments === stream) link.assignments = undefined;
      this.dirtyAssignments.delete(stream);
    });
    const { store } = this.options;
    stream.complete(store.find('task', { nodeId }), store.lastBatchIndex);
  }

  /** Resolves once the accepted updates are committed (see TaskStatusWriter). */
  updateTaskStatus(
    nodeId: string,
    sessionId: string,
    updates: readonly TaskStatusUpdate__Output[],
  ): Promise<SubmitResult> {
    this.sessions.check(nodeId, sessionId);
    return this.statusWriter.submit(nodeId, updates);
  }

  private link(nodeId: string): NodeLink {
    let link = this.links.get(nodeId);
    if (link === undefined) {
      link = { session: undefined, assignments: undefined };
      this.links.set(nodeId, link);
    }
    return link;
  }

  private sessionClosed(nodeId: string, stream: SessionStream): void {
    const link = this.links.get(nodeId);
    if (link?.session !== stream) return;
    link.session = undefined;
    if (this.stopped) return;
    const change = this.sessions.disconnect(nodeId, stream.sessionId);
    if (change !== undefined) this.nodeWriter.queue(nodeId, statusPatch(change));
  }

  /** Ends every stream of the node with `err` and forgets its link (not its session). */
  private endLink(nodeId: string, err: unknown): void {
    const link = this.links.get(nodeId);
    if (link === undefined) return;
    this.links.delete(nodeId);
    link.session?.out.fail(err);
    if (link.assignments !== undefined) {
      this.dirtyAssignments.delete(link.assignments);
      link.assignments.out.fail(err);
    }
  }

  /** The node left the store (removed): no session, no deadline, streams refused. */
  private dropNode(nodeId: string, err: NodeNotMemberError): void {
    this.sessions.unregister(nodeId);
    this.endLink(nodeId, err);
  }

  private armExpiry(): void {
    this.expiry.arm(this.sessions.nextDeadline());
  }

  private expire(): void {
    if (this.stopped) return;
    for (const expired of this.sessions.expire(this.options.now())) {
      this.log.info(
        { nodeId: expired.nodeId, sessionId: expired.sessionId },
        'node is down: heartbeat failure',
      );
      this.nodeWriter.queue(expired.nodeId, statusPatch(expired.change));
      this.endLink(expired.nodeId, new SessionInvalidError(expired.nodeId, expired.sessionId, 'unknown'));
    }
    this.armExpiry();
  }

  private pollManagers(): void {
    if (this.stopped) return;
    this.cancelManagersPoll = this.options.setTimer(() => {
      this.markManagersDirty();
      this.pollManagers();
    }, this.options.managersPollMs);
  }

  private markManagersDirty(): void {
    this.managersDirty = true;
    this.scheduleFlush();
  }

  private async follow(): Promise<void> {
    while (!this.stopped && this.watcher !== undefined) {
      let result: IteratorResult<StoreEvent>;
      try {
        result = await this.watcher.next();
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof WatchResyncError) {
          this.log.warn({ err: err.message }, 'store watch broke; re-reading every agent assignment');
          this.resync();
          continue;
        }
        this.log.error({ err }, 'dispatcher store watch failed');
        return;
      }
      if (result.done) return;
      this.onEvent(result.value);
    }
  }

  private onEvent(event: StoreEvent): void {
    if (event.kind === 'task') {
      this.offerTask(event.object.nodeId, event);
      const before = event.oldObject?.nodeId;
      if (before !== undefined && before !== event.object.nodeId) this.offerTask(before, event);
    } else if (event.kind === 'node') {
      const nodeId = event.object.id;
      if (event.action === 'delete') {
        if (this.links.has(nodeId) || this.sessions.deadlineOf(nodeId) !== undefined) {
          this.log.info({ nodeId }, 'node removed from the cluster; closing its session');
          this.dropNode(nodeId, new NodeNotMemberError(nodeId));
        }
        return;
      }
      if (this.links.get(nodeId)?.session !== undefined) {
        this.dirtySessions.add(nodeId);
        this.scheduleFlush();
      }
      const old = event.oldObject;
      if (
        old === undefined ||
        old.role !== event.object.role ||
        old.managerStatus?.addr !== event.object.managerStatus?.addr
      ) {
        this.markManagersDirty();
      }
    }
  }

  private offerTask(nodeId: string, event: StoreEvent & { kind: 'task' }): void {
    if (nodeId === '') return;
    const stream = this.links.get(nodeId)?.assignments;
    if (stream?.offer(event)) {
      this.dirtyAssignments.add(stream);
      this.scheduleFlush();
    }
  }

  /** Sends what one macrotask of store events changed, per stream, in one go. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.stopped) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.stopped) this.flush();
    });
  }

  private flush(): void {
    for (const stream of this.dirtyAssignments) stream.flush();
    this.dirtyAssignments.clear();
    if (this.managersDirty) {
      this.managersDirty = false;
      const managers = weightedManagers(this.options.leader);
      if (managersKey(managers) !== managersKey(this.managers)) {
        this.managers = managers;
        for (const [nodeId, link] of this.links)
          if (link.session !== undefined) this.dirtySessions.add(nodeId);
      }
    }
    for (const nodeId of this.dirtySessions) {
      const node = this.options.store.get('node', nodeId);
      if (node !== undefined) this.links.get(nodeId)?.session?.update(node, this.managers);
    }
    this.dirtySessions.clear();
  }

  /** After a broken watch: watch again and send every agent its complete set from the store. */
  private resync(): void {
    const { store } = this.options;
    this.watcher = store.watch({ kinds: ['task', 'node'], queueLimit: WATCH_QUEUE_LIMIT });
    for (const [nodeId, link] of [...this.links]) {
      if (store.get('node', nodeId) === undefined) {
        this.dropNode(nodeId, new NodeNotMemberError(nodeId));
        continue;
      }
      link.assignments?.complete(store.find('task', { nodeId }), store.lastBatchIndex);
      if (link.session !== undefined) this.dirtySessions.add(nodeId);
    }
    this.markManagersDirty();
  }
}

function statusPatch(change: NodeStatusChange): {
  status: { state: NodeStatusChange['state']; message: string };
} {
  return { status: { state: change.state, message: change.message } };
}
