// The client history of the simulation's key-value workload: one [call, ret] interval per operation, as
// the linearizability checker consumes it, and the recorder that clients fill in while the simulation runs.

export type KvInput =
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'append'; readonly key: string; readonly value: string }
  | { readonly kind: 'cas'; readonly key: string; readonly expected: string; readonly value: string };

/** get → the value read ('' when absent); cas → whether it swapped. put and append have no output. */
export type KvOutput = string | boolean;

export interface Operation {
  /** Unique within a history; only used to name the operation in reports. */
  readonly id: number;
  readonly clientId: number;
  readonly input: KvInput;
  /** Logical time of the invocation. */
  readonly call: number;
  /** Logical time of the response, or Infinity when the outcome is unknown (it may or may not have applied). */
  readonly ret: number;
  /** Absent for put/append and for every operation whose outcome is unknown. */
  readonly output?: KvOutput;
}

/** A history (or one recorder call) that breaks the rules above; names the operation and what is wrong. */
export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(
    readonly opId: number,
    readonly reason: string,
  ) {
    super(`operation #${opId}: ${reason}`);
  }
}

function outputProblem(input: KvInput, output: KvOutput | undefined): string | undefined {
  switch (input.kind) {
    case 'get':
      return typeof output === 'string' ? undefined : `get must return a string, got ${String(output)}`;
    case 'cas':
      return typeof output === 'boolean' ? undefined : `cas must return a boolean, got ${String(output)}`;
    case 'put':
    case 'append':
      return output === undefined ? undefined : `${input.kind} has no output, got ${String(output)}`;
  }
}

/** Throws HistoryError on the first malformed operation or duplicate id. */
export function validateHistory(history: readonly Operation[]): void {
  const ids = new Set<number>();
  for (const op of history) {
    if (ids.has(op.id)) throw new HistoryError(op.id, 'duplicate operation id');
    ids.add(op.id);
    if (!Number.isFinite(op.call)) throw new HistoryError(op.id, `call time must be finite, got ${op.call}`);
    if (op.ret === Number.POSITIVE_INFINITY) {
      if (op.output !== undefined)
        throw new HistoryError(op.id, 'an operation with unknown outcome has no output');
      continue;
    }
    if (!(op.ret >= op.call))
      throw new HistoryError(op.id, `returns at ${op.ret}, before its call at ${op.call}`);
    const problem = outputProblem(op.input, op.output);
    if (problem !== undefined) throw new HistoryError(op.id, problem);
  }
}

interface PendingOperation {
  readonly clientId: number;
  readonly input: KvInput;
  readonly call: number;
}

/**
 * Collects a history while the simulation runs. Operations still pending when `history()` is called are
 * reported with an unknown outcome: the cluster may have applied them without answering yet.
 */
export class HistoryRecorder {
  private nextId = 0;
  private readonly pending = new Map<number, PendingOperation>();
  private readonly finished = new Map<number, Operation>();

  invoke(clientId: number, input: KvInput, time: number): number {
    if (!Number.isFinite(time)) throw new HistoryError(this.nextId, `call time must be finite, got ${time}`);
    const id = this.nextId++;
    this.pending.set(id, { clientId, input, call: time });
    return id;
  }

  /** The operation returned `output` (undefined for put/append) at `time`. */
  ok(opId: number, output: KvOutput | undefined, time: number): void {
    const op = this.pendingOp(opId);
    if (!(time >= op.call)) throw new HistoryError(opId, `returns at ${time}, before its call at ${op.call}`);
    const problem = outputProblem(op.input, output);
    if (problem !== undefined) throw new HistoryError(opId, problem);
    this.pending.delete(opId);
    const done: Operation =
      output === undefined ? { id: opId, ...op, ret: time } : { id: opId, ...op, ret: time, output };
    this.finished.set(opId, done);
  }

  /** The client gave up without knowing whether the operation applied. */
  unknown(opId: number): void {
    const op = this.pendingOp(opId);
    this.pending.delete(opId);
    this.finished.set(opId, { id: opId, ...op, ret: Number.POSITIVE_INFINITY });
  }

  /** The operation certainly did not apply (e.g. refused before proposal), so it is left out. */
  fail(opId: number): void {
    this.pendingOp(opId);
    this.pending.delete(opId);
  }

  /** Every recorded operation in invocation order; a snapshot, unaffected by later recording. */
  history(): Operation[] {
    const all: Operation[] = [...this.finished.values()];
    for (const [id, op] of this.pending) all.push({ id, ...op, ret: Number.POSITIVE_INFINITY });
    return all.sort((a, b) => a.id - b.id);
  }

  private pendingOp(opId: number): PendingOperation {
    const op = this.pending.get(opId);
    if (op !== undefined) return op;
    const why = opId >= 0 && opId < this.nextId ? 'already completed or failed' : 'never invoked';
    throw new HistoryError(opId, `cannot complete an operation that was ${why}`);
  }
}
