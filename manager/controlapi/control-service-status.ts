// ListServiceStatuses: desired and running task counts per service for `service ls`, computed from
// the store without sending every task. A global service's desired count is the nodes its
// orchestrator would run it on: ready, active, and matching its placement constraints.
import type { ListServiceStatusesRequest__Output } from '../../proto/gen/covey/v1/ListServiceStatusesRequest.ts';
import type { ListServiceStatusesResponse } from '../../proto/gen/covey/v1/ListServiceStatusesResponse.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { ServiceReplicaStatus } from '../../proto/gen/covey/v1/ServiceReplicaStatus.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { takesNewTasks } from '../orchestrator/node-eligibility.ts';
import { desiredReplicas } from '../orchestrator/replicated.ts';
import { matchesConstraint, parseConstraints } from '../scheduler/constraint.ts';
import { NodeInfo } from '../scheduler/node-info.ts';
import type { ControlContext } from './control-context.ts';
import { checkFilterSizes } from './control-filters.ts';

export const MAX_STATUS_SERVICE_IDS = 1000;

function eligibleNodeCount(service: Service__Output, nodes: readonly NodeInfo[]): number {
  const texts = service.spec?.task?.placement?.constraints ?? [];
  if (texts.length === 0) return nodes.length;
  let constraints: ReturnType<typeof parseConstraints>;
  try {
    constraints = parseConstraints(texts);
  } catch {
    // Validation refuses such a spec; one stored by an older version places nowhere.
    return 0;
  }
  return nodes.filter((n) => constraints.every((c) => matchesConstraint(n, c))).length;
}

function runningTasks(ctx: ControlContext, serviceId: string): number {
  let running = 0;
  for (const t of ctx.store.find('task', { serviceId, desiredState: TaskState.TASK_STATE_RUNNING })) {
    if (t.status?.state === TaskState.TASK_STATE_RUNNING) running++;
  }
  return running;
}

export function listServiceStatuses(
  ctx: ControlContext,
  req: ListServiceStatusesRequest__Output,
): ListServiceStatusesResponse {
  checkFilterSizes([['serviceIds', req.serviceIds, MAX_STATUS_SERVICE_IDS]]);
  let nodes: NodeInfo[] | undefined;
  const statuses: ServiceReplicaStatus[] = [];
  const seen = new Set<string>();
  for (const id of req.serviceIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const service = ctx.store.get('service', id);
    if (service === undefined) continue;
    let desired: number;
    if (service.spec?.mode === 'global') {
      nodes ??= ctx.store
        .find('node')
        .filter((n: Node__Output) => takesNewTasks(n))
        .map((n) => new NodeInfo(n));
      desired = eligibleNodeCount(service, nodes);
    } else {
      desired = service.spec === null ? 0 : desiredReplicas(service);
    }
    statuses.push({ serviceId: id, desiredTasks: desired, runningTasks: runningTasks(ctx, id) });
  }
  return { statuses };
}
