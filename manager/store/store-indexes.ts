// Which secondary indexes each kind keeps, and the keys an object files under in each. A query
// (store-query.ts) names indexes by these keys.
import type { StoreObjects } from './store-kind.ts';

type KeysOf<T> = (obj: T) => readonly string[];

/** Key of a label query: `key` alone matches any value, `key=value` that value (split at the first `=`). */
export function labelQueryKey(query: string): string {
  const eq = query.indexOf('=');
  return eq < 0 ? `${query}\u0000` : `${query.slice(0, eq)}\u0000=${query.slice(eq + 1)}`;
}

function labelKeys(labels: Record<string, string> | undefined): string[] {
  const keys: string[] = [];
  if (labels === undefined) return keys;
  for (const [k, v] of Object.entries(labels)) keys.push(`${k}\u0000`, `${k}\u0000=${v}`);
  return keys;
}

/** Service names are unique regardless of case, as in SwarmKit ("Web" and "web" conflict). */
export function serviceNameKey(name: string): string {
  return name.toLowerCase();
}

export function serviceSlotKey(serviceId: string, slot: number): string {
  return `${serviceId}\u0000${slot}`;
}

export const INDEXES = {
  cluster: {},
  node: {
    role: (n) => [String(n.role)],
    availability: (n) => [String(n.spec?.availability ?? 0)],
    state: (n) => [String(n.status?.state ?? 0)],
  },
  service: {
    name: (s) => {
      const name = serviceNameKey(s.spec?.annotations?.name ?? '');
      return name === '' ? [] : [name];
    },
    label: (s) => labelKeys(s.spec?.annotations?.labels),
  },
  task: {
    serviceId: (t) => [t.serviceId],
    nodeId: (t) => [t.nodeId],
    desiredState: (t) => [String(t.desiredState)],
    serviceSlot: (t) => [serviceSlotKey(t.serviceId, t.slot)],
  },
} as const satisfies { [K in keyof StoreObjects]: Record<string, KeysOf<StoreObjects[K]>> };

export type IndexName<K extends keyof StoreObjects> = keyof (typeof INDEXES)[K] & string;
