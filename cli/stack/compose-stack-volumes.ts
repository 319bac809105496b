// The top-level `volumes:` of a compose file: the named volumes services may mount. As Docker
// does, a volume `data` of stack `web` is the engine volume `web_data`, unless it is `external`
// (used as named) or given a `name:`; its labels carry the stack namespace.
import { supportedEntries } from './compose-keys.ts';
import { composeLabels } from './compose-labels.ts';
import type { ComposeNode } from './compose-node.ts';
import { withStackLabels } from './stack-labels.ts';

export interface StackVolume {
  /** The engine volume name. */
  readonly source: string;
  readonly external: boolean;
  /** Labels for a volume covey creates (none for an external one). */
  readonly labels: Readonly<Record<string, string>>;
}

/** By the name services use in their volumes: entries. */
export type StackVolumes = ReadonlyMap<string, StackVolume>;

export function composeStackVolumes(node: ComposeNode | undefined, stack: string): StackVolumes {
  const volumes = new Map<string, StackVolume>();
  if (!node || node.isNull()) return volumes;
  for (const { key, value } of node.entries()) {
    if (value.isNull()) {
      volumes.set(key, { source: `${stack}_${key}`, external: false, labels: withStackLabels(stack, {}) });
      continue;
    }
    const fields = new Map(
      supportedEntries(value, ['name', 'external', 'labels'], {
        driver: 'covey volumes use the engine default driver',
        driver_opts: 'covey volumes use the engine default driver',
      }).map((e) => [e.key, e.value]),
    );
    const name = fields.get('name')?.string();
    const externalNode = fields.get('external');
    // `external: {name: x}` is the older spelling of `external: true` with `name: x`.
    const external = externalNode === undefined ? false : externalNode.isMap() ? true : externalNode.bool();
    const externalName = externalNode?.isMap() ? externalNode.get('name')?.string() : undefined;
    const labelsNode = fields.get('labels');
    volumes.set(
      key,
      external
        ? { source: externalName ?? name ?? key, external, labels: {} }
        : {
            source: name ?? `${stack}_${key}`,
            external,
            labels: withStackLabels(stack, labelsNode ? composeLabels(labelsNode) : {}),
          },
    );
  }
  return volumes;
}
