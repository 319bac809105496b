// Sequential specification of the simulation's key-value store, one key at a time (the checker partitions
// by key): the state is the key's value, '' when absent, and an operation is legal from a state or not.
import type { Operation } from './history.ts';

/**
 * The key's value, or null for "some value an unseen write produced" (see unseenWrites): no recorded read
 * or cas expectation can equal such a value, so all of them behave alike and one state stands for them all.
 */
export type KvValue = string | null;

export const KV_INITIAL_VALUE: KvValue = '';

/**
 * The key's value after `op` runs on `value`, or undefined when `op`'s recorded output cannot come from
 * `value`. An op without output (unknown outcome) constrains nothing but still acts on the value; `unseen`
 * marks an op of unseenWrites, whose written value is abstracted to null.
 */
export function kvStep(value: KvValue, op: Operation, unseen = false): KvValue | undefined {
  const { input, output } = op;
  switch (input.kind) {
    case 'get':
      return output === undefined || output === value ? value : undefined;
    case 'put':
      return unseen ? null : input.value;
    case 'append':
      return unseen || value === null ? null : value + input.value;
    case 'cas': {
      const swaps = value === input.expected;
      if (output !== undefined && output !== swaps) return undefined;
      if (!swaps) return value;
      return unseen ? null : input.value;
    }
  }
}

/**
 * Ids of the unknown-outcome writes whose effect no recorded read or cas expectation can contain: every
 * value that follows from a put or a swap starts with its value until the next reset, and every value that
 * follows from an append contains it. What such a write leaves behind can only ever make a cas fail, which
 * is why the checker may treat all those values as one.
 */
export function unseenWrites(ops: readonly Operation[]): Set<number> {
  const seen: string[] = [];
  for (const op of ops) {
    if (typeof op.output === 'string') seen.push(op.output);
    if (op.input.kind === 'cas') seen.push(op.input.expected);
  }
  const unseen = new Set<number>();
  for (const op of ops) {
    const { input } = op;
    if (op.ret !== Number.POSITIVE_INFINITY || input.kind === 'get') continue;
    const contains =
      input.kind === 'append'
        ? (s: string) => s.includes(input.value)
        : (s: string) => s.startsWith(input.value);
    if (!seen.some(contains)) unseen.add(op.id);
  }
  return unseen;
}
