// The open Assignments stream of one agent: the complete set from the store, then the increments
// the store's task events make to it, coalesced until flush() (the dispatcher flushes every dirty
// stream once per macrotask). Events at or below the version the complete set was read at are
// already in it and are skipped, so a queued older event never sends a stale copy of a task.
import type { AssignmentsMessage } from '../../proto/gen/covey/v1/AssignmentsMessage.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { StoreEventOf } from '../store/store-event.ts';
import { type AssignmentEvent, AssignmentSet } from './assignment-set.ts';
import type { OutboundStream } from './dispatcher-outbound-stream.ts';

export class AssignmentStream {
  private readonly set: AssignmentSet;
  private pending: AssignmentEvent[] = [];
  private baseline = 0;

  constructor(
    readonly nodeId: string,
    readonly sessionId: string,
    /** Unique among this session's streams: results_in identifiers must never repeat. */
    streamId: string,
    readonly out: OutboundStream<AssignmentsMessage>,
    maxChanges?: number,
  ) {
    this.set = new AssignmentSet(nodeId, maxChanges === undefined ? { streamId } : { streamId, maxChanges });
  }

  /** Tasks the agent holds. */
  get size(): number {
    return this.set.size;
  }

  /**
   * Sends the complete set: `tasks` as the store holds them at batch index `version` (also used
   * after the store's event stream broke, to bring the agent back in line).
   */
  complete(tasks: Iterable<Task__Output>, version: number): void {
    this.pending = [];
    this.baseline = version;
    for (const message of this.set.complete(tasks)) this.out.write(message);
  }

  /** Holds a task event for the next flush; true when the stream was clean before. */
  offer(event: StoreEventOf<'task'>): boolean {
    if (event.version <= this.baseline) return false;
    const wasClean = this.pending.length === 0;
    this.pending.push(
      event.action === 'delete'
        ? { kind: 'task-delete', taskId: event.object.id }
        : { kind: 'task-upsert', task: event.object },
    );
    return wasClean;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    if (!this.out.isOpen) return;
    for (const message of this.set.apply(events)) this.out.write(message);
  }
}
