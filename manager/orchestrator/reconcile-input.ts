// What every orchestrator's reconcile pass reads: one service, its tasks, the cluster's nodes, the
// time, and the means to name and supervise new tasks.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { TaskIdGenerator } from './new-task.ts';
import type { RestartSupervisor } from './restart-supervisor.ts';

export interface ReconcileInput {
  readonly service: Service__Output;
  /** The service's tasks (others are ignored), ended ones included. */
  readonly tasks: readonly Task__Output[];
  /** Every node of the cluster. */
  readonly nodes: ReadonlyMap<string, Node__Output>;
  /** Epoch ms, from the caller's clock. */
  readonly now: number;
  readonly newId: TaskIdGenerator;
  /** Records the restarts it decides: apply the returned actions before reconciling again. */
  readonly supervisor: RestartSupervisor;
}
