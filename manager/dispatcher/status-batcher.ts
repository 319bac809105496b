// Collects agents' status reports between store writes and keeps, per task, the one that applying
// them all in order would leave, so a flush costs one store batch with one action per task.
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { TaskStatusUpdate__Output } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import { isTerminalState } from './status-update.ts';

export interface PendingStatusUpdate {
  readonly nodeId: string;
  readonly taskId: string;
  readonly status: TaskStatus__Output;
}

export class StatusBatcher {
  // Keyed by node and task: a report from a node that does not hold the task must not overwrite
  // the real node's report before validation refuses it.
  private pending = new Map<string, PendingStatusUpdate>();
  /** Updates received since the last drain, before coalescing. */
  received = 0;

  get size(): number {
    return this.pending.size;
  }

  add(nodeId: string, updates: Iterable<TaskStatusUpdate__Output>): void {
    for (const update of updates) {
      if (update.status === null) continue;
      this.received++;
      const key = `${nodeId}\u0000${update.taskId}`;
      const held = this.pending.get(key);
      if (
        held !== undefined &&
        (isTerminalState(held.status.state) || update.status.state < held.status.state)
      ) {
        continue;
      }
      this.pending.set(key, { nodeId, taskId: update.taskId, status: update.status });
    }
  }

  /** Everything held, in first-arrival order per task, and an empty batcher. */
  drain(): PendingStatusUpdate[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    this.received = 0;
    return out;
  }
}
