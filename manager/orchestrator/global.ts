import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type OrchestratorAction, setDesiredState } from './action.ts';
import { ServiceModeError, ServiceSpecMissingError } from './errors.ts';
import {
  CONSTRAINT_NOT_SATISFIED,
  type ConstraintMatcher,
  nodeLoss,
  nodeLossReason,
  takesNewTasks,
} from './node-eligibility.ts';
import type { ReconcileInput } from './reconcile-input.ts';
import { reconcileSlot } from './slot-reconcile.ts';
import { isWanted } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';

export interface GlobalReconcileInput extends ReconcileInput {
  readonly matchesConstraints: ConstraintMatcher;
  /** Nodes whose task a rolling update is replacing: their extra and held tasks are the updater's. */
  readonly nodesUnderUpdate?: ReadonlySet<string>;
}

export function reconcileGlobal(input: GlobalReconcileInput): OrchestratorAction[] {
  const { service } = input;
  const spec = service.spec;
  if (spec === null) throw new ServiceSpecMissingError(service.id, 'spec');
  if (spec.mode !== 'global') throw new ServiceModeError(service.id, 'global', 'replicated');
  const constraints = spec.task?.placement?.constraints ?? [];

  const byNode = new Map<string, Task__Output[]>();
  for (const t of input.tasks) {
    if (t.serviceId !== service.id || t.nodeId === '') continue;
    const list = byNode.get(t.nodeId);
    if (list === undefined) byNode.set(t.nodeId, [t]);
    else list.push(t);
  }
  const nodeIds = [...new Set([...input.nodes.keys(), ...byNode.keys()])].sort();

  const actions: OrchestratorAction[] = [];
  for (const nodeId of nodeIds) {
    const tasks = byNode.get(nodeId) ?? [];
    const node = input.nodes.get(nodeId);
    if (node === undefined) {
      for (const t of tasks.filter(isWanted).sort(compareByAge)) {
        actions.push(setDesiredState(t, TaskState.TASK_STATE_REMOVE, nodeLossReason('removed')));
      }
      continue;
    }
    const matches = constraints.length === 0 || input.matchesConstraints(node, constraints);
    const loss = nodeLoss(node);
    const leaveReason =
      loss !== undefined ? nodeLossReason(loss) : matches ? undefined : CONSTRAINT_NOT_SATISFIED;
    actions.push(
      ...reconcileSlot({
        service,
        tasks,
        slot: 0,
        nodeId,
        now: input.now,
        newId: input.newId,
        supervisor: input.supervisor,
        mustLeave: () => leaveReason,
        mayCreate: leaveReason === undefined && takesNewTasks(node),
        underUpdate: input.nodesUnderUpdate?.has(nodeId) ?? false,
      }),
    );
  }
  return actions;
}
