// Follows a task's stdout and stderr files by polling on the injected clock: one TaskLogLine per line
// (16 KiB pieces for longer ones), the last unterminated line once the process has exited, and
// checkpoints of how far each file was delivered, saved in batches, for a resume without repeats.
import { type FileHandle, open } from 'node:fs/promises';
import type { Cancel, Clock } from '../../worker/clock.ts';
import type { LogFollower, TaskLogLine } from '../executor.ts';
import { LineSplitter } from './log-line-splitter.ts';
import {
  appendCheckpoint,
  type Checkpoint,
  readLogCheckpoints,
  resumeOffset,
  writeLogCheckpoints,
} from './log-offsets.ts';

export interface FileLogFollowerOptions {
  readonly files: { readonly stdout: string; readonly stderr: string };
  /** Where checkpoints are kept. */
  readonly offsetsPath: string;
  /** 0: from the first byte; otherwise after the last checkpoint not later than this (epoch ms). */
  readonly sinceMs: number;
  readonly onLine: (line: TaskLogLine) => void;
  /** Resolves once the process has exited: the files are then read to their end and the follower is done. */
  readonly ended: Promise<unknown>;
  readonly clock: Clock;
  readonly pollMs?: number;
  /** Checkpoints are saved at most this often (and when the follower stops). */
  readonly saveEveryMs?: number;
}

const DEFAULT_POLL_MS = 200;
const DEFAULT_SAVE_EVERY_MS = 1_000;
const READ_CHUNK_BYTES = 64 * 1024;

type StreamName = TaskLogLine['stream'];

class StreamReader {
  private handle: FileHandle | null = null;
  readonly splitter = new LineSplitter();
  /** Offset of the next byte to read. */
  private readOffset: number;
  /** Offset just past the last delivered byte. */
  delivered: number;
  checkpoints: Checkpoint[];

  constructor(
    readonly name: StreamName,
    private readonly path: string,
    start: number,
    checkpoints: Checkpoint[],
  ) {
    this.readOffset = start;
    this.delivered = start;
    this.checkpoints = checkpoints;
  }

  /** The next chunk of the file, or null at its end (or while it does not exist yet). */
  async read(): Promise<Buffer | null> {
    if (this.handle === null) {
      try {
        this.handle = await open(this.path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    }
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.readOffset);
    if (bytesRead === 0) return null;
    this.readOffset += bytesRead;
    return buffer.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

export class FileLogFollower implements LogFollower {
  readonly done: Promise<void>;
  private readonly options: FileLogFollowerOptions;
  private readonly pollMs: number;
  private readonly saveEveryMs: number;
  private readers: StreamReader[] = [];
  private closed = false;
  private exited = false;
  private wake: (() => void) | null = null;
  private cancelSave: Cancel | null = null;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(options: FileLogFollowerOptions) {
    this.options = options;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.saveEveryMs = options.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS;
    void options.ended.then(
      () => {
        this.exited = true;
        this.wake?.();
      },
      () => {},
    );
    this.done = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.done.catch(() => {});
  }

  private async run(): Promise<void> {
    try {
      await this.openReaders();
      while (!this.closed) {
        const final = this.exited;
        await this.readAll();
        if (final) {
          this.flushPartials();
          break;
        }
        await this.pause();
      }
    } finally {
      this.cancelSave?.();
      this.cancelSave = null;
      await Promise.all(this.readers.map((reader) => reader.close()));
      await this.save();
    }
  }

  private async openReaders(): Promise<void> {
    const { files, sinceMs, offsetsPath } = this.options;
    const saved = sinceMs > 0 ? await readLogCheckpoints(offsetsPath) : null;
    this.readers = (['stdout', 'stderr'] as const).map((name) => {
      const list = saved?.[name] ?? [];
      return new StreamReader(name, files[name], resumeOffset(list, sinceMs), [...list]);
    });
  }

  /** Reads every stream to its current end, delivering whole lines. */
  private async readAll(): Promise<void> {
    for (const reader of this.readers) {
      let lastTimeMs: number | null = null;
      for (;;) {
        if (this.closed) break;
        const chunk = await reader.read();
        if (chunk === null) break;
        const timeMs = this.options.clock.now();
        for (const piece of reader.splitter.push(chunk)) {
          this.options.onLine({ stream: reader.name, timeMs, data: piece.data });
          reader.delivered += piece.bytes;
          lastTimeMs = timeMs;
        }
      }
      if (lastTimeMs !== null) this.checkpoint(reader, lastTimeMs);
    }
  }

  /** The process has exited: an unterminated last line is complete now. */
  private flushPartials(): void {
    for (const reader of this.readers) {
      const piece = reader.splitter.flush();
      if (piece === null) continue;
      const timeMs = this.options.clock.now();
      this.options.onLine({ stream: reader.name, timeMs, data: piece.data });
      reader.delivered += piece.bytes;
      this.checkpoint(reader, timeMs);
    }
  }

  /** Every line before the reader's delivered offset was delivered by `timeMs` (its last line's time). */
  private checkpoint(reader: StreamReader, timeMs: number): void {
    reader.checkpoints = appendCheckpoint(reader.checkpoints, [reader.delivered, timeMs]);
    this.dirty = true;
    this.cancelSave ??= this.options.clock.schedule(this.saveEveryMs, () => {
      this.cancelSave = null;
      void this.save();
    });
  }

  /** Saves the checkpoints when they changed; saves never overlap. */
  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const [stdout, stderr] = this.readers;
      if (stdout === undefined || stderr === undefined) return;
      // The task dir may be gone (the task was removed): there is nothing left to resume then.
      await writeLogCheckpoints(this.options.offsetsPath, {
        stdout: stdout.checkpoints,
        stderr: stderr.checkpoints,
      }).catch(() => {});
    });
    return this.saving;
  }

  /** Until the next poll, the process's exit, or close(). */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || this.exited) {
        resolve();
        return;
      }
      const cancel = this.options.clock.schedule(this.pollMs, () => {
        this.wake = null;
        resolve();
      });
      this.wake = () => {
        cancel();
        this.wake = null;
        resolve();
      };
    });
  }
}
