// One entry point for the leader's orchestration loop: reconciles a service with the orchestrator
// of its mode. The restart supervisor records the restarts it decides, so the caller must apply
// (or drop along with the supervisor) the returned actions before reconciling the service again.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { OrchestratorAction } from './action.ts';
import { reconcileGlobal } from './global.ts';
import type { TaskIdGenerator } from './new-task.ts';
import type { ConstraintMatcher } from './node-eligibility.ts';
import { reconcileReplicated } from './replicated.ts';
import type { RestartSupervisor } from './restart-supervisor.ts';

export interface ServiceReconcileInput {
  readonly service: Service__Output;
  readonly tasks: readonly Task__Output[];
  readonly nodes: ReadonlyMap<string, Node__Output>;
  readonly now: number;
  readonly newId: TaskIdGenerator;
  readonly supervisor: RestartSupervisor;
  readonly matchesConstraints: ConstraintMatcher;
  readonly slotsUnderUpdate?: ReadonlySet<number>;
  readonly nodesUnderUpdate?: ReadonlySet<string>;
}

export function reconcileService(input: ServiceReconcileInput): OrchestratorAction[] {
  if (input.service.spec?.mode === 'global') {
    const { slotsUnderUpdate: _slots, ...global } = input;
    return reconcileGlobal(global);
  }
  const { matchesConstraints: _matcher, nodesUnderUpdate: _nodes, ...replicated } = input;
  return reconcileReplicated(replicated);
}
