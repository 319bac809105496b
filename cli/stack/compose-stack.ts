// A whole compose file read as a stack: its services as ServiceSpecs (sorted by name), the
// top-level volumes they mount, and the warnings to show. Top-level keys Swarm ignores warn.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ComposeDocumentSource, parseComposeDocument } from './compose-document.ts';
import { ComposeFileReadError } from './compose-errors.ts';
import type { Environment } from './compose-interpolation.ts';
import { supportedEntries } from './compose-keys.ts';
import { composeServiceSpec, type StackService } from './compose-service-spec.ts';
import { composeStackVolumes } from './compose-stack-volumes.ts';
import type { ComposeWarning } from './compose-warnings.ts';

export interface ComposeStack {
  readonly services: readonly StackService[];
  readonly warnings: readonly ComposeWarning[];
}

const IGNORED_TOP_LEVEL = {
  name: 'the stack name is the one given on the command line',
  networks: 'covey has no overlay networks; tasks use the engine default network',
  secrets: 'covey has no secrets yet',
  configs: 'covey has no configs yet',
  include: 'not supported by stacks; merge the files into one',
  models: 'not supported by stacks',
};

export function parseComposeStack(source: ComposeDocumentSource, stack: string): ComposeStack {
  const { root, warnings } = parseComposeDocument(source);
  const fields = new Map(
    supportedEntries(root, ['version', 'services', 'volumes'], IGNORED_TOP_LEVEL).map((e) => [
      e.key,
      e.value,
    ]),
  );
  const services = fields.get('services');
  if (!services) return root.fail('services: is missing: a stack needs at least one service');
  const entries = services.isNull() ? [] : services.entries();
  if (entries.length === 0) services.fail('a stack needs at least one service');
  const volumes = composeStackVolumes(fields.get('volumes'), stack);
  const specs = entries
    .map(({ key, value }) => composeServiceSpec(key, value, { stack, volumes }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { services: specs, warnings };
}

/** Reads `file` (`-`: standard input, relative paths then lead from the working directory). */
export function readComposeStack(file: string, stack: string, env: Environment): ComposeStack {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new ComposeFileReadError(file, reason, { cause: err });
  }
  return parseComposeStack(
    { text, file: file === '-' ? '<stdin>' : file, dir: file === '-' ? '.' : dirname(file), env },
    stack,
  );
}
