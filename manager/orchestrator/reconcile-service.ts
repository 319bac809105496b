import type { OrchestratorAction } from './action.ts';
import { type GlobalReconcileInput, reconcileGlobal } from './global.ts';
import { type ReplicatedReconcileInput, reconcileReplicated } from './replicated.ts';

export type ServiceReconcileInput = GlobalReconcileInput & ReplicatedReconcileInput;

export function reconcileService(input: ServiceReconcileInput): OrchestratorAction[] {
  if (input.service.spec?.mode === 'global') {
    const { slotsUnderUpdate: _slots, ...global } = input;
    return reconcileGlobal(global);
  }
  const { matchesConstraints: _matcher, nodesUnderUpdate: _nodes, ...replicated } = input;
  return reconcileReplicated(replicated);
}
