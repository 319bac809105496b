// Small objects and batch builders for the store tests. Batches go through encodeBatch/decodeBatch,
// the same path a Raft entry takes.
import { decodeBatch, encodeBatch } from '../../../manager/store/store-codec.ts';
import type { Node } from '../../../proto/gen/covey/v1/Node.ts';
import type { NodeAvailability__Output } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { NodeRole__Output } from '../../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Service } from '../../../proto/gen/covey/v1/Service.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { StoreBatch__Output } from '../../../proto/gen/covey/v1/StoreBatch.ts';
import type { Task } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';

export const AT = { seconds: 1_700_000_000, nanos: 1 };

export function batch(actions: readonly StoreAction[], at = AT, requestId = 'req'): StoreBatch__Output {
  const decoded = decodeBatch(encodeBatch(actions, at, requestId));
  if (decoded instanceof Error) throw decoded;
  return decoded;
}

export function service(id: string, name: string, labels: Record<string, string> = {}): Service {
  return { id, spec: { annotations: { name, labels }, replicated: { replicas: 1 } } };
}

export function task(
  id: string,
  serviceId: string,
  slot: number,
  nodeId = '',
  desiredState: TaskState__Output = TaskState.TASK_STATE_RUNNING,
): Task {
  return { id, serviceId, slot, nodeId, desiredState };
}

export function node(
  id: string,
  role: NodeRole__Output = 0,
  availability: NodeAvailability__Output = 0,
  state: NodeState__Output = 0,
): Node {
  return { id, role, spec: { availability }, status: { state } };
}
