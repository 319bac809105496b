// The List* filters of control.proto: an item matches when every non-empty filter matches, and within
// one filter any entry matches. Also the bounds the proto puts on filter sizes, checked before any work.
import type { NodeFilters__Output } from '../../proto/gen/covey/v1/NodeFilters.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { ServiceFilters__Output } from '../../proto/gen/covey/v1/ServiceFilters.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { TaskFilters__Output } from '../../proto/gen/covey/v1/TaskFilters.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { SpecProblems } from './validation-error.ts';

/** Entries per list filter (names, ids, prefixes, states, roles). */
export const MAX_FILTER_ENTRIES = 100;
/** Entries of a labels filter. */
export const MAX_LABEL_FILTERS = 32;

type Sized = readonly unknown[] | Readonly<Record<string, string>>;

/** Throws SpecValidationErrors naming every filter over its bound (`filters.names: at most 100 ...`). */
export function checkFilterSizes(
  entries: ReadonlyArray<readonly [field: string, value: Sized, max: number]>,
): void {
  const p = new SpecProblems();
  for (const [field, value, max] of entries) {
    const n = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (n > max) p.add(field, `at most ${max} entries, got ${n}`);
  }
  p.throwIfAny();
}

/** Every filter entry must hold; an empty value only asks for the key (Docker's `label=KEY`). */
export function labelsMatch(
  labels: Readonly<Record<string, string>> | undefined,
  filter: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(filter)) {
    const actual = labels?.[key];
    if (actual === undefined || (value !== '' && actual !== value)) return false;
  }
  return true;
}

function anyPrefix(id: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => id.startsWith(p));
}

/** Lower-cased set, or undefined when the filter is empty (matches everything). */
function caseless(names: readonly string[]): ReadonlySet<string> | undefined {
  return names.length === 0 ? undefined : new Set(names.map((n) => n.toLowerCase()));
}

function setOf<T>(values: readonly T[]): ReadonlySet<T> | undefined {
  return values.length === 0 ? undefined : new Set(values);
}

export function checkServiceFilters(f: ServiceFilters__Output | null): void {
  if (f === null) return;
  checkFilterSizes([
    ['filters.names', f.names, MAX_FILTER_ENTRIES],
    ['filters.idPrefixes', f.idPrefixes, MAX_FILTER_ENTRIES],
    ['filters.labels', f.labels, MAX_LABEL_FILTERS],
  ]);
}

/** Names compare without case, as service names are unique without case. */
export function serviceMatcher(f: ServiceFilters__Output | null): (s: Service__Output) => boolean {
  if (f === null) return () => true;
  const names = caseless(f.names);
  return (s) =>
    anyPrefix(s.id, f.idPrefixes) &&
    (names === undefined || names.has((s.spec?.annotations?.name ?? '').toLowerCase())) &&
    labelsMatch(s.spec?.annotations?.labels, f.labels);
}

export function checkTaskFilters(f: TaskFilters__Output | null): void {
  if (f === null) return;
  checkFilterSizes([
    ['filters.serviceIds', f.serviceIds, MAX_FILTER_ENTRIES],
    ['filters.nodeIds', f.nodeIds, MAX_FILTER_ENTRIES],
    ['filters.desiredStates', f.desiredStates, MAX_FILTER_ENTRIES],
    ['filters.idPrefixes', f.idPrefixes, MAX_FILTER_ENTRIES],
  ]);
}

export function taskMatcher(f: TaskFilters__Output | null): (t: Task__Output) => boolean {
  if (f === null) return () => true;
  const services = setOf(f.serviceIds);
  const nodes = setOf(f.nodeIds);
  const states = setOf(f.desiredStates);
  return (t) =>
    anyPrefix(t.id, f.idPrefixes) &&
    (services === undefined || services.has(t.serviceId)) &&
    (nodes === undefined || nodes.has(t.nodeId)) &&
    (states === undefined || states.has(t.desiredState));
}

export function checkNodeFilters(f: NodeFilters__Output | null): void {
  if (f === null) return;
  checkFilterSizes([
    ['filters.idPrefixes', f.idPrefixes, MAX_FILTER_ENTRIES],
    ['filters.names', f.names, MAX_FILTER_ENTRIES],
    ['filters.roles', f.roles, MAX_FILTER_ENTRIES],
    ['filters.labels', f.labels, MAX_LABEL_FILTERS],
  ]);
}

function nodeNameMatches(n: Node__Output, names: ReadonlySet<string>): boolean {
  const hostname = n.description?.hostname ?? '';
  const name = n.spec?.annotations?.name ?? '';
  return (
    (hostname !== '' && names.has(hostname.toLowerCase())) || (name !== '' && names.has(name.toLowerCase()))
  );
}

/** Names match the hostname or the spec name, without case (host names have none). */
export function nodeMatcher(f: NodeFilters__Output | null): (n: Node__Output) => boolean {
  if (f === null) return () => true;
  const names = caseless(f.names);
  const roles = setOf(f.roles);
  return (n) =>
    anyPrefix(n.id, f.idPrefixes) &&
    (names === undefined || nodeNameMatches(n, names)) &&
    (roles === undefined || roles.has(n.role)) &&
    labelsMatch(n.spec?.annotations?.labels, f.labels);
}

/** The union of id-sorted lists, sorted by id without duplicates (candidates from several index lookups). */
export function sortedUnion<T extends { readonly id: string }>(lists: readonly (readonly T[])[]): T[] {
  if (lists.length === 1) return [...lists[0]!];
  const byId = new Map<string, T>();
  for (const list of lists) for (const item of list) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
