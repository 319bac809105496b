// The simulated cluster: its members, the network between them, who leads, and the operator's view
// of membership (which ids were added, which removed and stopped for good).
import { MemoryStorage } from '../../raft/memory-storage.ts';
import type { SeededRandom } from '../../raft/random.ts';
import {
  type ConfChange,
  ConfChangeType,
  type ConfState,
  type Message,
  type NodeId,
  Role,
} from '../../raft/types.ts';
import type { KvCommand } from './kv-command.ts';
import { Network, type NetworkFaults } from './network.ts';
import { SafetyChecker } from './safety-checker.ts';
import type { Scheduler } from './scheduler.ts';
import type { NodeTuning } from './node-tuning.ts';
import { type AppliedConfChange, type NodeHost, SimNode } from './sim-node.ts';

export interface CommittedCommand {
  readonly cmd: KvCommand;
  readonly time: number;
}

export interface ClusterStats {
  crashes: number;
  restarts: number;
  confChangesProposed: number;
  confChangesApplied: number;
  transfers: number;
  partitions: number;
}

export class Cluster {
  readonly nodes = new Map<NodeId, SimNode>();
  readonly network: Network;
  readonly checker = new SafetyChecker();
  private readonly host: NodeHost;
  private nextId: number;
  /**
   * The client command committed at each index, with the time it was first applied anywhere (first
   * apply wins; the safety checker makes every node agree with it).
   */
  readonly committed: (CommittedCommand | undefined)[] = [];
  /** Ids whose removal committed; they are stopped and never restarted. */
  readonly removed = new Set<NodeId>();
  readonly coverage = new Map<string, number>();
  private readonly confChangesSeen = new Set<number>();
  private readonly foundingSize: number;
  readonly stats: ClusterStats = {
    crashes: 0,
    restarts: 0,
    confChangesProposed: 0,
    confChangesApplied: 0,
    transfers: 0,
    partitions: 0,
  };

  constructor(
    readonly sched: Scheduler,
    readonly rng: SeededRandom,
    size: number,
    private readonly tuning: NodeTuning,
    faults: NetworkFaults,
    readonly trace: ((line: string) => void) | undefined,
  ) {
    this.network = new Network(
      sched,
      rng,
      faults,
      (m) => this.deliver(m),
      (m) => this.maybeReportUnreachable(m),
      trace,
    );
    this.host = {
      sched,
      rng,
      checker: this.checker,
      send: (m) => this.network.send(m),
      onConfChangeApplied: (a) => this.onConfChangeApplied(a),
      onCommandApplied: (index, cmd) => {
        if (this.committed[index] === undefined) this.committed[index] = { cmd, time: sched.now };
      },
      count: (what) => this.coverage.set(what, (this.coverage.get(what) ?? 0) + 1),
      trace,
    };
    const voters = Array.from({ length: size }, (_, i) => `n${i + 1}`);
    this.nextId = size + 1;
    this.foundingSize = size;
    for (const id of voters) {
      const node = new SimNode(id, this.host, tuning, MemoryStorage.bootstrap(voters));
      this.nodes.set(id, node);
    }
    for (const node of this.nodes.values()) node.start();
  }

  node(id: NodeId): SimNode | undefined {
    return this.nodes.get(id);
  }

  upNodes(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.isUp);
  }

  /** The leader with the highest term among running members, if any. */
  leader(): SimNode | undefined {
    let best: SimNode | undefined;
    let bestTerm = -1;
    for (const n of this.nodes.values()) {
      if (!n.isUp) continue;
      const st = n.status()!;
      if (st.role === Role.Leader && st.term > bestTerm) {
        best = n;
        bestTerm = st.term;
      }
    }
    return best;
  }

  /** Membership as the current leader (or any running member) has applied it. */
  membership(): ConfState {
    const l = this.leader() ?? this.upNodes()[0];
    return l?.status()?.confState ?? { voters: [], learners: [] };
  }

  /** Every id the operator may still talk to: members and added nodes not removed. */
  liveIds(): NodeId[] {
    return [...this.nodes.keys()].filter((id) => !this.removed.has(id));
  }

  crash(id: NodeId): void {
    const n = this.nodes.get(id);
    if (n === undefined || !n.isUp) return;
    this.stats.crashes++;
    n.crash();
  }

  restart(id: NodeId): void {
    const n = this.nodes.get(id);
    if (n === undefined || n.state !== 'down') return;
    this.stats.restarts++;
    n.start();
  }

  /**
   * Proposes a membership change at `leader`. Adding a member starts its (empty) node once the leader
   * accepted the proposal. Returns the refusal reason, if any.
   */
  proposeConfChange(leader: SimNode, type: ConfChangeType, target?: NodeId): string | undefined {
    // No target: a brand-new member (normally a learner; a voter straight away is legal too).
    const fresh = target === undefined && type !== ConfChangeType.RemoveNode;
    const nodeId = fresh ? `n${this.nextId}` : target;
    if (nodeId === undefined) return 'no target';
    const cc: ConfChange = { type, nodeId, context: new Uint8Array(0) };
    const refused = leader.proposeConfChange(cc);
    if (refused !== undefined) {
      this.trace?.(`conf change ${type}(${nodeId}) refused: ${refused}`);
      return refused;
    }
    this.stats.confChangesProposed++;
    if (fresh) {
      this.nextId++;
      const node = new SimNode(nodeId, this.host, this.tuning, undefined);
      this.nodes.set(nodeId, node);
      node.start();
    }
    return undefined;
  }

  private onConfChangeApplied(a: AppliedConfChange): void {
    const { cc, index } = a;
    // Indexes up to the founding size are the bootstrap entries, not membership changes.
    if (!this.confChangesSeen.has(index) && index > this.foundingSize) {
      this.confChangesSeen.add(index);
      this.stats.confChangesApplied++;
      const kind = ['add voter', 'add learner', 'remove'][cc.type] ?? String(cc.type);
      const self = cc.type === ConfChangeType.RemoveNode && a.leaderBefore === cc.nodeId;
      this.host.count(`conf change committed: ${kind}${self ? ' (the leader)' : ''}`);
    }
    if (cc.type !== ConfChangeType.RemoveNode || this.removed.has(cc.nodeId)) return;
    // Committed: the operator stops the removed member a little later (it may still apply its removal).
    // A group left with fewer than two voters cannot elect without the removed member's vote until its
    // voter applied the removal (membership takes effect on apply) — and durably so, or a crash takes
    // it back to the old membership (see F4 in the findings) — so there the operator waits for that.
    this.removed.add(cc.nodeId);
    const survivors = a.confState.voters;
    const ready = (): boolean =>
      survivors.length >= 2 || survivors.every((id) => (this.nodes.get(id)?.durableCommit ?? 0) >= index);
    const stop = (): void => {
      const n = this.nodes.get(cc.nodeId);
      if (n === undefined || n.state === 'removed') return;
      if (!ready()) {
        this.sched.after(this.tuning.tickInterval, () => `stop removed ${cc.nodeId} (waiting)`, stop);
        return;
      }
      this.trace?.(`${cc.nodeId}: stopped (removed from the group)`);
      n.remove();
    };
    this.sched.after(20 + this.rng.intn(200), () => `stop removed ${cc.nodeId}`, stop);
  }

  private deliver(m: Message): void {
    const n = this.nodes.get(m.to);
    if (n === undefined || !n.isUp) {
      if (n === undefined) return;
      this.trace?.(`  (${m.to} is down: message lost)`);
      this.maybeReportUnreachable(m);
      return;
    }
    n.step(m);
  }

  /** A transport notices some failed sends (connection refused, reset) and tells the sender's core. */
  private maybeReportUnreachable(m: Message): void {
    if (this.tuning.reportUnreachableRate === 0 || !this.rng.chance(this.tuning.reportUnreachableRate))
      return;
    this.sched.after(
      0,
      () => `report unreachable ${m.from} -> ${m.to}`,
      () => this.nodes.get(m.from)?.reportUnreachable(m.to),
    );
  }

  setFaults(f: NetworkFaults): void {
    this.network.setFaults(f);
  }
}
