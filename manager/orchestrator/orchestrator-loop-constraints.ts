// The constraint matcher the leader's orchestrators use: the scheduler's parser and matching rules,
// with parsed constraint lists and per-node facts cached (nodes are frozen store objects, replaced
// on change, so caching by object identity is exact).
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { type Constraint, matchesConstraint, parseConstraints } from '../scheduler/constraint.ts';
import { ConstraintSyntaxError } from '../scheduler/errors.ts';
import { NodeInfo } from '../scheduler/node-info.ts';
import type { ConstraintMatcher } from './node-eligibility.ts';

/** Distinct constraint lists kept parsed; beyond it the cache starts over (specs rarely vary). */
const PARSED_CACHE_LIMIT = 1_000;

/**
 * `onInvalid` hears of each constraint list that does not parse (the control API refuses them, so
 * one can only come from an older or buggy writer). Such a list is ignored, as SwarmKit's
 * orchestrators do: stopping running tasks over an unreadable constraint would be worse.
 */
export function nodeConstraintMatcher(onInvalid?: (err: ConstraintSyntaxError) => void): ConstraintMatcher {
  const parsed = new Map<string, readonly Constraint[] | null>();
  const infos = new WeakMap<Node__Output, NodeInfo>();
  return (node, constraints) => {
    if (constraints.length === 0) return true;
    const key = constraints.join('\n');
    let list = parsed.get(key);
    if (list === undefined) {
      try {
        list = parseConstraints(constraints);
      } catch (err) {
        if (!(err instanceof ConstraintSyntaxError)) throw err;
        onInvalid?.(err);
        list = null;
      }
      if (parsed.size >= PARSED_CACHE_LIMIT) parsed.clear();
      parsed.set(key, list);
    }
    if (list === null) return true;
    let info = infos.get(node);
    if (info === undefined) {
      info = new NodeInfo(node);
      infos.set(node, info);
    }
    const facts = info;
    return list.every((c) => matchesConstraint(facts, c));
  };
}
