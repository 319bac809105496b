// `deploy.update_config` and `deploy.rollback_config` as covey's UpdateConfig. As in Docker, an
// update_config that leaves out parallelism means 1 (covey's proto reads an absent scalar as 0,
// all at once, once the message is present).
import type { UpdateConfig } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { supportedEntries } from './compose-keys.ts';
import type { ComposeNode } from './compose-node.ts';
import { composeDuration } from './compose-units.ts';

const KEYS = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
const ORDERS: Readonly<Record<string, UpdateOrder>> = {
  'stop-first': UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  'start-first': UpdateOrder.UPDATE_ORDER_START_FIRST,
};
const ACTIONS: Readonly<Record<string, UpdateFailureAction>> = {
  pause: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
  continue: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE,
  rollback: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
};

export function composeUpdateConfig(node: ComposeNode, rollback: boolean): UpdateConfig {
  const fields = new Map(supportedEntries(node, KEYS).map((e) => [e.key, e.value]));
  const delay = fields.get('delay');
  const monitor = fields.get('monitor');
  const ratio = fields.get('max_failure_ratio')?.number();
  if (ratio !== undefined && !(ratio >= 0 && ratio <= 1))
    fields.get('max_failure_ratio')?.fail('must be a number from 0 to 1');
  const actions = rollback ? ['pause', 'continue'] : Object.keys(ACTIONS);
  return {
    parallelism: fields.get('parallelism')?.int() ?? 1,
    ...(delay ? { delay: composeDuration(delay) } : {}),
    failureAction:
      oneOf(fields.get('failure_action'), ACTIONS, actions) ??
      UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    ...(monitor ? { monitor: composeDuration(monitor) } : {}),
    maxFailureRatio: ratio ?? 0,
    order: oneOf(fields.get('order'), ORDERS, Object.keys(ORDERS)) ?? UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  };
}

function oneOf<T>(
  node: ComposeNode | undefined,
  values: Readonly<Record<string, T>>,
  allowed: readonly string[],
): T | undefined {
  if (!node) return undefined;
  const text = node.string();
  const value = values[text];
  if (value === undefined || !allowed.includes(text))
    return node.fail(`${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);
  return value;
}
