// Turns the messages of one Assignments stream into the sets the worker reconciles: joins a COMPLETE
// set split over several messages (`more`), and checks the applies_to/results_in chain so a missed
// message makes the agent reopen the stream (and get a full set) instead of drifting.
import type { AssignmentsMessage__Output } from '../../proto/gen/covey/v1/AssignmentsMessage.ts';
import { AssignmentsType } from '../../proto/gen/covey/v1/AssignmentsType.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { type AssignmentSet, assignmentSetFromChanges } from '../worker/assignment-set.ts';

export type AssemblerResult =
  /** A whole set, or a change to act on. */
  | { readonly kind: 'set'; readonly set: AssignmentSet }
  /** Part of a split COMPLETE set: wait for the rest. */
  | { readonly kind: 'partial' }
  /** A message is missing (or out of place): reopen the stream. */
  | { readonly kind: 'gap'; readonly expected: string; readonly appliesTo: string };

export class AssignmentsAssembler {
  /** results_in of the last message; null before the stream's first message. */
  private last: string | null = null;
  /** Tasks of a COMPLETE set whose last part has not come yet. */
  private partial: Task__Output[] | null = null;

  push(message: AssignmentsMessage__Output): AssemblerResult {
    const complete = message.type === AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE;
    const chained = this.last !== null && message.appliesTo === this.last;
    // A COMPLETE set that starts here needs no history: it replaces everything the agent holds. The
    // parts of a split set, and every change, must follow on from the message before.
    const inPlace = this.partial === null ? complete || chained : complete && chained;
    if (!inPlace) {
      const gap = { kind: 'gap', expected: this.last ?? '', appliesTo: message.appliesTo } as const;
      this.last = null;
      this.partial = null;
      return gap;
    }
    this.last = message.resultsIn;
    const set = assignmentSetFromChanges(message.type, message.changes);
    if (set.kind === 'incremental') return { kind: 'set', set };
    const tasks = this.partial === null ? [...set.tasks] : [...this.partial, ...set.tasks];
    if (message.more) {
      this.partial = tasks;
      return { kind: 'partial' };
    }
    this.partial = null;
    return { kind: 'set', set: { kind: 'complete', tasks } };
  }
}
