// Data types of the Raft core: log entries, persistent state, snapshots and the messages peers exchange.
// Everything here is plain data so that the driver can persist it and a transport can encode it.

/** A member's identity inside the Raft group. Empty string means "nobody". */
export type NodeId = string;
export const NONE: NodeId = '';

export enum EntryType {
  Normal = 0,
  ConfChange = 1,
}

export interface Entry {
  readonly term: number;
  readonly index: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** What must be on stable storage before a node answers any message (section 5.1, Figure 2). */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NONE, commit: 0 });

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}

export function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** Membership: voters decide elections and commits; learners only receive the log. */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

export interface SnapshotMeta {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

export interface Snapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

export const EMPTY_SNAPSHOT: Snapshot = Object.freeze({
  meta: Object.freeze({ index: 0, term: 0, confState: Object.freeze({ voters: [], learners: [] }) }),
  data: new Uint8Array(0),
});

export enum ConfChangeType {
  AddVoter = 0,
  AddLearner = 1,
  RemoveNode = 2,
}

/** A single-server membership change (thesis section 4.1). Adding a voter that is a learner promotes it. */
export interface ConfChange {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
  /** Opaque to raft: the manager puts the member's address here. */
  readonly context: Uint8Array;
}

export enum Role {
  Follower = 'follower',
  PreCandidate = 'pre-candidate',
  Candidate = 'candidate',
  Leader = 'leader',
}

export interface SoftState {
  readonly leader: NodeId;
  readonly role: Role;
}

/** The answer to a ReadIndex request: reads at or after `index` are linearizable once applied. */
export interface ReadState {
  readonly index: number;
  readonly ctx: string;
}

/** Message types exchanged between peers. Local-only inputs (tick, propose) are methods, not messages. */
export enum MessageType {
  App = 'app',
  AppResp = 'app-resp',
  Vote = 'vote',
  VoteResp = 'vote-resp',
  PreVote = 'pre-vote',
  PreVoteResp = 'pre-vote-resp',
  Heartbeat = 'heartbeat',
  HeartbeatResp = 'heartbeat-resp',
  Snap = 'snap',
  SnapResp = 'snap-resp',
  TimeoutNow = 'timeout-now',
  TransferLeader = 'transfer-leader',
  ReadIndex = 'read-index',
  ReadIndexResp = 'read-index-resp',
}

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  /** Sender's term; 0 only for local messages forwarded without a term (TransferLeader, ReadIndex). */
  readonly term: number;
}

/** AppendEntries (section 5.3): entries after (index, logTerm), plus the leader's commit. */
export interface AppMessage extends Envelope {
  readonly type: MessageType.App;
  readonly index: number;
  readonly logTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

export interface AppRespMessage extends Envelope {
  readonly type: MessageType.AppResp;
  /** On success: the last index now matching the leader. On reject: the rejected prev index. */
  readonly index: number;
  readonly reject: boolean;
  /** On reject: a hint for fast back-off (the follower's candidate index and its term). */
  readonly rejectHint: number;
  readonly logTerm: number;
}

/** RequestVote and its pre-vote twin (section 5.2, thesis 9.6). */
export interface VoteMessage extends Envelope {
  readonly type: MessageType.Vote | MessageType.PreVote;
  readonly index: number;
  readonly logTerm: number;
  /** Set by a leadership transfer: bypasses the leader-lease check (thesis 3.10). */
  readonly force: boolean;
}

export interface VoteRespMessage extends Envelope {
  readonly type: MessageType.VoteResp | MessageType.PreVoteResp;
  readonly reject: boolean;
}

export interface HeartbeatMessage extends Envelope {
  readonly type: MessageType.Heartbeat;
  readonly commit: number;
  /** ReadIndex round this heartbeat confirms leadership for; empty when none. */
  readonly ctx: string;
}

export interface HeartbeatRespMessage extends Envelope {
  readonly type: MessageType.HeartbeatResp;
  readonly ctx: string;
}

/** One chunk of InstallSnapshot (section 7): data[offset, offset+chunk) of a snapshot of totalSize bytes. */
export interface SnapMessage extends Envelope {
  readonly type: MessageType.Snap;
  readonly meta: SnapshotMeta;
  readonly totalSize: number;
  readonly offset: number;
  readonly data: Uint8Array;
  readonly done: boolean;
}

export interface SnapRespMessage extends Envelope {
  readonly type: MessageType.SnapResp;
  /** Snapshot being acknowledged. */
  readonly snapIndex: number;
  readonly snapTerm: number;
  /** Bytes received so far: the offset the leader must send next (resumption point). */
  readonly received: number;
  readonly reject: boolean;
}

export interface TimeoutNowMessage extends Envelope {
  readonly type: MessageType.TimeoutNow;
  /**
   * The leader's commit index. It never exceeds what the target holds (TimeoutNow goes only to a
   * member whose log matches the leader's to its end), so the target learns, say, that the
   * leader's own removal committed even if the append carrying that commit was lost.
   */
  readonly commit: number;
}

/** Forwarded by a follower to its leader when asked to transfer leadership to `target`. */
export interface TransferLeaderMessage extends Envelope {
  readonly type: MessageType.TransferLeader;
  readonly target: NodeId;
}

/** A follower forwarding a ReadIndex request to the leader. */
export interface ReadIndexMessage extends Envelope {
  readonly type: MessageType.ReadIndex;
  readonly ctx: string;
}

export interface ReadIndexRespMessage extends Envelope {
  readonly type: MessageType.ReadIndexResp;
  readonly ctx: string;
  readonly index: number;
  /** True when the leader could not serve the read (e.g. no entry committed in its term yet). */
  readonly reject: boolean;
}

export type Message =
  | AppMessage
  | AppRespMessage
  | VoteMessage
  | VoteRespMessage
  | HeartbeatMessage
  | HeartbeatRespMessage
  | SnapMessage
  | SnapRespMessage
  | TimeoutNowMessage
  | TransferLeaderMessage
  | ReadIndexMessage
  | ReadIndexRespMessage;

/** Approximate in-memory size of an entry, for byte-bounded batching. */
export function entrySize(e: Entry): number {
  return e.data.byteLength + 24;
}
