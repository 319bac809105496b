// The past part of a log read: each task's matching lines, or only its last n, gathered in any
// interleaving and handed out task by task in timestamp order.
import type { LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { sortByTime } from './log-line.ts';

export class TaskTail {
  private readonly tasks = new Map<string, LogMessage__Output[]>();

  /** `keep`: how many of each task's last lines to hand out ('all': every one). */
  constructor(private readonly keep: number | 'all') {}

  add(line: LogMessage__Output): void {
    const taskId = line.context?.taskId ?? '';
    let lines = this.tasks.get(taskId);
    if (lines === undefined) {
      lines = [];
      this.tasks.set(taskId, lines);
    }
    lines.push(line);
    // Trimmed in bulk so that keeping the last n costs O(1) per line, not a shift each time.
    if (this.keep !== 'all' && lines.length >= 2 * this.keep + 64) lines.splice(0, lines.length - this.keep);
  }

  /** Every task's kept lines, task after task (in the order each was first seen), and empties the tail. */
  *drain(): Generator<LogMessage__Output> {
    for (const [taskId, lines] of this.tasks) {
      this.tasks.delete(taskId);
      const kept = this.keep === 'all' ? lines : lines.slice(Math.max(0, lines.length - this.keep));
      yield* sortByTime(kept);
    }
  }
}
