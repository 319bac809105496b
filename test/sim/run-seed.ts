// One simulation run: build the cluster from a seed, drive it for `steps` events under faults, heal,
// converge, read every key, and check everything. Pure function of (seed, nodes, steps).
import { SeededRandom } from '../../raft/random.ts';
import { SimClient } from './client.ts';
import { Cluster } from './cluster.ts';
import { checkFinalState } from './final-checks.ts';
import { HistoryRecorder, type KvInput } from './history.ts';
import { Nemesis } from './nemesis.ts';
import { RELIABLE } from './network.ts';
import { Scheduler } from './scheduler.ts';
import { HarnessError, PropertyViolation } from './sim-errors.ts';
import type { Injection } from './node-tuning.ts';
import type { SimNode } from './sim-node.ts';
import { drawTuning, type SimTuning } from './sim-tuning.ts';

export interface SeedOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly steps: number;
  /** Prints every event and node-level detail; slow. */
  readonly trace?: (line: string) => void;
  /** Ticks the healed cluster has to elect a leader and converge. */
  readonly convergeTicks?: number;
  readonly linearizabilityTimeoutMs?: number;
  /** Settle unknown client outcomes from the committed log before the linearizability check. */
  readonly resolveUnknown?: boolean;
  /** A deliberate driver bug (tests of the checkers). */
  readonly inject?: Injection;
}

export interface SeedFailure {
  readonly kind: 'violation' | 'harness' | 'exception';
  readonly property: string;
  readonly detail: string;
  readonly atStep: number;
  readonly atTime: number;
  readonly recent: readonly string[];
}

export interface SeedStats {
  events: number;
  simTime: number;
  profile: string;
  ops: number;
  acked: number;
  unknown: number;
  leaders: number;
  crashes: number;
  confChanges: number;
  transfers: number;
  messages: number;
  linearizability: 'ok' | 'unknown' | 'skipped';
  /** How often each interesting situation happened (see Cluster.coverage). */
  coverage: Record<string, number>;
}

export interface SeedResult {
  readonly seed: number;
  readonly nodes: number;
  readonly steps: number;
  readonly ok: boolean;
  readonly failure?: SeedFailure;
  readonly stats: SeedStats;
  readonly ms: number;
}

const RECENT = 80;

export function defaultNodes(seed: number): number {
  return seed % 2 === 0 ? 3 : 5;
}

export function runSeed(opts: SeedOptions): SeedResult {
  const started = performance.now();
  const run = new Run(opts);
  const failure = run.execute();
  const result: SeedResult = {
    seed: opts.seed,
    nodes: opts.nodes,
    steps: opts.steps,
    ok: failure === undefined,
    stats: run.stats(),
    ms: performance.now() - started,
  };
  return failure === undefined ? result : { ...result, failure };
}

class Run {
  private readonly sched = new Scheduler();
  private readonly rng: SeededRandom;
  private readonly tuning: SimTuning;
  private readonly cluster: Cluster;
  private readonly recorder = new HistoryRecorder();
  private readonly clients: SimClient[] = [];
  private readonly nemesis: Nemesis;
  private readonly recent: { time: number; describe: () => string }[] = [];
  private events = 0;
  private step = 0;
  private lin: SeedStats['linearizability'] = 'skipped';
  private readonly trace: ((line: string) => void) | undefined;

  constructor(private readonly opts: SeedOptions) {
    this.rng = new SeededRandom(opts.seed);
    const drawn = drawTuning(this.rng, opts.nodes);
    this.tuning =
      opts.inject === undefined ? drawn : { ...drawn, node: { ...drawn.node, inject: opts.inject } };
    const out = opts.trace;
    this.trace = out ? (line) => out(`[${this.sched.now}] ${line}`) : undefined;
    this.trace?.(
      `seed ${opts.seed} nodes ${opts.nodes} profile ${this.tuning.profile} ${JSON.stringify(this.tuning.node)} ${JSON.stringify(this.tuning.faults)}`,
    );
    this.cluster = new Cluster(
      this.sched,
      this.rng,
      opts.nodes,
      this.tuning.node,
      this.tuning.faults,
      this.trace,
    );
    for (let i = 0; i < this.tuning.clients; i++) {
      this.clients.push(new SimClient(i + 1, this.cluster, this.recorder, this.tuning.client));
    }
    this.nemesis = new Nemesis(this.cluster, this.tuning.nemesis);
  }

  execute(): SeedFailure | undefined {
    try {
      for (const c of this.clients) c.start();
      this.nemesis.start();
      while (this.step < this.opts.steps) {
        if (!this.runOne()) break;
        this.step++;
      }
      this.finalPhase();
      return undefined;
    } catch (err) {
      return this.describeFailure(err);
    }
  }

  stats(): SeedStats {
    let ops = 0;
    let acked = 0;
    let unknown = 0;
    for (const c of this.clients) {
      ops += c.stats.invoked;
      acked += c.stats.ok;
      unknown += c.stats.unknown;
    }
    const s = this.cluster.stats;
    return {
      events: this.events,
      simTime: this.sched.now,
      profile: this.tuning.profile,
      ops,
      acked,
      unknown,
      leaders: this.cluster.checker.leaderTerms(),
      crashes: s.crashes,
      confChanges: s.confChangesProposed,
      transfers: s.transfers,
      messages: this.cluster.network.stats.sent,
      linearizability: this.lin,
      coverage: Object.fromEntries(this.cluster.coverage),
    };
  }

  private runOne(): boolean {
    const ev = this.sched.next();
    if (ev === undefined) return false;
    this.events++;
    if (this.recent.length >= RECENT) this.recent.shift();
    this.recent.push({ time: ev.time, describe: ev.describe });
    if (this.trace) this.trace(ev.describe());
    ev.run();
    return true;
  }

  /** Runs events until `done()` holds (polled once per tick interval) or `limit` time units pass. */
  private runUntil(done: () => boolean, limit: number): boolean {
    const deadline = this.sched.now + limit;
    const every = this.tuning.node.tickInterval;
    let nextPoll = this.sched.now;
    while (this.sched.now <= deadline) {
      if (this.sched.now >= nextPoll) {
        if (done()) return true;
        nextPoll = this.sched.now + every;
      }
      if (!this.runOne()) return done();
    }
    return done();
  }

  private finalPhase(): void {
    const c = this.cluster;
    this.trace?.('=== final phase: heal everything, stop faults and clients ===');
    this.nemesis.stop();
    for (const cl of this.clients) cl.stop();
    c.network.heal();
    c.setFaults(RELIABLE);
    for (const n of c.nodes.values()) if (n.state === 'down') c.restart(n.id);
    const limit = (this.opts.convergeTicks ?? 400) * this.tuning.node.tickInterval;
    if (!this.runUntil(() => this.converged() !== undefined, limit)) {
      throw new PropertyViolation(
        'no-progress',
        `the healed cluster did not converge within ${limit} time units:\n${this.describeCluster()}`,
      );
    }

    const reader = new SimClient(0, c, this.recorder, { ...this.tuning.client, replyLossRate: 0 });
    const finalReads = new Map<string, string>();
    const keys = [...this.tuning.client.keys];
    let attempts = 0;
    const readNext = (): void => {
      const key = keys[0];
      if (key === undefined || attempts > 5 * this.tuning.client.keys.length) return;
      attempts++;
      reader.runOnce({ kind: 'get', key }, 'propose', (out) => {
        if (typeof out === 'string') {
          finalReads.set(key, out);
          keys.shift();
        }
        readNext();
      });
    };
    readNext();
    if (!this.runUntil(() => keys.length === 0, limit)) {
      throw new PropertyViolation(
        'no-progress',
        `final reads did not complete (${keys.join(',')} left):\n${this.describeCluster()}`,
      );
    }
    const members = this.runUntil(() => this.converged() !== undefined, limit) ? this.converged() : undefined;
    if (members === undefined) {
      throw new PropertyViolation(
        'no-progress',
        `the cluster did not converge after the final reads:\n${this.describeCluster()}`,
      );
    }
    const acked = new Map<number, KvInput>();
    for (const cl of this.clients) for (const [id, input] of cl.ackedWrites) acked.set(id, input);
    const lin = checkFinalState({
      committed: c.committed,
      members,
      finalReads,
      ackedWrites: acked,
      history: this.recorder.history(),
      linearizabilityTimeoutMs: this.opts.linearizabilityTimeoutMs ?? 5000,
      resolveUnknown: this.opts.resolveUnknown ?? true,
    });
    this.lin = lin.ok === true ? 'ok' : 'unknown';
  }

  /**
   * The members once the cluster is quiet: one leader that every member follows, everything committed
   * and applied everywhere, no client waiting. Undefined while that does not hold.
   */
  private converged(): SimNode[] | undefined {
    if (!this.clients.every((cl) => cl.idle)) return undefined;
    const c = this.cluster;
    const leader = c.leader();
    const ls = leader?.status();
    if (leader === undefined || ls === undefined) return undefined;
    if (ls.commit !== ls.lastIndex || leader.appliedIndex !== ls.commit || leader.busy) return undefined;
    const members: SimNode[] = [];
    for (const id of [...ls.confState.voters, ...ls.confState.learners]) {
      const n = c.node(id);
      const st = n?.status();
      if (n === undefined || st === undefined || n.busy) return undefined;
      if (st.leader !== leader.id || st.term !== ls.term || n.appliedIndex !== ls.commit) return undefined;
      members.push(n);
    }
    return members;
  }

  private describeCluster(): string {
    const lines: string[] = [];
    for (const n of this.cluster.nodes.values()) {
      const st = n.status();
      lines.push(
        st === undefined
          ? `  ${n.id}: ${n.state}`
          : `  ${n.id}: ${st.role} term=${st.term} leader=${st.leader || '-'} commit=${st.commit} applied=${n.appliedIndex} last=${st.lastIndex} voters=${st.confState.voters.join(',')} learners=${st.confState.learners.join(',')}${n.busy ? ' (fsync pending)' : ''}`,
      );
    }
    const ls = this.cluster.leader()?.status();
    for (const [id, p] of ls?.progress ?? []) {
      lines.push(
        `  leader's progress of ${id}: ${p.state} match=${p.match} next=${p.next} inflight=${p.inflight} recentActive=${p.recentActive} pendingSnapshot=${p.pendingSnapshot}${p.isLearner ? ' learner' : ''}`,
      );
    }
    if (ls !== undefined) lines.push(`  leader's first index ${ls.firstIndex}`);
    return lines.join('\n');
  }

  private describeFailure(err: unknown): SeedFailure {
    const recent = this.recent.map((r) => `[${r.time}] ${r.describe()}`);
    const at = { atStep: this.step, atTime: this.sched.now, recent };
    if (err instanceof PropertyViolation) {
      const cause = err.cause instanceof Error && err.cause.stack ? `\n${err.cause.stack}` : '';
      return { kind: 'violation', property: err.property, detail: err.detail + cause, ...at };
    }
    if (err instanceof HarnessError)
      return { kind: 'harness', property: 'harness', detail: err.message, ...at };
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { kind: 'exception', property: 'exception', detail, ...at };
  }
}
