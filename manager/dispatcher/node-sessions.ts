// The leader's registry of agent sessions: who holds which session, when each node's heartbeat is
// due, and the node status each event implies (SwarmKit's nodeStore + heartbeat timers, pure).
//
// Status transitions follow SwarmKit: register or heartbeat ⇒ READY; the session stream ending ⇒
// DISCONNECTED, a transient state the orchestrators ignore (the agent may resume the same session
// before its deadline, which is kept, not extended); no heartbeat within
// period + grace ⇒ DOWN and the session is dropped. Nodes the store believed up when this leader
// took over get one timeout to register (`expect`) before they too are reported DOWN.
import { NodeState, type NodeState__Output } from '../../proto/gen/covey/v1/NodeState.ts';
import type { RandomSource } from '../../raft/random.ts';
import { DeadlineHeap } from './deadline-heap.ts';
import { SessionInvalidError } from './errors.ts';
import {
  DEFAULT_HEARTBEAT_CONFIG,
  type HeartbeatConfig,
  type HeartbeatTiming,
  heartbeatPeriod,
} from './heartbeat-period.ts';

/** A node status the dispatcher must write to the store. */
export interface NodeStatusChange {
  readonly nodeId: string;
  readonly state: NodeState__Output;
  readonly message: string;
}

export interface SessionGrant {
  readonly sessionId: string;
  /** True when the agent's previous session was resumed rather than a new one issued. */
  readonly resumed: boolean;
  /** The session this one replaced (now invalid), if any. */
  readonly replacedSessionId: string | undefined;
  /** Send the next heartbeat within this. */
  readonly periodMs: number;
  readonly deadline: number;
  readonly change: NodeStatusChange | undefined;
}

export interface HeartbeatAck {
  readonly periodMs: number;
  readonly deadline: number;
  /** READY again after a DISCONNECTED spell; undefined when nothing changed (the common case). */
  readonly change: NodeStatusChange | undefined;
}

export interface ExpiredNode {
  readonly nodeId: string;
  /** Empty for a node that was expected but never registered with this leader. */
  readonly sessionId: string;
  readonly deadline: number;
  readonly change: NodeStatusChange;
}

export interface NodeSessionsOptions {
  readonly newSessionId: () => string;
  readonly random: RandomSource;
  readonly config?: HeartbeatConfig;
}

interface SessionRecord {
  readonly sessionId: string;
  state: NodeState__Output;
}

export class NodeSessions {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly deadlines = new DeadlineHeap();
  private readonly newSessionId: () => string;
  private readonly random: RandomSource;
  private readonly config: HeartbeatConfig;

  constructor(options: NodeSessionsOptions) {
    this.newSessionId = options.newSessionId;
    this.random = options.random;
    this.config = options.config ?? DEFAULT_HEARTBEAT_CONFIG;
  }

  /** Nodes holding a live session. */
  get size(): number {
    return this.sessions.size;
  }

  /** Entries the expiry heap inspected so far (tests prove expiry does not scan every node). */
  get expiryVisits(): number {
    return this.deadlines.visited;
  }

  /** The earliest deadline, so the caller arms one timer instead of polling. */
  nextDeadline(): number | undefined {
    return this.deadlines.peekDeadline();
  }

  sessionOf(nodeId: string): string | undefined {
    return this.sessions.get(nodeId)?.sessionId;
  }

  deadlineOf(nodeId: string): number | undefined {
    return this.deadlines.deadlineOf(nodeId);
  }

  /**
   * A node that the store says is up but has no session with this leader (leader change): it gets
   * one timeout to register before expire() reports it DOWN.
   */
  expect(nodeId: string, now: number): NodeStatusChange | undefined {
    if (this.sessions.has(nodeId) || this.deadlines.has(nodeId)) return undefined;
    this.deadlines.set(nodeId, now + this.timing(1).timeoutMs);
    return {
      nodeId,
      state: NodeState.NODE_STATE_UNKNOWN,
      message: 'waiting for the node to register with the new leader',
    };
  }

  /**
   * Opens a session. `resumeSessionId` equal to the node's live session resumes it (a short
   * disconnect); anything else issues a new session and invalidates the old one.
   */
  register(nodeId: string, now: number, resumeSessionId = ''): SessionGrant {
    const existing = this.sessions.get(nodeId);
    const resumed =
      existing !== undefined && resumeSessionId !== '' && existing.sessionId === resumeSessionId;
    const timing = this.timing(this.deadlines.has(nodeId) ? 0 : 1);
    let record: SessionRecord;
    if (resumed) {
      record = existing;
    } else {
      record = { sessionId: this.newSessionId(), state: existing?.state ?? NodeState.NODE_STATE_UNKNOWN };
      this.sessions.set(nodeId, record);
    }
    const change = this.markReady(nodeId, record, 'session registered');
    const deadline = now + timing.timeoutMs;
    this.deadlines.set(nodeId, deadline);
    return {
      sessionId: record.sessionId,
      resumed,
      replacedSessionId: !resumed && existing !== undefined ? existing.sessionId : undefined,
      periodMs: timing.periodMs,
      deadline,
      change,
    };
  }

  /** Throws SessionInvalidError unless `sessionId` is the node's live session. */
  check(nodeId: string, sessionId: string): void {
    this.live(nodeId, sessionId);
  }

  heartbeat(nodeId: string, sessionId: string, now: number): HeartbeatAck {
    const record = this.live(nodeId, sessionId);
    const timing = this.timing();
    const deadline = now + timing.timeoutMs;
    this.deadlines.set(nodeId, deadline);
    return { periodMs: timing.periodMs, deadline, change: this.markReady(nodeId, record, 'heartbeat') };
  }

  /**
   * The session stream ended without the dispatcher stopping: DISCONNECTED until the agent resumes
   * or its deadline passes. The deadline is kept, so a vanished agent still goes DOWN on time.
   */
  disconnect(nodeId: string, sessionId: string): NodeStatusChange | undefined {
    const record = this.sessions.get(nodeId);
    if (record === undefined || record.sessionId !== sessionId) return undefined;
    if (record.state === NodeState.NODE_STATE_DISCONNECTED) return undefined;
    record.state = NodeState.NODE_STATE_DISCONNECTED;
    return { nodeId, state: record.state, message: 'session closed; waiting for the node to reconnect' };
  }

  /** Forgets the node entirely (removed from the cluster, or the dispatcher stops). */
  unregister(nodeId: string): boolean {
    const had = this.sessions.delete(nodeId);
    return this.deadlines.delete(nodeId) || had;
  }

  /** Nodes whose deadline is before `now`, earliest first; their sessions are dropped. */
  expire(now: number): ExpiredNode[] {
    return this.deadlines.popDue(now).map(({ key, deadline }) => {
      const record = this.sessions.get(key);
      this.sessions.delete(key);
      return {
        nodeId: key,
        sessionId: record?.sessionId ?? '',
        deadline,
        change: { nodeId: key, state: NodeState.NODE_STATE_DOWN, message: 'heartbeat failure' },
      };
    });
  }

  private live(nodeId: string, sessionId: string): SessionRecord {
    const record = this.sessions.get(nodeId);
    if (record === undefined) throw new SessionInvalidError(nodeId, sessionId, 'unknown');
    if (record.sessionId !== sessionId) throw new SessionInvalidError(nodeId, sessionId, 'replaced');
    return record;
  }

  private markReady(nodeId: string, record: SessionRecord, why: string): NodeStatusChange | undefined {
    if (record.state === NodeState.NODE_STATE_READY) return undefined;
    record.state = NodeState.NODE_STATE_READY;
    return { nodeId, state: record.state, message: why };
  }

  /** Timing for the cluster's size: every session and every expected node holds a deadline. */
  private timing(extraNodes = 0): HeartbeatTiming {
    return heartbeatPeriod(this.deadlines.size + extraNodes, this.config, this.random);
  }
}
