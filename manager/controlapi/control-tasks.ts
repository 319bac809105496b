// GetTask and ListTasks: reads of the store's tasks (written by the orchestrators, scheduler and
// agents; the control API never writes a task).
import type { GetTaskRequest__Output } from '../../proto/gen/covey/v1/GetTaskRequest.ts';
import type { GetTaskResponse } from '../../proto/gen/covey/v1/GetTaskResponse.ts';
import type { ListTasksRequest__Output } from '../../proto/gen/covey/v1/ListTasksRequest.ts';
import type { ListTasksResponse } from '../../proto/gen/covey/v1/ListTasksResponse.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { NotFoundError } from '../store/errors.ts';
import type { ControlContext } from './control-context.ts';
import { checkTaskFilters, sortedUnion, taskMatcher } from './control-filters.ts';
import { takePage } from './control-paging.ts';
import { requireField } from './control-request-fields.ts';

export function getTask(ctx: ControlContext, req: GetTaskRequest__Output): GetTaskResponse {
  const id = requireField('taskId', req.taskId);
  const task = ctx.store.get('task', id);
  if (task === undefined) throw new NotFoundError('task', id);
  return { task };
}

/** Candidates from the most selective indexed filter (services, then nodes, then states). */
function candidates(ctx: ControlContext, req: ListTasksRequest__Output): readonly Task__Output[] {
  const f = req.filters;
  const find = ctx.store.find.bind(ctx.store);
  if (f === null) return find('task');
  if (f.serviceIds.length > 0)
    return sortedUnion(f.serviceIds.map((serviceId) => find('task', { serviceId })));
  if (f.nodeIds.length > 0) return sortedUnion(f.nodeIds.map((nodeId) => find('task', { nodeId })));
  if (f.idPrefixes.length > 0) return sortedUnion(f.idPrefixes.map((idPrefix) => find('task', { idPrefix })));
  if (f.desiredStates.length > 0) {
    return sortedUnion(f.desiredStates.map((desiredState) => find('task', { desiredState })));
  }
  return find('task');
}

export function listTasks(ctx: ControlContext, req: ListTasksRequest__Output): ListTasksResponse {
  checkTaskFilters(req.filters);
  const page = takePage(candidates(ctx, req), taskMatcher(req.filters), req);
  return { tasks: page.items, nextPageToken: page.nextPageToken };
}
