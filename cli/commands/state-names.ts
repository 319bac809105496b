// Enum values as Docker prints them ("Running", "Ready", "Drain", "Leader").
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { Reachability } from '../../proto/gen/covey/v1/Reachability.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

function capitalised<E extends Record<string, number>>(values: E, prefix: string): Map<number, string> {
  return new Map(
    Object.entries(values).map(([k, v]) => {
      const word = k.slice(prefix.length).toLowerCase();
      return [v, word.charAt(0).toUpperCase() + word.slice(1)];
    }),
  );
}

const TASK = capitalised(TaskState, 'TASK_STATE_');
const NODE = capitalised(NodeState, 'NODE_STATE_');
const AVAILABILITY = capitalised(NodeAvailability, 'NODE_AVAILABILITY_');

export function taskStateName(state: number): string {
  return TASK.get(state) ?? `State(${state})`;
}
export function nodeStateName(state: number): string {
  return NODE.get(state) ?? `State(${state})`;
}
export function availabilityName(a: number): string {
  return AVAILABILITY.get(a) ?? `Availability(${a})`;
}

/** Docker's MANAGER STATUS column: Leader, Reachable, Unreachable, or empty for a worker. */
export function managerStatusName(node: Node__Output): string {
  const m = node.managerStatus;
  if (!m) return '';
  if (m.leader) return 'Leader';
  if (m.reachability === Reachability.REACHABILITY_REACHABLE) return 'Reachable';
  if (m.reachability === Reachability.REACHABILITY_UNREACHABLE) return 'Unreachable';
  return 'Unknown';
}
