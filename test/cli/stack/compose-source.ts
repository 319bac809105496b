// Compose text for the stack tests: parsed as a document (or a whole stack) named compose.yml in
// /srv/app, with a given environment, and the ComposeFileError a broken one throws.
import { parseComposeDocument } from '../../../cli/stack/compose-document.ts';
import { ComposeFileError } from '../../../cli/stack/compose-errors.ts';
import type { Environment } from '../../../cli/stack/compose-interpolation.ts';
import type { ComposeNode } from '../../../cli/stack/compose-node.ts';
import { type ComposeStack, parseComposeStack } from '../../../cli/stack/compose-stack.ts';
import type { ComposeWarning } from '../../../cli/stack/compose-warnings.ts';

export const FILE = 'compose.yml';
export const DIR = '/srv/app';

export function composeRoot(
  text: string,
  env: Environment = {},
): { root: ComposeNode; warnings: ComposeWarning[] } {
  return parseComposeDocument({ text, file: FILE, dir: DIR, env });
}

/** The value of `key` in a one-key document (`ports: [...]` → the ports node). */
export function composeValue(text: string, key: string, env: Environment = {}): ComposeNode {
  const node = composeRoot(text, env).root.get(key);
  if (!node) throw new Error(`no ${key} in the test document`);
  return node;
}

export function composeStack(text: string, env: Environment = {}, dir = DIR): ComposeStack {
  return parseComposeStack({ text, file: FILE, dir, env }, 'demo');
}

/** The error `fn` throws, which must be a ComposeFileError. */
export function composeError(fn: () => unknown): ComposeFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ComposeFileError) return err;
    throw err;
  }
  throw new Error('expected a ComposeFileError, nothing was thrown');
}
