// A simulated KV client: one operation at a time, writes as proposals at the leader it believes in,
// reads through the log or through ReadIndex (at leaders and followers), recorded in the history.
import type { NodeId } from '../../raft/types.ts';
import type { Cluster } from './cluster.ts';
import type { HistoryRecorder, KvInput } from './history.ts';
import type { ClientReply } from './client-reply.ts';

export interface ClientTuning {
  readonly keys: readonly string[];
  readonly minThink: number;
  readonly maxThink: number;
  /** After this long without an answer the outcome is unknown (writes) or the read is abandoned. */
  readonly opTimeout: number;
  /** Share of operations that are reads; of those, the share served by ReadIndex rather than the log. */
  readonly readRate: number;
  readonly readIndexRate: number;
  readonly casRate: number;
  /** One-way delay between client and node, and the chance a reply is lost. */
  readonly minRpcDelay: number;
  readonly maxRpcDelay: number;
  readonly replyLossRate: number;
}

type Mode = 'propose' | 'read-index';

interface Op {
  readonly opId: number;
  readonly input: KvInput;
  readonly mode: Mode;
  attempt: number;
  done: boolean;
}

export interface ClientStats {
  invoked: number;
  ok: number;
  unknown: number;
  failed: number;
  retries: number;
}

export class SimClient {
  private leaderHint: NodeId | undefined;
  private stopped = false;
  private current: Op | undefined;
  /** Last value this client read per key, for plausible CAS expectations. */
  private readonly seen = new Map<string, string>();
  readonly stats: ClientStats = { invoked: 0, ok: 0, unknown: 0, failed: 0, retries: 0 };
  /** Acknowledged writes: op id → input. */
  readonly ackedWrites = new Map<number, KvInput>();

  constructor(
    readonly id: number,
    private readonly cluster: Cluster,
    private readonly recorder: HistoryRecorder,
    private readonly tuning: ClientTuning,
  ) {}

  get idle(): boolean {
    return this.current === undefined;
  }

  start(): void {
    this.scheduleNext();
  }

  /** No new operations; the one in flight finishes or times out. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs one given operation (the final reads); `done` is told the output, or undefined on failure. */
  runOnce(input: KvInput, mode: Mode, done: (output: string | boolean | undefined) => void): void {
    this.begin(input, mode, done);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const t = this.tuning;
    const think = t.minThink + this.cluster.rng.intn(t.maxThink - t.minThink + 1);
    this.cluster.sched.after(
      think,
      () => `client ${this.id} next op`,
      () => {
        if (this.stopped) return;
        const { input, mode } = this.chooseOp();
        this.begin(input, mode, () => this.scheduleNext());
      },
    );
  }

  private chooseOp(): { input: KvInput; mode: Mode } {
    const rng = this.cluster.rng;
    const t = this.tuning;
    const key = rng.pick(t.keys);
    if (rng.chance(t.readRate)) {
      return { input: { kind: 'get', key }, mode: rng.chance(t.readIndexRate) ? 'read-index' : 'propose' };
    }
    // Values are unique per client and op so that the checker (and the acked-write check) can tell them apart.
    const value = `[${this.id}.${this.stats.invoked}]`;
    if (rng.chance(t.casRate)) {
      return { input: { kind: 'cas', key, expected: this.seen.get(key) ?? '', value }, mode: 'propose' };
    }
    return { input: { kind: rng.chance(0.5) ? 'append' : 'put', key, value }, mode: 'propose' };
  }

  private begin(input: KvInput, mode: Mode, after: (output: string | boolean | undefined) => void): void {
    const sched = this.cluster.sched;
    const opId = this.recorder.invoke(this.id, input, sched.now);
    this.stats.invoked++;
    const op: Op = { opId, input, mode, attempt: 0, done: false };
    this.current = op;
    this.onDone = after;
    sched.after(
      this.tuning.opTimeout,
      () => `client ${this.id} op#${opId} deadline`,
      () => {
        if (op.done) return;
        // A node that does not answer may be a deposed or cut-off leader: try elsewhere next time.
        this.leaderHint = undefined;
        this.complete(op, undefined, 'timeout');
      },
    );
    this.attempt(op);
  }

  private onDone: (output: string | boolean | undefined) => void = () => {};

  private attempt(op: Op): void {
    if (op.done) return;
    op.attempt++;
    const attempt = op.attempt;
    const rng = this.cluster.rng;
    const ids = this.cluster.liveIds();
    if (ids.length === 0) {
      // Every member was removed: nothing to talk to (the run will fail its convergence check).
      this.cluster.sched.after(
        50,
        () => `client ${this.id} op#${op.opId} retry`,
        () => this.attempt(op),
      );
      return;
    }
    // ReadIndex reads go to any member half the time: followers forward them to the leader.
    const anyMember = op.mode === 'read-index' && rng.chance(0.5);
    const target =
      !anyMember && this.leaderHint !== undefined && ids.includes(this.leaderHint)
        ? this.leaderHint
        : rng.pick(ids);
    const reply = (r: ClientReply): void => {
      // The reply crosses the network back to the client.
      if (rng.chance(this.tuning.replyLossRate)) return;
      this.cluster.sched.after(
        this.rpcDelay(),
        () => `client ${this.id} op#${op.opId} reply ${r.kind}`,
        () => {
          if (op.done || op.attempt !== attempt) return;
          this.onReply(op, target, r);
        },
      );
    };
    this.cluster.sched.after(
      this.rpcDelay(),
      () => `client ${this.id} op#${op.opId} -> ${target}`,
      () => {
        if (op.done) return;
        const node = this.cluster.node(target);
        if (node === undefined || !node.isUp) {
          // Connection refused: known at once, and nothing was proposed.
          reply({ kind: 'not-leader', leader: '' });
          return;
        }
        if (op.mode === 'read-index')
          node.readIndex(op.input.key, `c${this.id}.${op.opId}.${attempt}`, reply);
        else node.propose({ opId: op.opId, clientId: this.id, input: op.input }, reply);
      },
    );
  }

  private onReply(op: Op, target: NodeId, r: ClientReply): void {
    switch (r.kind) {
      case 'ok':
        if (op.mode === 'propose') this.leaderHint = target;
        this.complete(op, r.output, 'ok');
        return;
      case 'lost':
        this.complete(op, undefined, 'lost');
        return;
      case 'not-leader':
      case 'dropped': {
        this.stats.retries++;
        const hinted = r.kind === 'not-leader' && r.leader !== '';
        this.leaderHint = hinted ? r.leader : undefined;
        const backoff = hinted ? 1 : 10 + this.cluster.rng.intn(40);
        this.cluster.sched.after(
          backoff,
          () => `client ${this.id} op#${op.opId} retry`,
          () => this.attempt(op),
        );
        return;
      }
    }
  }

  private complete(op: Op, output: string | boolean | undefined, how: 'ok' | 'timeout' | 'lost'): void {
    op.done = true;
    this.current = undefined;
    const now = this.cluster.sched.now;
    const isRead = op.input.kind === 'get';
    if (how === 'ok') {
      this.stats.ok++;
      this.recorder.ok(op.opId, output, now);
      if (isRead && typeof output === 'string') this.seen.set(op.input.key, output);
      if (!isRead) this.ackedWrites.set(op.opId, op.input);
      this.cluster.trace?.(`client ${this.id}: op#${op.opId} ok ${JSON.stringify(output ?? null)}`);
    } else if (isRead) {
      // A read that never returned changed nothing: leave it out of the history.
      this.stats.failed++;
      this.recorder.fail(op.opId);
    } else {
      // A write that timed out, or whose slot another entry took, may or may not have applied.
      this.stats.unknown++;
      this.recorder.unknown(op.opId);
    }
    const done = this.onDone;
    done(how === 'ok' ? output : undefined);
  }

  private rpcDelay(): number {
    const t = this.tuning;
    return t.minRpcDelay + this.cluster.rng.intn(t.maxRpcDelay - t.minRpcDelay + 1);
  }
}
