// The agent's memory of its tasks across restarts (<data-dir>/agent/tasks.json): each task as last
// assigned, with the state its runner reached and how far its logs were shipped. A restarted agent
// resumes supervising them before any manager answers. Written crash-safe (temp file, fsync, rename);
// a file that does not parse is set aside and reported, and the agent rebuilds from the runtime.
import { open, readFile, rename } from 'node:fs/promises';
import type { Type } from 'protobufjs';
import { loadProtobufRoot } from '../../proto/load.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { AgentStateCorruptError } from './errors.ts';

export const TASK_STATE_FORMAT = 'covey-agent-tasks 1';

/** One task as the agent last knew it. */
export interface SavedTask {
  /** The task as assigned, with `status` set to what its runner last reported. */
  readonly task: Task__Output;
  /** Log lines up to this time (epoch ms) reached the managers; 0 = none yet. */
  readonly logsShippedUntilMs: number;
}

interface FileShape {
  readonly format: string;
  readonly tasks: readonly { readonly task: string; readonly logsShippedUntilMs: number }[];
}

const TO_OBJECT = Object.freeze({ longs: Number, defaults: true, oneofs: true });
let taskType: Type | undefined;
function taskCodec(): Type {
  taskType ??= loadProtobufRoot(['covey/v1/objects.proto']).lookupType('covey.v1.Task');
  return taskType;
}

export function encodeTaskState(tasks: readonly SavedTask[]): string {
  const type = taskCodec();
  const shape: FileShape = {
    format: TASK_STATE_FORMAT,
    tasks: tasks.map((s) => ({
      task: Buffer.from(type.encode(type.fromObject(s.task)).finish()).toString('base64'),
      logsShippedUntilMs: s.logsShippedUntilMs,
    })),
  };
  return `${JSON.stringify(shape)}\n`;
}

/** The tasks in `text`, or AgentStateCorruptError saying what is wrong with it. */
export function decodeTaskState(path: string, text: string): SavedTask[] | AgentStateCorruptError {
  let shape: unknown;
  try {
    shape = JSON.parse(text);
  } catch (err) {
    return new AgentStateCorruptError(path, `not JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof shape !== 'object' || shape === null) return new AgentStateCorruptError(path, 'not an object');
  const { format, tasks } = shape as Partial<FileShape>;
  if (format !== TASK_STATE_FORMAT) {
    return new AgentStateCorruptError(
      path,
      `unknown format ${JSON.stringify(format)} (this agent reads "${TASK_STATE_FORMAT}")`,
    );
  }
  if (!Array.isArray(tasks)) return new AgentStateCorruptError(path, 'no task list');
  const type = taskCodec();
  const out: SavedTask[] = [];
  for (const [i, entry] of tasks.entries()) {
    const e = entry as Partial<FileShape['tasks'][number]>;
    if (typeof e.task !== 'string' || typeof e.logsShippedUntilMs !== 'number') {
      return new AgentStateCorruptError(path, `task entry ${i} is malformed`);
    }
    try {
      const task = type.toObject(type.decode(Buffer.from(e.task, 'base64')), TO_OBJECT) as Task__Output;
      if (task.id === '') return new AgentStateCorruptError(path, `task entry ${i} has no id`);
      out.push({ task, logsShippedUntilMs: e.logsShippedUntilMs });
    } catch (err) {
      return new AgentStateCorruptError(path, `task entry ${i} does not decode (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
  return out;
}

export type LoadedTaskState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'loaded'; readonly tasks: SavedTask[] }
  /** The damaged file was moved to `setAsideAt`. */
  | { readonly kind: 'corrupt'; readonly error: AgentStateCorruptError; readonly setAsideAt: string };

export class TaskStateFile {
  private writing: Promise<void> = Promise.resolve();
  private pending: readonly SavedTask[] | undefined;

  constructor(readonly path: string) {}

  async load(now: () => number = Date.now): Promise<LoadedTaskState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      throw err;
    }
    const decoded = decodeTaskState(this.path, text);
    if (!(decoded instanceof AgentStateCorruptError)) return { kind: 'loaded', tasks: decoded };
    const setAsideAt = `${this.path}.corrupt-${now()}`;
    await rename(this.path, setAsideAt);
    return { kind: 'corrupt', error: decoded, setAsideAt };
  }

  /**
   * Writes `tasks` crash-safe. Calls made while a write is in progress coalesce: only the latest
   * set is written next, so a busy agent writes at most one file behind.
   */
  save(tasks: readonly SavedTask[]): Promise<void> {
    const first = this.pending === undefined;
    this.pending = tasks;
    if (first) {
      this.writing = this.writing.then(async () => {
        const next = this.pending;
        this.pending = undefined;
        if (next !== undefined) await this.write(next);
      });
    }
    return this.writing;
  }

  private async write(tasks: readonly SavedTask[]): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(encodeTaskState(tasks));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
  }
}
