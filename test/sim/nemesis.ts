// The fault injector: at random moments it partitions, heals, crashes, restarts, changes membership
// and transfers leadership — all drawn from the run's one random source.
import { ConfChangeType, type NodeId, Role } from '../../raft/types.ts';
import type { Cluster } from './cluster.ts';

export interface NemesisTuning {
  readonly minInterval: number;
  readonly maxInterval: number;
  /** Relative weights of the actions. */
  readonly weights: Readonly<Record<NemesisAction, number>>;
  /** Crashed nodes come back after this long (unless a restart action is sooner). */
  readonly minDowntime: number;
  readonly maxDowntime: number;
  readonly minVoters: number;
  readonly maxVoters: number;
  readonly maxMembers: number;
  /** Stop adding members once this many were added over the run. */
  readonly maxAdds: number;
}

export type NemesisAction =
  | 'partition'
  | 'bridge'
  | 'isolate-leader'
  | 'one-way'
  | 'heal'
  | 'crash'
  | 'crash-leader'
  | 'crash-syncing-leader'
  | 'restart'
  | 'add-learner'
  | 'add-voter-direct'
  | 'promote'
  | 'remove-voter'
  | 'remove-leader'
  | 'remove-learner'
  | 'conf-burst'
  | 'transfer'
  | 'campaign'
  | 'pause'
  | 'pause-leader';

export class Nemesis {
  private stopped = false;
  private adds = 0;
  readonly counts = new Map<NemesisAction, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly tuning: NemesisTuning,
  ) {}

  start(): void {
    this.scheduleNext();
  }

  stop(): void {
    this.stopped = true;
  }

  private scheduleNext(): void {
    const t = this.tuning;
    const delay = t.minInterval + this.cluster.rng.intn(t.maxInterval - t.minInterval + 1);
    this.cluster.sched.after(
      delay,
      () => 'nemesis',
      () => {
        if (this.stopped) return;
        this.act(this.pickAction());
        this.scheduleNext();
      },
    );
  }

  private pickAction(): NemesisAction {
    const entries = Object.entries(this.tuning.weights) as [NemesisAction, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.cluster.rng.intn(total);
    for (const [a, w] of entries) {
      if (r < w) return a;
      r -= w;
    }
    return 'heal';
  }

  /** Runs one action; returns false when it did not apply (e.g. no leader to isolate). */
  act(action: NemesisAction): boolean {
    const ran = this.run(action);
    if (ran) {
      this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
      this.cluster.trace?.(`nemesis: ${action}`);
    }
    return ran;
  }

  private run(action: NemesisAction): boolean {
    const c = this.cluster;
    const rng = c.rng;
    const ids = c.liveIds();
    switch (action) {
      case 'partition': {
        const shuffled = shuffle(ids, (n) => rng.intn(n));
        const cut = 1 + rng.intn(Math.max(1, shuffled.length - 1));
        const groups = [shuffled.slice(0, cut), shuffled.slice(cut)];
        c.network.partition(groups);
        c.stats.partitions++;
        c.trace?.(`partition ${groups.map((g) => `{${g.join(',')}}`).join(' | ')}`);
        return true;
      }
      case 'bridge': {
        // Two halves that cannot talk, and one member that talks to both (Jepsen's "bridge").
        if (ids.length < 3) return false;
        const shuffled = shuffle(ids, (n) => rng.intn(n));
        const bridge = shuffled.pop()!;
        const cut = Math.ceil(shuffled.length / 2);
        const halves = [shuffled.slice(0, cut), shuffled.slice(cut)];
        c.network.partition(halves);
        c.stats.partitions++;
        c.trace?.(`bridge ${bridge} between {${halves[0]!.join(',')}} and {${halves[1]!.join(',')}}`);
        return true;
      }
      case 'isolate-leader': {
        const l = c.leader();
        if (l === undefined) return false;
        c.network.isolate(l.id, ids);
        c.stats.partitions++;
        c.trace?.(`isolate leader ${l.id}`);
        return true;
      }
      case 'one-way': {
        if (ids.length < 2) return false;
        const links = 1 + rng.intn(3);
        for (let i = 0; i < links; i++) {
          const from = rng.pick(ids);
          const to = rng.pick(ids.filter((x) => x !== from));
          c.network.cutOneWay(from, to);
          c.trace?.(`cut one way ${from} -> ${to}`);
        }
        c.stats.partitions++;
        return true;
      }
      case 'heal':
        if (!c.network.partitioned) return false;
        c.network.heal();
        return true;
      case 'crash':
      case 'crash-leader':
      case 'crash-syncing-leader': {
        const victim = action === 'crash' ? pickOrUndefined(c.upNodes(), (n) => rng.intn(n)) : c.leader();
        if (victim === undefined) return false;
        // Aimed at the window where the leader has appended (and maybe replicated) what it has not synced.
        if (action === 'crash-syncing-leader' && !victim.busy) return false;
        c.crash(victim.id);
        const t = this.tuning;
        const downtime = t.minDowntime + rng.intn(t.maxDowntime - t.minDowntime + 1);
        c.sched.after(
          downtime,
          () => `restart ${victim.id}`,
          () => c.restart(victim.id),
        );
        return true;
      }
      case 'restart': {
        const down = [...c.nodes.values()].filter((n) => n.state === 'down');
        const n = pickOrUndefined(down, (k) => rng.intn(k));
        if (n === undefined) return false;
        c.restart(n.id);
        return true;
      }
      case 'add-learner':
      case 'add-voter-direct': {
        const l = c.leader();
        const m = c.membership();
        if (l === undefined || this.adds >= this.tuning.maxAdds) return false;
        if (m.voters.length + m.learners.length >= this.tuning.maxMembers) return false;
        if (action === 'add-voter-direct' && m.voters.length >= this.tuning.maxVoters) return false;
        const type = action === 'add-learner' ? ConfChangeType.AddLearner : ConfChangeType.AddVoter;
        if (c.proposeConfChange(l, type) !== undefined) return false;
        this.adds++;
        return true;
      }
      case 'promote': {
        const l = c.leader();
        const m = c.membership();
        if (l === undefined || m.learners.length === 0 || m.voters.length >= this.tuning.maxVoters)
          return false;
        return c.proposeConfChange(l, ConfChangeType.AddVoter, rng.pick(m.learners)) === undefined;
      }
      case 'remove-voter':
      case 'remove-leader': {
        const l = c.leader();
        const m = c.membership();
        if (l === undefined || m.voters.length <= this.tuning.minVoters) return false;
        const target: NodeId = action === 'remove-leader' ? l.id : rng.pick(m.voters);
        return c.proposeConfChange(l, ConfChangeType.RemoveNode, target) === undefined;
      }
      case 'remove-learner': {
        const l = c.leader();
        const m = c.membership();
        if (l === undefined || m.learners.length === 0) return false;
        return c.proposeConfChange(l, ConfChangeType.RemoveNode, rng.pick(m.learners)) === undefined;
      }
      case 'conf-burst': {
        // Several voter changes back to back: the core must refuse all but one until it is applied.
        const l = c.leader();
        if (l === undefined) return false;
        let proposed = 0;
        for (let i = 0; i < 3; i++) {
          const m = c.membership();
          const pick = rng.intn(3);
          if (pick === 0 && m.learners.length > 0 && m.voters.length < this.tuning.maxVoters) {
            if (c.proposeConfChange(l, ConfChangeType.AddVoter, rng.pick(m.learners)) === undefined)
              proposed++;
          } else if (pick === 1 && m.voters.length > this.tuning.minVoters) {
            if (c.proposeConfChange(l, ConfChangeType.RemoveNode, rng.pick(m.voters)) === undefined)
              proposed++;
          } else if (this.adds < this.tuning.maxAdds && m.voters.length < this.tuning.maxVoters) {
            if (c.proposeConfChange(l, ConfChangeType.AddVoter) === undefined) {
              this.adds++;
              proposed++;
            }
          }
        }
        if (proposed > 1) c.trace?.(`conf-burst: ${proposed} changes accepted at once`);
        return proposed > 0;
      }
      case 'transfer': {
        const l = c.leader();
        if (l === undefined) return false;
        const others = c.membership().voters.filter((v) => v !== l.id);
        if (others.length === 0) return false;
        const target = rng.pick(others);
        // Sometimes ask a follower, which forwards the request to its leader.
        const via = rng.chance(0.3) ? c.node(rng.pick(others)) : l;
        if (via === undefined || !via.isUp) return false;
        c.stats.transfers++;
        via.transferLeadership(target);
        return true;
      }
      case 'pause':
      case 'pause-leader': {
        const victim =
          action === 'pause-leader' ? c.leader() : pickOrUndefined(c.upNodes(), (n) => rng.intn(n));
        if (victim === undefined) return false;
        // Long enough, sometimes, for the others to elect a new leader behind its back.
        victim.pause(20 + rng.intn(400));
        return true;
      }
      case 'campaign': {
        const followers = c.upNodes().filter((n) => n.status()?.role !== Role.Leader);
        const n = pickOrUndefined(followers, (k) => rng.intn(k));
        if (n === undefined) return false;
        n.campaign();
        return true;
      }
    }
  }
}

function shuffle<T>(items: readonly T[], intn: (n: number) => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = intn(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function pickOrUndefined<T>(items: readonly T[], intn: (n: number) => number): T | undefined {
  return items.length === 0 ? undefined : items[intn(items.length)];
}
