// End-of-run checks, once the healed cluster has converged: replicas agree, agree with a replay of the
// committed log, every acknowledged write is in it, and the client history is linearizable.
import type { CommittedCommand } from './cluster.ts';
import type { KvInput, KvOutput, Operation } from './history.ts';
import { KvStateMachine } from './kv-state-machine.ts';
import { checkLinearizable, type LinearizabilityResult } from './linearizability.ts';
import { PropertyViolation } from './sim-errors.ts';

/** What the final checks need to know about a member. */
export interface ReplicaView {
  readonly id: string;
  readonly appliedIndex: number;
  stateDigest(): string;
}

export interface FinalInputs {
  /** The client command committed at each index (Cluster.committed). */
  readonly committed: readonly (CommittedCommand | undefined)[];
  /** Converged members (all applied up to the same index). */
  readonly members: readonly ReplicaView[];
  readonly finalReads: ReadonlyMap<string, string>;
  readonly ackedWrites: ReadonlyMap<number, KvInput>;
  readonly history: readonly Operation[];
  readonly linearizabilityTimeoutMs: number;
  /** Settle unknown outcomes from the committed log (see resolveUnknown). */
  readonly resolveUnknown: boolean;
}

/**
 * Ops whose client never learned the outcome are settled from the converged committed log: absent →
 * it never took effect (nothing can commit it any more), so it is dropped; present → it is pinned to
 * the point where it became visible: when its entry was first applied anywhere, ordered among entries
 * applied at the same moment by log index. No client can observe a write before that point (every
 * read is served from applied state), and a read that misses it can always be placed before it, so a
 * correct run stays linearizable; meanwhile the search no longer tries every order of a batch of
 * unknown writes that a returning leader committed together, and a read that saw a write the log
 * does not hold can no longer be explained by it.
 */
export function resolveUnknown(
  history: readonly Operation[],
  outputs: ReadonlyMap<number, { index: number; time: number; output: KvOutput | undefined }>,
): Operation[] {
  const out: Operation[] = [];
  for (const op of history) {
    if (op.ret !== Number.POSITIVE_INFINITY) {
      out.push(op);
      continue;
    }
    const applied = outputs.get(op.id);
    if (applied === undefined) continue;
    // Sub-unit offsets keep log order within one instant without passing the next integer time.
    const at = Math.max(op.call, applied.time + applied.index * 1e-7);
    const pinned = { ...op, call: at, ret: at };
    out.push(applied.output === undefined ? pinned : { ...pinned, output: applied.output });
  }
  return out;
}

export function checkFinalState(inp: FinalInputs): LinearizabilityResult {
  const [first, ...rest] = inp.members;
  if (first === undefined) throw new PropertyViolation('no-progress', 'no member left to check');
  const applied = first.appliedIndex;
  const digest = first.stateDigest();
  for (const m of rest) {
    if (m.appliedIndex !== applied || m.stateDigest() !== digest) {
      throw new PropertyViolation(
        'replica-divergence',
        `${first.id} (applied ${applied}) holds ${digest} but ${m.id} (applied ${m.appliedIndex}) holds ${m.stateDigest()}`,
      );
    }
  }

  const replay = new KvStateMachine();
  /** Op id → its index in the committed log. */
  const inLog = new Map<number, number>();
  /** Per key, the last index that replaced the value wholesale (put, or a cas that swapped). */
  const lastOverwrite = new Map<string, number>();
  const outputs = new Map<number, { index: number; time: number; output: KvOutput | undefined }>();
  for (let i = 1; i <= applied; i++) {
    const c = inp.committed[i];
    if (c === undefined) continue;
    const cmd = c.cmd;
    const out = replay.apply(cmd.input);
    inLog.set(cmd.opId, i);
    outputs.set(cmd.opId, { index: i, time: c.time, output: out });
    if (cmd.input.kind === 'put' || (cmd.input.kind === 'cas' && out === true))
      lastOverwrite.set(cmd.input.key, i);
  }
  const replayed = new TextDecoder().decode(replay.encode());
  if (replayed !== digest) {
    throw new PropertyViolation(
      'replica-divergence',
      `replaying the committed log up to ${applied} gives ${replayed} but the replicas hold ${digest}`,
    );
  }

  for (const [opId, input] of inp.ackedWrites) {
    const at = inLog.get(opId);
    if (at === undefined) {
      throw new PropertyViolation(
        'acked-write-lost',
        `op#${opId} ${JSON.stringify(input)} was acknowledged but is not in the committed log`,
      );
    }
    // An append must still show in the final value unless a later put or cas replaced the whole value.
    if (input.kind === 'append' && at > (lastOverwrite.get(input.key) ?? 0)) {
      const v = inp.finalReads.get(input.key);
      if (v !== undefined && !v.includes(input.value)) {
        throw new PropertyViolation(
          'acked-write-lost',
          `acknowledged append op#${opId} of ${input.value} is missing from the final ${input.key}=${v}`,
        );
      }
    }
  }
  for (const [key, v] of inp.finalReads) {
    if (replay.get(key) !== v) {
      throw new PropertyViolation(
        'replica-divergence',
        `final read of ${key} gave ${v}, the committed log says ${replay.get(key)}`,
      );
    }
  }

  // What a client was told must be what the committed log produced at that op's slot.
  for (const op of inp.history) {
    const logged = outputs.get(op.id);
    if (op.ret === Number.POSITIVE_INFINITY || logged === undefined) continue;
    if (op.output !== logged.output) {
      throw new PropertyViolation(
        'replica-divergence',
        `client ${op.clientId} was told ${JSON.stringify(op.output ?? null)} for op#${op.id} ${JSON.stringify(op.input)}, the committed log gives ${JSON.stringify(logged.output ?? null)}`,
      );
    }
  }

  const history = inp.resolveUnknown ? resolveUnknown(inp.history, outputs) : inp.history;
  const lin = checkLinearizable(history, { timeoutMs: inp.linearizabilityTimeoutMs });
  if (lin.ok === false) {
    const ops = lin.ops
      .slice(-12)
      .map(
        (o) =>
          `    #${o.id} c${o.clientId} ${JSON.stringify(o.input)} [${o.call}, ${o.ret}] -> ${JSON.stringify(o.output ?? null)}`,
      )
      .join('\n');
    throw new PropertyViolation(
      'linearizability',
      `key ${lin.key}: ${lin.reason}; blocked op #${lin.blocked.id}\n  last ops of the key:\n${ops}`,
    );
  }
  return lin;
}
