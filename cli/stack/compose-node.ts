// A value of a compose file with where it came from (dotted key path and line), read as the types
// compose expects: every mistake becomes a ComposeFileError naming the file, line and key. Aliases
// and `<<` merge keys are resolved here; strings are interpolated as they are read.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { ComposeFileError } from './compose-errors.ts';
import { type Environment, InterpolationError, interpolate } from './compose-interpolation.ts';
import type { ComposeWarning } from './compose-warnings.ts';

export interface ComposeSource {
  /** The file as the user named it, for messages. */
  readonly file: string;
  /** Its directory: relative paths (bind sources, env_file) are resolved against it. */
  readonly dir: string;
  readonly env: Environment;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly warnings: ComposeWarning[];
}

export interface ComposeEntry {
  readonly key: string;
  readonly value: ComposeNode;
}

type ScalarValue = string | number | boolean | null;

/** Deeper alias chains than this are refused (a chain that loops, or a file built to explode). */
const MAX_ALIAS_HOPS = 32;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export class ComposeNode {
  private constructor(
    readonly source: ComposeSource,
    private readonly node: Node | null,
    /** Dotted key path, `services.web.ports[0]`; '' for the document itself. */
    readonly path: string,
    /** 1-based line of the key (of the item, in a list). */
    readonly line: number,
  ) {}

  static root(source: ComposeSource): ComposeNode {
    const contents = source.doc.contents;
    const line = contents?.range ? source.lineCounter.linePos(contents.range[0]).line : 0;
    return new ComposeNode(source, resolveAliases(source, contents ?? null, '', line), '', line);
  }

  fail(reason: string, options?: ErrorOptions): never {
    throw new ComposeFileError(this.source.file, this.line, this.path, reason, options);
  }

  /** Once per place and message, however often the value is read. */
  warn(message: string, key = this.path): void {
    const w = { file: this.source.file, line: this.line, key, message };
    if (!this.source.warnings.some((x) => x.line === w.line && x.key === w.key && x.message === w.message))
      this.source.warnings.push(w);
  }

  isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null);
  }
  isMap(): boolean {
    return isMap(this.node);
  }
  isSeq(): boolean {
    return isSeq(this.node);
  }
  isScalar(): boolean {
    return isScalar(this.node);
  }

  /** The pairs of a mapping, `<<: *anchor` merges applied (the mapping's own keys win). */
  entries(): ComposeEntry[] {
    return this.collectEntries(0);
  }

  private collectEntries(depth: number): ComposeEntry[] {
    const node = this.node;
    if (!isMap(node)) this.fail('must be a mapping of keys to values');
    const own = new Map<string, ComposeNode>();
    const merged = new Map<string, ComposeNode>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyLine = this.lineOf(keyNode);
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        for (const from of this.mergeSources(pair.value as Node | null, keyLine)) {
          if (depth >= MAX_ALIAS_HOPS) from.fail('merges nest too deeply');
          // Earlier merge sources win over later ones (YAML merge key rules).
          for (const e of from.collectEntries(depth + 1)) if (!merged.has(e.key)) merged.set(e.key, e.value);
        }
        continue;
      }
      const keyValue: unknown = isScalar(keyNode) ? keyNode.value : null;
      if (keyValue === null || typeof keyValue === 'object')
        return new ComposeNode(this.source, keyNode, this.path, keyLine).fail('keys must be strings');
      const key = String(keyValue);
      const path = this.path === '' ? key : `${this.path}.${key}`;
      const value = resolveAliases(this.source, (pair.value as Node | null) ?? null, path, keyLine);
      own.set(key, new ComposeNode(this.source, value, path, keyLine));
    }
    const out: ComposeEntry[] = [];
    for (const [key, value] of merged)
      if (!own.has(key)) out.push({ key, value: value.moved(this.path, key) });
    for (const [key, value] of own) out.push({ key, value });
    return out;
  }

  /** A merged-in value keeps its own line but takes its place in this mapping's key path. */
  private moved(parentPath: string, key: string): ComposeNode {
    return new ComposeNode(
      this.source,
      this.node,
      parentPath === '' ? key : `${parentPath}.${key}`,
      this.line,
    );
  }

  private mergeSources(value: Node | null, line: number): ComposeNode[] {
    const at = new ComposeNode(
      this.source,
      resolveAliases(this.source, value, this.path, line),
      this.path,
      line,
    );
    if (at.isMap()) return [at];
    if (at.isSeq()) {
      const sources = at.items();
      for (const s of sources) if (!s.isMap()) s.fail('a << merge takes mappings (or a list of them)');
      return sources;
    }
    return at.fail('a << merge takes mappings (or a list of them)');
  }

  get(key: string): ComposeNode | undefined {
    return this.entries().find((e) => e.key === key)?.value;
  }

  items(): ComposeNode[] {
    const node = this.node;
    if (!isSeq(node)) this.fail('must be a list');
    return node.items.map((item, i) => {
      const line = this.lineOf(item as Node | null);
      const path = `${this.path}[${i}]`;
      return new ComposeNode(
        this.source,
        resolveAliases(this.source, item as Node | null, path, line),
        path,
        line,
      );
    });
  }

  /** A string (numbers are taken as written: `user: 1000`). */
  string(): string {
    const { value } = this.scalar('must be a string');
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return this.fail('must be a string');
  }

  /** Any scalar as text, booleans included (environment and label values). */
  text(): string {
    const { value } = this.scalar('must be a string, number or boolean');
    if (value === null) return this.fail('must be a string, number or boolean');
    return String(value);
  }

  /** A list of strings; a single string is a list of one when `single` allows it. */
  strings(single = false): string[] {
    if (single && this.isScalar() && !this.isNull()) return [this.string()];
    return this.items().map((item) => item.string());
  }

  /** An integer from min to max; a string only when it came from interpolation (`${REPLICAS}`). */
  int(min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const expected =
      max !== Number.MAX_SAFE_INTEGER
        ? `must be an integer from ${min} to ${max}`
        : min === 0
          ? 'must be a non-negative integer'
          : `must be an integer of at least ${min}`;
    const { value, interpolated } = this.scalar(expected);
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && interpolated && INTEGER.test(value.trim())
          ? Number(value)
          : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) return this.fail(expected);
    return n;
  }

  /** A number; compose writes some (cpus) as strings, so numeric strings count. */
  number(): number {
    const { value } = this.scalar('must be a number');
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && NUMBER.test(value.trim())
          ? Number(value)
          : Number.NaN;
    if (!Number.isFinite(n)) return this.fail('must be a number');
    return n;
  }

  bool(): boolean {
    const { value, interpolated } = this.scalar('must be true or false');
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && interpolated && ['true', 'false'].includes(value.trim().toLowerCase()))
      return value.trim().toLowerCase() === 'true';
    return this.fail('must be true or false');
  }

  private scalar(expected: string): { value: ScalarValue; interpolated: boolean } {
    const node = this.node;
    if (node === null) return { value: null, interpolated: false };
    if (!isScalar(node)) return this.fail(expected);
    const raw = node.value;
    if (typeof raw === 'string') {
      try {
        const { text, unset } = interpolate(raw, this.source.env);
        for (const name of unset) this.warn(`variable ${name} is not set: it reads as an empty string`);
        return { value: text, interpolated: raw.includes('$') };
      } catch (err) {
        if (err instanceof InterpolationError) return this.fail(err.reason, { cause: err });
        throw err;
      }
    }
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean')
      return { value: raw, interpolated: false };
    return { value: String(raw), interpolated: false };
  }

  private lineOf(node: Node | null): number {
    return node?.range ? this.source.lineCounter.linePos(node.range[0]).line : this.line;
  }
}

/** The node an alias (or a chain of them) stands for. */
function resolveAliases(source: ComposeSource, node: Node | null, path: string, line: number): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current); hops++) {
    const target = hops < MAX_ALIAS_HOPS ? current.resolve(source.doc) : undefined;
    if (target === undefined)
      throw new ComposeFileError(
        source.file,
        line,
        path,
        `alias *${current.source} does not resolve to an anchor`,
      );
    current = target;
  }
  return current;
}
