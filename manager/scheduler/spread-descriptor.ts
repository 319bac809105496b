// Placement preference `spread=node.labels.KEY`: parsing, and the value a node has for it (the
// branch it falls in within the decision tree).
import { PlacementPreferenceError } from './errors.ts';
import type { NodeInfo } from './node-info.ts';

export interface SpreadDescriptor {
  readonly text: string;
  readonly source: 'node.labels' | 'engine.labels';
  readonly key: string;
}

/** Branch key for nodes lacking the label: one more group, never equal to a real value. */
export const MISSING_LABEL = '\u0000missing';

export function parseSpreadDescriptor(text: string, index = 0): SpreadDescriptor {
  const lower = text.toLowerCase();
  for (const source of ['node.labels', 'engine.labels'] as const) {
    if (lower.startsWith(`${source}.`)) {
      const key = text.slice(source.length + 1);
      if (key === '') throw new PlacementPreferenceError(text, index, 'missing label key');
      return { text, source, key };
    }
  }
  throw new PlacementPreferenceError(text, index, 'expected node.labels.KEY or engine.labels.KEY');
}

export function spreadValue(node: NodeInfo, d: SpreadDescriptor): string {
  const v = d.source === 'node.labels' ? node.labels[d.key] : node.engineLabels[d.key];
  return v ?? MISSING_LABEL;
}
