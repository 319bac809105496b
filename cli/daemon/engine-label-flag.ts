// `covey daemon --label KEY=VALUE` (repeatable): labels collected as commander parses them. They are
// engine labels, as dockerd's --label: constraints see them as `engine.labels.KEY`, while
// `node.labels.KEY` stays the operator's (`covey node update --label-add`).
import { parseLabels } from '../commands/service-flags.ts';

export function collectEngineLabel(
  value: string,
  previous: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...previous, ...parseLabels('--label', [value]) };
}
