// Placement constraints (`node.labels.zone==east`): parsing with errors that name the bad
// constraint, and matching against a NodeInfo. Exported for the control API's spec validation.
import { ConstraintSyntaxError } from './errors.ts';
import type { NodeInfo } from './node-info.ts';

export type ConstraintAttribute =
  | { readonly kind: 'node.id' }
  | { readonly kind: 'node.hostname' }
  | { readonly kind: 'node.role' }
  | { readonly kind: 'node.platform.os' }
  | { readonly kind: 'node.platform.arch' }
  | { readonly kind: 'node.labels'; readonly key: string }
  | { readonly kind: 'engine.labels'; readonly key: string };

export interface Constraint {
  /** The constraint as written, for reasons shown to operators. */
  readonly text: string;
  readonly attribute: ConstraintAttribute;
  readonly operator: '==' | '!=';
  readonly value: string;
}

// SwarmKit's character sets: keys are dotted identifiers, values allow the usual punctuation.
const KEY_RE = /^[a-z_][a-z0-9\-_.]*$/i;
const LABEL_KEY_RE = /^[a-z0-9_][a-z0-9\-_./]*$/i;
const VALUE_RE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/@=,]+$/i;

const FIXED: Readonly<Record<string, ConstraintAttribute>> = {
  'node.id': { kind: 'node.id' },
  'node.hostname': { kind: 'node.hostname' },
  'node.role': { kind: 'node.role' },
  'node.platform.os': { kind: 'node.platform.os' },
  'node.platform.arch': { kind: 'node.platform.arch' },
};

const ATTRIBUTES_HELP =
  'node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.KEY or engine.labels.KEY';

/** Parses one constraint; `index` only labels the error. */
export function parseConstraint(text: string, index = 0): Constraint {
  const fail = (reason: string): never => {
    throw new ConstraintSyntaxError(text, index, reason);
  };
  const eq = text.indexOf('==');
  const ne = text.indexOf('!=');
  let at: number;
  let operator: '==' | '!=';
  if (eq >= 0 && (ne < 0 || eq < ne)) {
    at = eq;
    operator = '==';
  } else if (ne >= 0) {
    at = ne;
    operator = '!=';
  } else {
    return fail("missing operator ('==' or '!=')");
  }
  const rawKey = text.slice(0, at).trim();
  const value = text.slice(at + 2).trim();
  if (rawKey === '') fail('missing attribute before the operator');
  if (value === '') fail('missing value after the operator');
  if (value.startsWith('=') || value.includes('==') || value.includes('!=')) fail('more than one operator');
  if (!VALUE_RE.test(value)) fail(`invalid characters in value ${JSON.stringify(value)}`);
  const lower = rawKey.toLowerCase();
  const fixed = FIXED[lower];
  let attribute: ConstraintAttribute;
  if (fixed !== undefined) {
    attribute = fixed;
  } else if (lower.startsWith('node.labels.') || lower.startsWith('engine.labels.')) {
    const engine = lower.startsWith('engine.');
    const key = rawKey.slice(engine ? 'engine.labels.'.length : 'node.labels.'.length);
    if (key === '') fail('missing label key');
    if (!LABEL_KEY_RE.test(key)) fail(`invalid label key ${JSON.stringify(key)}`);
    attribute = engine ? { kind: 'engine.labels', key } : { kind: 'node.labels', key };
  } else if (!KEY_RE.test(rawKey)) {
    return fail(`invalid attribute ${JSON.stringify(rawKey)}`);
  } else {
    return fail(`unknown attribute ${JSON.stringify(rawKey)} (expected ${ATTRIBUTES_HELP})`);
  }
  if (attribute.kind === 'node.role' && !/^(manager|worker)$/i.test(value)) {
    fail(`node.role must be manager or worker, not ${JSON.stringify(value)}`);
  }
  return { text: text.trim(), attribute, operator, value };
}

/** Parses a spec's constraint list; the first bad one throws ConstraintSyntaxError. */
export function parseConstraints(texts: readonly string[]): Constraint[] {
  return texts.map((t, i) => parseConstraint(t, i));
}

function attributeValue(node: NodeInfo, a: ConstraintAttribute): string | undefined {
  switch (a.kind) {
    case 'node.id':
      return node.id;
    case 'node.hostname':
      return node.hostname;
    case 'node.role':
      return node.role;
    case 'node.platform.os':
      return node.os;
    case 'node.platform.arch':
      return node.arch;
    case 'node.labels':
      return node.labels[a.key];
    case 'engine.labels':
      return node.engineLabels[a.key];
  }
}

/**
 * Hostname, role and platform compare case-insensitively (NodeInfo keeps them lower-cased), IDs
 * and labels exactly. A missing label satisfies `!=` and fails `==`, as in Swarm.
 */
export function matchesConstraint(node: NodeInfo, c: Constraint): boolean {
  const actual = attributeValue(node, c.attribute);
  const k = c.attribute.kind;
  const caseless =
    k === 'node.hostname' || k === 'node.role' || k === 'node.platform.os' || k === 'node.platform.arch';
  const equal = actual !== undefined && (caseless ? actual === c.value.toLowerCase() : actual === c.value);
  return c.operator === '==' ? equal : !equal;
}
