// What one node must run, as the dispatcher last told its agent: the first call yields the complete
// set, later store changes yield only the differences, chunked into protocol-sized messages.
//
// A task is part of a node's set when it is assigned there (node_id) and the scheduler has
// committed it (state ≥ ASSIGNED). Only what the agent acts on is compared — desired state and the
// spec version — so the agent's own status reports do not echo back as assignment updates.
// Secrets and configs will join the same set under their own key prefix.
import { AssignmentAction } from '../../proto/gen/covey/v1/AssignmentAction.ts';
import type { AssignmentChange__Output } from '../../proto/gen/covey/v1/AssignmentChange.ts';
import type { AssignmentsMessage__Output } from '../../proto/gen/covey/v1/AssignmentsMessage.ts';
import { AssignmentsType, type AssignmentsType__Output } from '../../proto/gen/covey/v1/AssignmentsType.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

/** dispatcher.proto: at most 1000 changes per message. */
export const MAX_ASSIGNMENT_CHANGES = 1000;

/** A store change that may touch a node's assignments. */
export type AssignmentEvent =
  | { readonly kind: 'task-upsert'; readonly task: Task__Output }
  | { readonly kind: 'task-delete'; readonly taskId: string };

export interface AssignmentSetOptions {
  /** Prefix of the results_in identifiers, unique per stream (e.g. the session ID). */
  readonly streamId: string;
  readonly maxChanges?: number;
}

/** Whether the task belongs on `nodeId`'s assignment list. */
export function isAssignedTo(task: Task__Output, nodeId: string): boolean {
  return (
    task.nodeId === nodeId &&
    (task.status?.state ?? TaskState.TASK_STATE_NEW) >= TaskState.TASK_STATE_ASSIGNED
  );
}

function fingerprint(task: Task__Output): string {
  return `${task.desiredState}:${task.specVersion}`;
}

export class AssignmentSet {
  /** task ID → fingerprint of the copy the agent holds. */
  private readonly sent = new Map<string, string>();
  private readonly maxChanges: number;
  private sequence = 0;
  private lastResult = '';
  private started = false;

  constructor(
    readonly nodeId: string,
    private readonly options: AssignmentSetOptions,
  ) {
    this.maxChanges = options.maxChanges ?? MAX_ASSIGNMENT_CHANGES;
    if (this.maxChanges < 1) throw new RangeError(`maxChanges must be ≥ 1, got ${this.maxChanges}`);
  }

  /** Tasks the agent currently holds. */
  get size(): number {
    return this.sent.size;
  }

  has(taskId: string): boolean {
    return this.sent.has(taskId);
  }

  /**
   * The complete set from the store's tasks (any node's; others are skipped). Always at least one
   * message, so an agent with nothing to run learns it; `more` on all but the last.
   */
  complete(tasks: Iterable<Task__Output>): AssignmentsMessage__Output[] {
    this.sent.clear();
    const changes: AssignmentChange__Output[] = [];
    for (const task of tasks) {
      if (!isAssignedTo(task, this.nodeId) || this.sent.has(task.id)) continue;
      this.sent.set(task.id, fingerprint(task));
      changes.push(update(task));
    }
    this.started = true;
    return this.chunk(AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE, changes, true);
  }

  /**
   * The differences store events make to the set; several events for one task collapse into the
   * last. Empty when nothing the agent holds changes (repeats are no-ops).
   */
  apply(events: Iterable<AssignmentEvent>): AssignmentsMessage__Output[] {
    if (!this.started)
      throw new RangeError('AssignmentSet.apply before complete(): the agent has no base set');
    const last = new Map<string, AssignmentEvent>();
    for (const event of events) {
      const id = event.kind === 'task-upsert' ? event.task.id : event.taskId;
      last.delete(id);
      last.set(id, event);
    }
    const changes: AssignmentChange__Output[] = [];
    for (const [id, event] of last) {
      if (event.kind === 'task-upsert' && isAssignedTo(event.task, this.nodeId)) {
        const print = fingerprint(event.task);
        if (this.sent.get(id) === print) continue;
        this.sent.set(id, print);
        changes.push(update(event.task));
      } else if (this.sent.delete(id)) {
        changes.push(remove(id, event.kind === 'task-upsert' ? event.task : undefined));
      }
    }
    if (changes.length === 0) return [];
    return this.chunk(AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL, changes, false);
  }

  private chunk(
    type: AssignmentsType__Output,
    changes: AssignmentChange__Output[],
    chained: boolean,
  ): AssignmentsMessage__Output[] {
    const messages: AssignmentsMessage__Output[] = [];
    for (let start = 0; start === 0 || start < changes.length; start += this.maxChanges) {
      const part = changes.slice(start, start + this.maxChanges);
      const appliesTo = this.lastResult;
      this.sequence++;
      this.lastResult = `${this.options.streamId}:${this.sequence}`;
      messages.push({
        type,
        appliesTo,
        resultsIn: this.lastResult,
        changes: part,
        more: chained && start + this.maxChanges < changes.length,
      });
    }
    return messages;
  }
}

function update(task: Task__Output): AssignmentChange__Output {
  return { action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE, assignment: { task, item: 'task' } };
}

/** A remove carries the task (its ID is what the agent needs); a bare stub when it was deleted. */
function remove(taskId: string, task: Task__Output | undefined): AssignmentChange__Output {
  const stub: Task__Output = task ?? {
    id: taskId,
    meta: null,
    spec: null,
    specVersion: 0,
    serviceId: '',
    slot: 0,
    nodeId: '',
    serviceAnnotations: null,
    runtime: RuntimeKind.RUNTIME_KIND_UNKNOWN,
    desiredState: TaskState.TASK_STATE_NEW,
    status: null,
    endpoint: null,
  };
  return { action: AssignmentAction.ASSIGNMENT_ACTION_REMOVE, assignment: { task: stub, item: 'task' } };
}
