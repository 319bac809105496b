// The Raft safety properties (Raft paper, Figure 3), checked incrementally while the simulation runs:
// every hook is O(entries it is told about), except a new leader's completeness scan, O(its log).
import {
  type Entry,
  type HardState,
  type Message,
  MessageType,
  type NodeId,
  Role,
  type Snapshot,
} from '../../raft/types.ts';
import { payloadFingerprint } from './kv-command.ts';
import type { LogReader } from './node-disk.ts';
import { PropertyViolation } from './sim-errors.ts';

interface EntryId {
  readonly term: number;
  readonly fp: string;
}

interface RegistryRecord {
  readonly fp: string;
  prevTerm: number | undefined;
}

export class SafetyChecker {
  private readonly logs = new Map<NodeId, LogReader>();
  /** Election safety: the one leader each term ever had. */
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** Vote uniqueness: `${voter}|${term}` → the candidate it granted. */
  private readonly grantedVote = new Map<string, NodeId>();
  private readonly durableHs = new Map<NodeId, HardState>();
  /** Log matching: `${index}/${term}` → the entry every log holding that pair must have. */
  private readonly registry = new Map<string, RegistryRecord>();
  /** State-machine safety: the entry applied at each index, by whoever applied it first. */
  private readonly appliedAt: (EntryId | undefined)[] = [];
  private readonly lastApplied = new Map<NodeId, number>();
  /** State data of snapshots by index: two snapshots at one index must hold the same state. */
  private readonly snapshotData = new Map<number, string>();
  /** Leader completeness: lowest term in which a leader was seen to hold index i committed. */
  private readonly commitTerm: (number | undefined)[] = [];
  private readonly commitIdent: (EntryId | undefined)[] = [];
  private maxCommitted = 0;
  private readonly leaderNow = new Map<NodeId, number>();
  private readonly leaderCommitSeen = new Map<NodeId, { term: number; commit: number }>();
  /** Index of the first entry of its own term each leader made durable (its log is complete below it). */
  private readonly leaderStart = new Map<NodeId, { term: number; index: number }>();

  addNode(id: NodeId, log: LogReader): void {
    this.logs.set(id, log);
  }

  /** Called after every step that touched `id`, with the core's volatile view. */
  /**
   * `logDurable`: the node has no write in flight, so its durable log is the core's log (a Ready
   * being persisted may still replace part of the durable suffix).
   */
  observe(id: NodeId, term: number, role: Role, commit: number, logDurable = true): void {
    if (role !== Role.Leader) {
      this.leaderNow.delete(id);
      return;
    }
    const prev = this.leaderOfTerm.get(term);
    if (prev === undefined) this.leaderOfTerm.set(term, id);
    else if (prev !== id) {
      throw new PropertyViolation('election-safety', `term ${term} has two leaders: ${prev} and ${id}`);
    }
    this.leaderNow.set(id, term);
    const seen = this.leaderCommitSeen.get(id);
    const from = seen !== undefined && seen.term === term ? seen.commit + 1 : 1;
    if (seen === undefined || seen.term !== term || seen.commit < commit) {
      this.leaderCommitSeen.set(id, { term, commit });
    }
    for (let i = from; i <= commit; i++) this.recordCommit(id, i, term, logDurable);
  }

  onCrash(id: NodeId): void {
    this.leaderNow.delete(id);
    this.leaderCommitSeen.delete(id);
  }

  onSend(m: Message): void {
    if (m.type === MessageType.VoteResp && !m.reject) {
      const key = `${m.from}|${m.term}`;
      const prev = this.grantedVote.get(key);
      if (prev !== undefined && prev !== m.to) {
        throw new PropertyViolation(
          'vote-uniqueness',
          `${m.from} granted its term-${m.term} vote to ${prev} and to ${m.to}`,
        );
      }
      this.grantedVote.set(key, m.to);
      // A later term made durable in the same batch also rules out a second vote in m.term.
      const hs = this.durableHs.get(m.from);
      if (hs === undefined || hs.term < m.term || (hs.term === m.term && hs.vote !== m.to)) {
        throw new PropertyViolation(
          'core-contract',
          `${m.from} granted its term-${m.term} vote to ${m.to} but its durable hard state is ${fmtHs(hs)}`,
        );
      }
    } else if (m.type === MessageType.AppResp && !m.reject) {
      const log = this.logs.get(m.from);
      const hs = this.durableHs.get(m.from);
      if (log !== undefined && log.lastIndex() < m.index && (hs === undefined || hs.term <= m.term)) {
        throw new PropertyViolation(
          'core-contract',
          `${m.from} acknowledged index ${m.index} to ${m.to} but its durable log ends at ${log.lastIndex()}`,
        );
      }
    }
  }

  onDurableHardState(id: NodeId, hs: HardState): void {
    const prev = this.durableHs.get(id);
    if (prev !== undefined) {
      if (hs.term < prev.term) {
        throw new PropertyViolation(
          'durable-state-monotonic',
          `${id}: durable term went back from ${prev.term} to ${hs.term}`,
        );
      }
      if (hs.term === prev.term && prev.vote !== '' && hs.vote !== prev.vote) {
        throw new PropertyViolation(
          'durable-state-monotonic',
          `${id}: durable vote in term ${hs.term} changed from ${prev.vote} to ${hs.vote || '(none)'}`,
        );
      }
      if (hs.commit < prev.commit) {
        throw new PropertyViolation(
          'durable-state-monotonic',
          `${id}: durable commit went back from ${prev.commit} to ${hs.commit}`,
        );
      }
    }
    this.durableHs.set(id, hs);
  }

  onDurableEntries(
    id: NodeId,
    prevTerm: number | undefined,
    entries: readonly Entry[],
    replaced: readonly Entry[],
  ): void {
    // A node may still lose a committed entry to a stale leader of an older term than the one that
    // committed it (it had not heard of the newer term yet); a leader of that term or later never
    // holds a different entry there (leader completeness), so it must not overwrite it.
    // The writing leader's term is at least that of every entry it sent.
    let writerTerm = 0;
    for (const e of entries) if (e.term > writerTerm) writerTerm = e.term;
    for (const r of replaced) {
      const c = this.appliedAt[r.index] ?? this.commitIdent[r.index];
      const committedIn = this.commitTerm[r.index];
      if (c !== undefined && c.term === r.term && committedIn !== undefined) {
        const now = entries[r.index - entries[0]!.index];
        if ((now === undefined || now.term !== r.term) && writerTerm >= committedIn) {
          throw new PropertyViolation(
            'committed-entry-overwritten',
            `${id} overwrote entry ${r.index}/t${r.term}, committed in term ${committedIn}, with ${now ? `${now.index}/t${now.term}` : 'nothing'}`,
          );
        }
      }
    }
    let prev = prevTerm;
    for (const e of entries) {
      const key = `${e.index}/${e.term}`;
      const fp = payloadFingerprint(e.type, e.data);
      const rec = this.registry.get(key);
      if (rec === undefined) this.registry.set(key, { fp, prevTerm: prev });
      else {
        if (rec.fp !== fp) {
          throw new PropertyViolation(
            'log-matching',
            `${id} holds a different entry at ${key} than another log did`,
          );
        }
        if (prev !== undefined) {
          if (rec.prevTerm === undefined) rec.prevTerm = prev;
          else if (rec.prevTerm !== prev) {
            throw new PropertyViolation(
              'log-matching',
              `${id} holds ${key} after an entry of term ${prev}, another log held it after term ${rec.prevTerm}`,
            );
          }
        }
      }
      prev = e.term;
    }
    this.maybeStartLeader(id, entries);
  }

  onDurableSnapshot(id: NodeId, snap: Snapshot): void {
    const { index, term } = snap.meta;
    const c = this.appliedAt[index] ?? this.commitIdent[index];
    if (c !== undefined && c.term !== term) {
      throw new PropertyViolation(
        'state-machine-safety',
        `${id} persisted a snapshot at ${index}/t${term} but the entry committed at ${index} has term ${c.term}`,
      );
    }
    this.checkSnapshotData(id, index, snap.data);
  }

  /** A node took a snapshot of its own state machine. */
  onLocalSnapshot(id: NodeId, index: number, data: Uint8Array): void {
    this.checkSnapshotData(id, index, data);
  }

  /** The node's state machine now reflects exactly the entries up to `index` (snapshot install or restart). */
  onStateRestored(id: NodeId, index: number, fromLeader: boolean): void {
    const last = this.lastApplied.get(id);
    if (fromLeader && last !== undefined && index < last) {
      throw new PropertyViolation(
        'apply-order',
        `${id} was handed a snapshot at ${index} after applying up to ${last}`,
      );
    }
    this.lastApplied.set(id, index);
  }

  onApply(id: NodeId, e: Entry): void {
    const last = this.lastApplied.get(id) ?? 0;
    if (e.index !== last + 1) {
      throw new PropertyViolation('apply-order', `${id} applied entry ${e.index} after ${last}`);
    }
    this.lastApplied.set(id, e.index);
    const fp = payloadFingerprint(e.type, e.data);
    const prev = this.appliedAt[e.index];
    if (prev === undefined) {
      this.appliedAt[e.index] = { term: e.term, fp };
      const c = this.commitIdent[e.index];
      if (c !== undefined && (c.term !== e.term || c.fp !== fp)) {
        throw new PropertyViolation(
          'state-machine-safety',
          `${id} applied ${e.index}/t${e.term} but a leader had committed ${e.index}/t${c.term} (a different entry)`,
        );
      }
    } else if (prev.term !== e.term || prev.fp !== fp) {
      throw new PropertyViolation(
        'state-machine-safety',
        `${id} applied ${e.index}/t${e.term} but another node applied ${e.index}/t${prev.term} (a different entry)`,
      );
    }
  }

  /** How many terms had a leader. */
  leaderTerms(): number {
    return this.leaderOfTerm.size;
  }

  /** Highest index any node has applied (for the final convergence check). */
  maxAppliedIndex(): number {
    return this.appliedAt.length - 1;
  }

  appliedEntry(i: number): EntryId | undefined {
    return this.appliedAt[i];
  }

  private checkSnapshotData(id: NodeId, index: number, data: Uint8Array): void {
    if (index === 0) return;
    const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    const prev = this.snapshotData.get(index);
    if (prev === undefined) this.snapshotData.set(index, s);
    else if (prev !== s) {
      throw new PropertyViolation(
        'state-machine-safety',
        `${id} has a snapshot at ${index} whose state differs from another snapshot at ${index}`,
      );
    }
  }

  private recordCommit(leader: NodeId, i: number, term: number, logDurable: boolean): void {
    const e = logDurable ? this.logs.get(leader)?.entry(i) : undefined;
    if (e !== undefined) {
      const fp = payloadFingerprint(e.type, e.data);
      const c = this.commitIdent[i] ?? this.appliedAt[i];
      if (c === undefined) this.commitIdent[i] = { term: e.term, fp };
      else if (c.term !== e.term || c.fp !== fp) {
        throw new PropertyViolation(
          'state-machine-safety',
          `leader ${leader} (term ${term}) considers ${i}/t${e.term} committed, but ${i}/t${c.term} was committed (a different entry)`,
        );
      }
    }
    const prev = this.commitTerm[i];
    if (prev !== undefined && prev <= term) return;
    this.commitTerm[i] = term;
    if (i > this.maxCommitted) this.maxCommitted = i;
    for (const [l, lt] of this.leaderNow) {
      const start = this.leaderStart.get(l);
      if (lt > term && start !== undefined && start.term === lt)
        this.verifyLeaderHas(l, lt, start.index, i, term);
    }
  }

  private maybeStartLeader(id: NodeId, entries: readonly Entry[]): void {
    const term = this.leaderNow.get(id);
    if (term === undefined || this.leaderOfTerm.get(term) !== id) return;
    const start = this.leaderStart.get(id);
    if (start !== undefined && start.term === term) return;
    const own = entries.find((e) => e.term === term);
    if (own === undefined) return;
    this.leaderStart.set(id, { term, index: own.index });
    const log = this.logs.get(id);
    const from = Math.max(1, log?.firstIndex() ?? 1);
    for (let i = Math.min(from, own.index); i <= this.maxCommitted; i++) {
      const ct = this.commitTerm[i];
      if (ct !== undefined && ct < term) this.verifyLeaderHas(id, term, own.index, i, ct);
    }
  }

  /** Section 5.4.3: an entry committed in `committedIn` is in the log of leader `id` of the later `term`. */
  private verifyLeaderHas(id: NodeId, term: number, start: number, i: number, committedIn: number): void {
    if (i >= start) {
      throw new PropertyViolation(
        'leader-completeness',
        `entry ${i} was committed in term ${committedIn} but leader ${id} of term ${term} started its term at index ${start} without it`,
      );
    }
    const want = this.appliedAt[i] ?? this.commitIdent[i];
    const have = this.logs.get(id)?.entry(i);
    if (want === undefined || have === undefined) return;
    if (have.term !== want.term || payloadFingerprint(have.type, have.data) !== want.fp) {
      throw new PropertyViolation(
        'leader-completeness',
        `leader ${id} of term ${term} holds ${i}/t${have.term}, but ${i}/t${want.term} was committed in term ${committedIn}`,
      );
    }
  }
}

function fmtHs(hs: HardState | undefined): string {
  return hs === undefined ? '(none)' : `term=${hs.term} vote=${hs.vote || '(none)'} commit=${hs.commit}`;
}
