// Linearizability checker for the simulation's KV history: Wing & Gong's search with Lowe's memoization, as
// Porcupine runs it, applied to each key alone (linearizability is compositional, and every op names one key).
import { SeededRandom } from '../../raft/random.ts';
import { type Operation, validateHistory } from './history.ts';
import { KV_INITIAL_VALUE, type KvValue, kvStep, unseenWrites } from './kv-model.ts';

export interface CheckOptions {
  /** Cap on the memoized search states of any one key; past it that key's verdict is 'unknown'. */
  readonly maxStates?: number;
  /** Wall-clock budget for the whole check in milliseconds; past it the verdict is 'unknown'. */
  readonly timeoutMs?: number;
}

export interface CheckStats {
  readonly keys: number;
  readonly ops: number;
  /** Memoized search states over all keys, including the runs that shrink a failure. */
  readonly states: number;
}

export interface LinearizableResult {
  readonly ok: true;
  readonly stats: CheckStats;
}

export interface NotLinearizableResult {
  readonly ok: false;
  readonly key: string;
  readonly reason: string;
  /**
   * The key's ops invoked up to the earliest time at which the anomaly is certain, sorted by call time.
   * They are not linearizable on their own.
   */
  readonly ops: readonly Operation[];
  /** The op the search could not fit anywhere before its return, in the deepest partial linearization. */
  readonly blocked: Operation;
  readonly stats: CheckStats;
}

export interface UnknownResult {
  readonly ok: 'unknown';
  /** The first key whose search ran out of budget. */
  readonly key: string;
  readonly reason: string;
  readonly stats: CheckStats;
}

export type LinearizabilityResult = LinearizableResult | NotLinearizableResult | UnknownResult;

interface Budget {
  readonly maxStates: number;
  readonly deadline: number;
}

type SearchOutcome =
  | { readonly kind: 'ok'; readonly states: number }
  | { readonly kind: 'fail'; readonly blocked: Operation; readonly states: number }
  | { readonly kind: 'unknown'; readonly reason: string; readonly states: number };

/** Checks a whole history; throws HistoryError when it is malformed. */
export function checkLinearizable(
  history: readonly Operation[],
  opts: CheckOptions = {},
): LinearizabilityResult {
  validateHistory(history);
  const budget: Budget = {
    maxStates: opts.maxStates ?? Number.POSITIVE_INFINITY,
    deadline: performance.now() + (opts.timeoutMs ?? Number.POSITIVE_INFINITY),
  };
  const byKey = new Map<string, Operation[]>();
  for (const op of history) {
    const ops = byKey.get(op.input.key);
    if (ops === undefined) byKey.set(op.input.key, [op]);
    else ops.push(op);
  }
  let states = 0;
  const stats = (): CheckStats => ({ keys: byKey.size, ops: history.length, states });
  let undecided: { key: string; reason: string } | undefined;
  for (const key of [...byKey.keys()].sort()) {
    const ops = byKey.get(key) ?? [];
    const outcome = search(ops, budget);
    states += outcome.states;
    if (outcome.kind === 'unknown') {
      undecided ??= { key, reason: outcome.reason };
    } else if (outcome.kind === 'fail') {
      const shrunk = shrinkFailure(ops, outcome.blocked, budget);
      states += shrunk.states;
      return { ok: false, key, reason: failureReason(key, shrunk), ...shrunk, stats: stats() };
    }
  }
  if (undecided !== undefined) return { ok: 'unknown', ...undecided, stats: stats() };
  return { ok: true, stats: stats() };
}

/** A human-readable account of a failure: the reason, then the failing ops in call order. */
export function describeFailure(failure: NotLinearizableResult): string {
  const rows = failure.ops.map((op) => [
    `#${op.id}`,
    `c${op.clientId}`,
    String(op.call),
    op.ret === Number.POSITIVE_INFINITY ? '∞' : String(op.ret),
    formatInput(op),
    formatOutput(op),
    op.id === failure.blocked.id ? '<- cannot be placed' : '',
  ]);
  const header = ['op', 'client', 'call', 'ret', 'input', 'output', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [
    `not linearizable on key ${JSON.stringify(failure.key)}: ${failure.reason}`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

function formatInput(op: Operation): string {
  const { input } = op;
  switch (input.kind) {
    case 'get':
      return 'get';
    case 'put':
    case 'append':
      return `${input.kind} ${JSON.stringify(input.value)}`;
    case 'cas':
      return `cas ${JSON.stringify(input.expected)} -> ${JSON.stringify(input.value)}`;
  }
}

function formatOutput(op: Operation): string {
  if (op.ret === Number.POSITIVE_INFINITY) return '(unknown)';
  if (op.output === undefined) return 'ok';
  return typeof op.output === 'string' ? JSON.stringify(op.output) : String(op.output);
}

function failureReason(key: string, failure: { ops: readonly Operation[]; blocked: Operation }): string {
  const b = failure.blocked;
  const last = Math.max(...failure.ops.map((op) => op.call));
  return (
    `the ${failure.ops.length} ops on key ${JSON.stringify(key)} invoked up to t=${last} have no ` +
    `linearization; every order tried gets stuck on #${b.id} (client ${b.clientId}, ${formatInput(b)} -> ` +
    `${formatOutput(b)}, [${b.call}, ${b.ret}]), which must take effect before it returns`
  );
}

/**
 * Cuts a failing key history down to the shortest failing prefix. The history truncated at T keeps the ops
 * invoked by T and turns those still running at T into unknown-outcome ops. Any linearization of the full
 * history yields one of every truncation, so failing is monotone in T and a binary search over return times
 * finds the earliest T at which the anomaly is certain. The ops invoked by T, with their real outputs, still
 * fail (they only add constraints to the truncation), so those are what is reported.
 */
function shrinkFailure(
  ops: readonly Operation[],
  blocked: Operation,
  budget: Budget,
): { ops: Operation[]; blocked: Operation; states: number } {
  const rets = [...new Set(ops.map((op) => op.ret).filter(Number.isFinite))].sort((a, b) => a - b);
  let best = { cutoff: Number.POSITIVE_INFINITY, blocked };
  let states = 0;
  let lo = 0;
  let hi = rets.length - 1;
  while (lo < hi && performance.now() < budget.deadline) {
    const mid = (lo + hi) >>> 1;
    const cutoff = rets[mid] ?? Number.POSITIVE_INFINITY;
    const truncated = ops
      .filter((op) => op.call <= cutoff)
      .map((op): Operation => (op.ret <= cutoff ? op : withUnknownOutcome(op)));
    const outcome = search(truncated, budget);
    states += outcome.states;
    if (outcome.kind === 'fail') {
      best = { cutoff, blocked: outcome.blocked };
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const kept = ops
    .filter((op) => op.call <= best.cutoff)
    .sort((a, b) => a.call - b.call || a.ret - b.ret || a.id - b.id);
  return { ops: kept, blocked: ops.find((op) => op.id === best.blocked.id) ?? best.blocked, states };
}

function withUnknownOutcome(op: Operation): Operation {
  const { id, clientId, input, call } = op;
  return { id, clientId, input, call, ret: Number.POSITIVE_INFINITY };
}

const HEAD = 0;
const NIL = -1;

/**
 * Lowe's memo of visited configurations (linearized ops, state), widened to dominance: a configuration is
 * skipped when one with the same state, the same known ops and a subset of its unknown ops was visited,
 * because every continuation of the larger one is open to the smaller (an unknown op can stay unapplied and
 * never blocks). Without this, each unknown op still open doubles the states after every dead end.
 * Buckets are keyed by a hash of the known ops and the state only.
 */
class ConfigurationCache {
  size = 0;
  private readonly buckets = new Map<number, { bits: Uint32Array; state: number }[]>();

  constructor(private readonly knownMask: Uint32Array) {}

  /** Adds the configuration; false when it, or one that dominates it, was already there. */
  add(knownHash: number, bits: Uint32Array, state: number): boolean {
    const key = (knownHash ^ Math.imul(state + 1, 0x9e3779b1)) | 0;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    outer: for (const entry of bucket) {
      if (entry.state !== state) continue;
      for (let w = 0; w < bits.length; w++) {
        const had = entry.bits[w] ?? 0;
        const has = bits[w] ?? 0;
        if ((had & ~has) !== 0 || (has & ~had & (this.knownMask[w] ?? 0)) !== 0) continue outer;
      }
      return false;
    }
    bucket.push({ bits: bits.slice(), state });
    this.size++;
    return true;
  }
}

/**
 * Wing & Gong's depth-first search over one key's ops. The call and return events, sorted by time (calls
 * first on ties, so touching intervals count as concurrent), form a doubly linked list; linearizing an op
 * lifts its two events out, backtracking puts them back. An op may be linearized while its call comes before
 * the first remaining return. Known-outcome ops are tried before unknown ones: unknown ops mostly did not
 * apply, so this finds a linearization sooner without giving up completeness. Unknown ops never block: once
 * every known op is placed, the rest are taken to have never applied. Unseen unknown puts and appends (see
 * unseenWrites) all turn any value into the same abstract one and stay available forever, so they are
 * interchangeable and only the first one at hand is tried.
 */
function search(allOps: readonly Operation[], budget: Budget): SearchOutcome {
  // A get with unknown outcome neither constrains nor changes anything.
  const ops = allOps.filter((op) => op.ret !== Number.POSITIVE_INFINITY || op.input.kind !== 'get');
  const n = ops.length;
  const known = new Uint8Array(n);
  let knownLeft = 0;
  for (let i = 0; i < n; i++) {
    if (ops[i]?.ret !== Number.POSITIVE_INFINITY) {
      known[i] = 1;
      knownLeft++;
    }
  }
  if (knownLeft === 0) return { kind: 'ok', states: 0 };
  const unseenIds = unseenWrites(ops);
  const unseen = Uint8Array.from(ops, (op) => (unseenIds.has(op.id) ? 1 : 0));
  const blind = Uint8Array.from(ops, (op, i) => (unseen[i] === 1 && op.input.kind !== 'cas' ? 1 : 0));

  // Event e < n is the call of op e; event e >= n is the return of op e - n. Node k (1-based) is the k-th event.
  const time = (e: number): number => (e < n ? (ops[e]?.call ?? 0) : (ops[e - n]?.ret ?? 0));
  const events = Array.from({ length: 2 * n }, (_, e) => e).sort(
    (a, b) => time(a) - time(b) || Number(a >= n) - Number(b >= n) || a - b,
  );
  const size = 2 * n + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const nodeOp = new Int32Array(size);
  const isCall = new Uint8Array(size);
  const match = new Int32Array(size);
  const returnNode = new Int32Array(n);
  events.forEach((e, i) => {
    const node = i + 1;
    nodeOp[node] = e < n ? e : e - n;
    isCall[node] = e < n ? 1 : 0;
    if (e >= n) returnNode[e - n] = node;
  });
  for (let node = 0; node < size; node++) {
    prev[node] = node - 1;
    next[node] = node + 1 < size ? node + 1 : NIL;
    if (isCall[node] === 1) match[node] = returnNode[nodeOp[node] ?? 0] ?? 0;
  }
  const unlink = (node: number): void => {
    const p = prev[node] ?? HEAD;
    const q = next[node] ?? NIL;
    next[p] = q;
    if (q !== NIL) prev[q] = p;
  };
  const relink = (node: number): void => {
    const q = next[node] ?? NIL;
    next[prev[node] ?? HEAD] = node;
    if (q !== NIL) prev[q] = node;
  };

  const rng = new SeededRandom(0x11ea7);
  // Unknown ops stay out of the hash so that dominating configurations share a bucket.
  const zobrist = Int32Array.from({ length: n }, (_, i) => (known[i] === 1 ? rng.nextUint32() | 0 : 0));
  const knownMask = new Uint32Array((n + 31) >>> 5);
  for (let i = 0; i < n; i++)
    if (known[i] === 1) knownMask[i >>> 5] = (knownMask[i >>> 5] ?? 0) | (1 << (i & 31));
  const cache = new ConfigurationCache(knownMask);
  const stateIds = new Map<KvValue, number>();
  const bits = new Uint32Array((n + 31) >>> 5);
  let hash = 0;
  const stackNodes: number[] = [];
  const stackStates: KvValue[] = [];
  const stackBlindTried: boolean[] = [];
  let state = KV_INITIAL_VALUE;
  let entry = next[HEAD] ?? NIL;
  let tryingKnown = true;
  let blindTried = false;
  let deepest = -1;
  let blocked = 0;
  let steps = 0;

  while (knownLeft > 0) {
    if ((++steps & 1023) === 0 && performance.now() >= budget.deadline) {
      return { kind: 'unknown', reason: 'time budget exhausted', states: cache.size };
    }
    if (isCall[entry] === 1) {
      const i = nodeOp[entry] ?? 0;
      const op = ops[i];
      if (op !== undefined && (known[i] === 1) === tryingKnown && !(blindTried && blind[i] === 1)) {
        const after = kvStep(state, op, unseen[i] === 1);
        if (after !== undefined) {
          const word = i >>> 5;
          const bit = 1 << (i & 31);
          bits[word] = (bits[word] ?? 0) | bit;
          let id = stateIds.get(after);
          if (id === undefined) {
            id = stateIds.size;
            stateIds.set(after, id);
          }
          if (cache.add(hash ^ (zobrist[i] ?? 0), bits, id)) {
            if (cache.size > budget.maxStates) {
              return { kind: 'unknown', reason: `more than ${budget.maxStates} states`, states: cache.size };
            }
            stackNodes.push(entry);
            stackStates.push(state);
            stackBlindTried.push(blindTried || blind[i] === 1);
            state = after;
            hash ^= zobrist[i] ?? 0;
            unlink(entry);
            unlink(match[entry] ?? 0);
            knownLeft -= known[i] ?? 0;
            entry = next[HEAD] ?? NIL;
            tryingKnown = true;
            blindTried = false;
            continue;
          }
          bits[word] = (bits[word] ?? 0) & ~bit;
        }
        blindTried ||= blind[i] === 1;
      }
      entry = next[entry] ?? NIL;
    } else if (tryingKnown) {
      // Reached the first pending return: every known candidate is tried, now the unknown ones.
      tryingKnown = false;
      blindTried = false;
      entry = next[HEAD] ?? NIL;
    } else {
      if (stackNodes.length > deepest) {
        deepest = stackNodes.length;
        blocked = nodeOp[entry] ?? 0;
      }
      const top = stackNodes.pop();
      if (top === undefined) {
        const op = ops[blocked];
        if (op === undefined) throw new Error('linearizability search lost track of the blocked op');
        return { kind: 'fail', blocked: op, states: cache.size };
      }
      const i = nodeOp[top] ?? 0;
      const restored = stackStates.pop();
      state = restored === undefined ? KV_INITIAL_VALUE : restored;
      blindTried = stackBlindTried.pop() ?? false;
      bits[i >>> 5] = (bits[i >>> 5] ?? 0) & ~(1 << (i & 31));
      hash ^= zobrist[i] ?? 0;
      relink(match[top] ?? 0);
      relink(top);
      knownLeft += known[i] ?? 0;
      tryingKnown = known[i] === 1;
      entry = next[top] ?? NIL;
    }
  }
  return { kind: 'ok', states: cache.size };
}
