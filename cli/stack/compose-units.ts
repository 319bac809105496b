// Durations (`1m30s`), byte sizes (`512M`, `1gb`, or a number of bytes) and CPU amounts (`0.50`) as
// compose writes them, read through the CLI's own flag parsers so `service create` and stacks agree.
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';
import { parseNanoCpus } from '../commands/cpus-flag.ts';
import { parseDuration } from '../commands/duration-flag.ts';
import { FlagValueError } from '../commands/flag-value-error.ts';
import { parseMemoryBytes } from '../commands/memory-flag.ts';
import type { ComposeNode } from './compose-node.ts';

/** A flag parser's complaint, restated at the key it came from. */
function atKey<T>(node: ComposeNode, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof FlagValueError)
      return node.fail(`invalid value ${JSON.stringify(text)}: expected ${err.expected}`, { cause: err });
    throw err;
  }
}

/** Compose durations are strings with units; a bare 0 is zero. */
export function composeDuration(node: ComposeNode): Duration {
  const text = node.text();
  if (text.trim() === '0') return { seconds: 0, nanos: 0 };
  if (/^\d+(?:\.\d+)?$/.test(text.trim()))
    return node.fail(
      `invalid value ${JSON.stringify(text)}: expected a duration with a unit, like 10s or 1m30s`,
    );
  return atKey(node, text, (t) => parseDuration(t, node.path));
}

/** Bytes: an integer, or a string with a unit b, k, m, g (`512M`, `1gb`). */
export function composeBytes(node: ComposeNode): number {
  return composeSize(node, node.text());
}

/** A size written inside a larger value (`/run:size=64m`), reported at `node`. */
export function composeSize(node: ComposeNode, text: string): number {
  return atKey(node, text, (t) => parseMemoryBytes(t, node.path));
}

export function composeNanoCpus(node: ComposeNode): number {
  return atKey(node, node.text(), (t) => parseNanoCpus(t, node.path));
}
