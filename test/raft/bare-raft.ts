// One Raft state machine over a MemoryStorage, driven message by message (etcd-io/raft's newTestRaft):
// for tests that check a rule of the paper against the exact messages a member emits.
import { decodeConfChange } from '../../raft/confchange.ts';
import { MemoryStorage } from '../../raft/memory-storage.ts';
import { Raft } from '../../raft/raft.ts';
import { SeededRandom } from '../../raft/random.ts';
import {
  type AppMessage,
  type AppRespMessage,
  type Entry,
  EntryType,
  entrySize,
  type HardState,
  type HeartbeatMessage,
  type Message,
  MessageType,
  type NodeId,
  Role,
  type VoteMessage,
  type VoteRespMessage,
} from '../../raft/types.ts';
import type { MemberOptions, MessageOf } from './network.ts';

/** A storage whose (index 0) snapshot already names the members: no bootstrap entries needed. */
export function peersStorage(voters: readonly NodeId[], learners: readonly NodeId[] = []): MemoryStorage {
  return new MemoryStorage({
    meta: { index: 0, term: 0, confState: { voters: [...voters], learners: [...learners] } },
    data: new Uint8Array(0),
  });
}

/** Entries start, start+1, ... with the given terms (etcd's `index(i).terms(...)`). */
export function entriesWithTerms(terms: readonly number[], start = 1): Entry[] {
  return terms.map((term, i) => ({
    term,
    index: start + i,
    type: EntryType.Normal,
    data: new TextEncoder().encode(`e${start + i}`),
  }));
}

/** A storage with members, a log and a hard state, as a member would find it after a restart. */
export function storageWith(
  voters: readonly NodeId[],
  log: readonly Entry[],
  hardState: Partial<HardState> = {},
): MemoryStorage {
  const s = peersStorage(voters);
  s.append(log);
  s.setHardState({ term: 0, vote: '', commit: 0, ...hardState });
  return s;
}

export interface BareOptions extends MemberOptions {
  readonly seed?: number;
}

export class BareRaft {
  readonly raft: Raft;

  constructor(
    id: NodeId,
    readonly storage: MemoryStorage,
    options: BareOptions = {},
  ) {
    const { seed = 1, ...rest } = options;
    this.raft = new Raft({ ...rest, id, storage, random: new SeededRandom(seed) });
  }

  /** A member of the group `voters` with an empty log. */
  static of(id: NodeId, voters: readonly NodeId[], options: BareOptions = {}): BareRaft {
    return new BareRaft(id, peersStorage(voters), options);
  }

  get id(): NodeId {
    return this.raft.id;
  }

  /** Drains the messages emitted so far (after the deferred appends a Ready would flush). */
  take(): Message[] {
    this.raft.flushBroadcast();
    const out = this.raft.msgs;
    this.raft.msgs = [];
    return out;
  }

  /** Drains the messages and keeps those of one type. */
  takeOf<T extends MessageType>(type: T): MessageOf<T>[] {
    return this.take().filter((m): m is MessageOf<T> => m.type === type);
  }

  step(m: Message): void {
    this.raft.step(m);
  }

  tick(n = 1): void {
    for (let i = 0; i < n; i++) this.raft.tick();
  }

  /** Does what a driver does with a Ready's durable part: hard state, snapshot, entries, then advance. */
  persist(): void {
    const log = this.raft.raftLog;
    this.storage.setHardState(this.raft.hardState());
    const snap = log.unstable.snapshot;
    if (snap) {
      this.storage.applySnapshot(snap);
      log.stableSnapTo(snap.meta.index);
      if (log.applied < snap.meta.index) log.applied = snap.meta.index;
    }
    const ents = log.unstableEntries();
    this.storage.append(ents);
    const last = ents[ents.length - 1];
    if (last) this.raft.advanceStable(last.index, last.term);
  }

  /** Hands out the committed entries and applies them (conf changes included); returns them. */
  apply(): Entry[] {
    const ents = this.raft.raftLog.nextCommittedEnts();
    let bytes = 0;
    for (const e of ents) {
      if (e.type === EntryType.ConfChange) this.raft.applyConfChange(decodeConfChange(e.data));
      else bytes += entrySize(e);
    }
    const last = ents[ents.length - 1];
    if (last) this.raft.appliedTo(last.index, bytes);
    return ents;
  }

  /**
   * Makes this member leader: every voter grants its (pre-)vote, stepped in directly. Leaves the
   * leader's empty entry unpersisted and drains the messages.
   */
  elect(): void {
    this.raft.campaign();
    for (let round = 0; round < 2 && this.raft.role !== Role.Leader; round++) {
      const pre = this.raft.role === Role.PreCandidate;
      const term = pre ? this.raft.term + 1 : this.raft.term;
      for (const id of [...this.raft.prs.voters].sort()) {
        if (id !== this.id) this.step(voteResp(id, this.id, term, false, pre));
      }
    }
    if (this.raft.role !== Role.Leader) throw new Error(`${this.id} did not become leader`);
    this.take();
  }

  /** The log as [index, term] pairs, for comparing two members' logs. */
  logTerms(): [number, number][] {
    const log = this.raft.raftLog;
    const out: [number, number][] = [];
    for (let i = log.firstIndex(); i <= log.lastIndex(); i++) out.push([i, log.term(i)]);
    return out;
  }
}

// ---- message builders (fields not given take the neutral value) -----------------------------

export function app(
  from: NodeId,
  to: NodeId,
  term: number,
  f: { index?: number; logTerm?: number; entries?: readonly Entry[]; commit?: number } = {},
): AppMessage {
  return {
    type: MessageType.App,
    from,
    to,
    term,
    index: f.index ?? 0,
    logTerm: f.logTerm ?? 0,
    entries: f.entries ?? [],
    commit: f.commit ?? 0,
  };
}

export function appResp(
  from: NodeId,
  to: NodeId,
  term: number,
  index: number,
  f: { reject?: boolean; rejectHint?: number; logTerm?: number } = {},
): AppRespMessage {
  return {
    type: MessageType.AppResp,
    from,
    to,
    term,
    index,
    reject: f.reject ?? false,
    rejectHint: f.rejectHint ?? 0,
    logTerm: f.logTerm ?? 0,
  };
}

export function vote(
  from: NodeId,
  to: NodeId,
  term: number,
  f: { index?: number; logTerm?: number; force?: boolean; pre?: boolean } = {},
): VoteMessage {
  return {
    type: f.pre ? MessageType.PreVote : MessageType.Vote,
    from,
    to,
    term,
    index: f.index ?? 0,
    logTerm: f.logTerm ?? 0,
    force: f.force ?? false,
  };
}

export function voteResp(
  from: NodeId,
  to: NodeId,
  term: number,
  reject: boolean,
  pre = false,
): VoteRespMessage {
  return { type: pre ? MessageType.PreVoteResp : MessageType.VoteResp, from, to, term, reject };
}

export function heartbeat(from: NodeId, to: NodeId, term: number, commit = 0, ctx = ''): HeartbeatMessage {
  return { type: MessageType.Heartbeat, from, to, term, commit, ctx };
}
