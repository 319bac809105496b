// A compose file's text parsed as YAML with line positions (the `yaml` package's parseDocument and
// LineCounter), so that every later mistake can name its line. Syntax errors stop here.
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ComposeFileError } from './compose-errors.ts';
import type { Environment } from './compose-interpolation.ts';
import { ComposeNode } from './compose-node.ts';
import type { ComposeWarning } from './compose-warnings.ts';

export interface ComposeDocumentSource {
  readonly text: string;
  /** As the user named it, for messages. */
  readonly file: string;
  /** Where relative paths in the file lead from. */
  readonly dir: string;
  readonly env: Environment;
}

export interface ComposeDocument {
  readonly root: ComposeNode;
  /** Filled while the document is read. */
  readonly warnings: ComposeWarning[];
}

export function parseComposeDocument(s: ComposeDocumentSource): ComposeDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(s.text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0].line ?? 0;
    // The message ends in a code frame; its first line says what is wrong.
    const what = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new ComposeFileError(s.file, line, keyAt(doc, error.pos[0]), `invalid YAML: ${what}`, {
      cause: error,
    });
  }
  const warnings: ComposeWarning[] = [];
  const root = ComposeNode.root({ file: s.file, dir: s.dir, env: s.env, doc, lineCounter, warnings });
  if (root.isNull())
    throw new ComposeFileError(s.file, 0, '', 'the file is empty: it needs a services: mapping');
  if (!root.isMap()) root.fail('the file must be a mapping with a services: key');
  return { root, warnings };
}

/** The dotted path of the innermost key whose value spans `offset` ('' when none does). */
function keyAt(doc: Document, offset: number): string {
  let path = '';
  let node = doc.contents as Node | null;
  for (;;) {
    let next: { key: string; node: Node | null } | undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const end = value?.range?.[1] ?? key?.range?.[1] ?? -1;
        if (!next && isScalar(key) && key.range && key.range[0] <= offset && offset <= end)
          next = { key: `${path === '' ? '' : `${path}.`}${String(key.value)}`, node: value };
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as Node | null)?.range;
        if (!next && range && range[0] <= offset && offset <= range[1])
          next = { key: `${path}[${i}]`, node: item as Node };
      });
    }
    if (!next) return path;
    path = next.key;
    node = next.node;
  }
}
