// Services and nodes named as Docker lets you: by name (hostname for nodes), full ID, or a unique
// ID prefix. An exact name or ID wins over prefixes.
import type { ControlClient } from '../control-client.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import { listAllNodes, listAllServices } from './list-all.ts';
import { AmbiguousReferenceError, ObjectNotFoundError } from './reference-errors.ts';

export async function resolveService(client: ControlClient, ref: string): Promise<Service__Output> {
  const byName = await listAllServices(client, { names: [ref] });
  const named = byName.find((s) => s.spec?.annotations?.name === ref);
  if (named) return named;
  const byPrefix = await listAllServices(client, { idPrefixes: [ref] });
  return pick(
    'service',
    ref,
    byPrefix,
    (s) => s.id,
    (s) => s.spec?.annotations?.name ?? '',
  );
}

export async function resolveNode(client: ControlClient, ref: string): Promise<Node__Output> {
  const byName = await listAllNodes(client, { names: [ref] });
  const exact = byName.filter((n) => n.description?.hostname === ref || n.spec?.annotations?.name === ref);
  if (exact.length === 1 && exact[0]) return exact[0];
  const byPrefix = await listAllNodes(client, { idPrefixes: [ref] });
  return pick(
    'node',
    ref,
    byPrefix,
    (n) => n.id,
    (n) => n.description?.hostname ?? '',
  );
}

function pick<T>(
  kind: 'service' | 'node',
  ref: string,
  candidates: readonly T[],
  id: (t: T) => string,
  name: (t: T) => string,
): T {
  const exact = candidates.find((c) => id(c) === ref);
  if (exact) return exact;
  const [only, ...rest] = candidates;
  if (!only) throw new ObjectNotFoundError(kind, ref);
  if (rest.length > 0)
    throw new AmbiguousReferenceError(
      kind,
      ref,
      candidates.map((c) => `${id(c).slice(0, 12)} (${name(c)})`),
    );
  return only;
}
