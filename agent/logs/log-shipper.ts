// Ships each task's stdout/stderr to the managers: follows the controller's output once the task has
// run, turns lines into LogMessages, and sends them in batches through whatever `send` is (the
// leader's PublishLogs, or NATS directly). A failed send keeps the lines for the next try; a buffer
// that outgrows its bound drops its oldest lines (counted and logged) rather than the agent's memory.
// What reached the managers is reported per task, so a restarted agent resumes without repeating.
import type { Logger } from 'pino';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../../proto/gen/covey/v1/LogStream.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import type { LogFollower, TaskController, TaskLogLine } from '../executors/executor.ts';
import type { Cancel, Clock } from '../worker/clock.ts';

export interface LogShipperOptions {
  readonly nodeId: string;
  readonly clock: Clock;
  /** Delivers one batch; rejects when it did not arrive (the lines are sent again later). */
  readonly send: (messages: LogMessage[]) => Promise<void>;
  /** Lines of `taskId` up to `timeMs` arrived (the worker remembers it across restarts). */
  readonly onShipped?: (taskId: string, timeMs: number) => void;
  readonly logger?: Logger;
  /** Lines held at most before the oldest are dropped; default 20,000. */
  readonly maxBuffered?: number;
  /** Lines per send; default 1,000. */
  readonly maxBatch?: number;
  /** Time between sends while lines wait; default 250 ms (doubling up to 10 s while sends fail). */
  readonly flushIntervalMs?: number;
}

interface Followed {
  readonly task: Task__Output;
  readonly controller: TaskController;
  readonly sinceMs: number;
  follower: LogFollower | undefined;
}

const MAX_RETRY_MS = 10_000;

export class LogShipper {
  private readonly o: LogShipperOptions;
  private readonly tasks = new Map<string, Followed>();
  private buffer: { readonly message: LogMessage; readonly taskId: string; readonly timeMs: number }[] = [];
  private dropped = 0;
  private timer: Cancel | undefined;
  private sending = false;
  private delayMs: number;
  private closed = false;

  constructor(options: LogShipperOptions) {
    this.o = options;
    this.delayMs = options.flushIntervalMs ?? 250;
  }

  /** Lines waiting to be sent. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Lines dropped because the buffer was full. */
  get droppedLines(): number {
    return this.dropped;
  }

  /** A task the worker runs; its output is followed once it has run (see onState). */
  track(task: Task__Output, controller: TaskController, shippedUntilMs: number): void {
    if (this.closed || controller.logs === undefined) return;
    this.tasks.set(task.id, { task, controller, sinceMs: shippedUntilMs, follower: undefined });
    if ((task.status?.state ?? TaskState.TASK_STATE_NEW) >= TaskState.TASK_STATE_RUNNING)
      this.follow(task.id);
  }

  /** The task's runner reached `state`: from RUNNING on (or an end after it) there is output to follow. */
  onState(taskId: string, state: TaskState__Output): void {
    if (state >= TaskState.TASK_STATE_RUNNING && state !== TaskState.TASK_STATE_REJECTED) this.follow(taskId);
  }

  /** The task is gone from the node: stop following it (lines already read are still sent). */
  untrack(taskId: string): void {
    const t = this.tasks.get(taskId);
    this.tasks.delete(taskId);
    void t?.follower?.close();
  }

  /** Sends what is buffered now; resolves when that send settled. */
  async flush(): Promise<void> {
    this.timer?.();
    this.timer = undefined;
    await this.sendBatch();
  }

  /** Stops following and sending; buffered lines are dropped (a stopping agent flushes first). */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.();
    this.timer = undefined;
    const followers = [...this.tasks.values()].map((t) => t.follower?.close());
    this.tasks.clear();
    await Promise.all(followers);
  }

  private follow(taskId: string): void {
    const t = this.tasks.get(taskId);
    if (t === undefined || t.follower !== undefined || t.controller.logs === undefined) return;
    try {
      t.follower = t.controller.logs({ sinceMs: t.sinceMs, onLine: (line) => this.take(t.task, line) });
      t.follower.done.catch((err: unknown) => {
        this.o.logger?.debug({ err, taskId }, 'task output no longer followed');
      });
    } catch (err) {
      this.o.logger?.debug({ err, taskId }, 'cannot follow the task’s output');
    }
  }

  private take(task: Task__Output, line: TaskLogLine): void {
    if (this.closed) return;
    const max = this.o.maxBuffered ?? 20_000;
    if (this.buffer.length >= max) {
      const excess = this.buffer.length - max + 1;
      this.buffer.splice(0, excess);
      if (this.dropped === 0)
        this.o.logger?.warn({ maxBuffered: max }, 'log buffer full; dropping the oldest lines');
      this.dropped += excess;
    }
    const seconds = Math.floor(line.timeMs / 1000);
    this.buffer.push({
      taskId: task.id,
      timeMs: line.timeMs,
      message: {
        context: { serviceId: task.serviceId, nodeId: this.o.nodeId, taskId: task.id, slot: task.slot },
        timestamp: { seconds, nanos: Math.round((line.timeMs - seconds * 1000) * 1e6) },
        stream: line.stream === 'stderr' ? LogStream.LOG_STREAM_STDERR : LogStream.LOG_STREAM_STDOUT,
        data: line.data,
      },
    });
    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined || this.sending || this.closed || this.buffer.length === 0) return;
    this.timer = this.o.clock.schedule(this.delayMs, () => {
      this.timer = undefined;
      void this.sendBatch();
    });
  }

  private async sendBatch(): Promise<void> {
    if (this.sending || this.buffer.length === 0) return;
    this.sending = true;
    const batch = this.buffer.slice(0, this.o.maxBatch ?? 1000);
    try {
      await this.o.send(batch.map((b) => b.message));
      // Lines taken out only once sent: a failure leaves them at the head, in order. A full buffer
      // may have dropped some of the batch meanwhile, so remove what is still there of it.
      const sent = new Set(batch);
      let i = 0;
      while (i < this.buffer.length && sent.has(this.buffer[i]!)) i++;
      this.buffer.splice(0, i);
      this.delayMs = this.o.flushIntervalMs ?? 250;
      const until = new Map<string, number>();
      for (const b of batch) until.set(b.taskId, Math.max(until.get(b.taskId) ?? 0, b.timeMs));
      for (const [taskId, timeMs] of until) this.o.onShipped?.(taskId, timeMs);
    } catch (err) {
      this.delayMs = Math.min(this.delayMs * 2, MAX_RETRY_MS);
      this.o.logger?.debug(
        { err, lines: batch.length, retryInMs: this.delayMs },
        'log lines not delivered; will retry',
      );
    } finally {
      this.sending = false;
    }
    this.arm();
  }
}
