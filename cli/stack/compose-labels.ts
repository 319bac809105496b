// Compose's two ways of writing labels (and other string maps): a mapping `key: value`, or a list
// of `key=value` entries (read by the CLI's own --label parser).
import { FlagValueError } from '../commands/flag-value-error.ts';
import { parseLabels } from '../commands/service-flags.ts';
import type { ComposeNode } from './compose-node.ts';

export function composeLabels(node: ComposeNode): Record<string, string> {
  if (node.isNull()) return {};
  if (node.isMap()) {
    const labels: Record<string, string> = {};
    for (const { key, value } of node.entries()) labels[key] = value.isNull() ? '' : value.text();
    return labels;
  }
  const labels: Record<string, string> = {};
  for (const item of node.items()) {
    const entry = item.string();
    try {
      Object.assign(labels, parseLabels(item.path, [entry]));
    } catch (err) {
      if (err instanceof FlagValueError)
        item.fail(`invalid label ${JSON.stringify(entry)}: expected key=value`);
      throw err;
    }
  }
  return labels;
}
