// Following a container's stdout and stderr through the engine (logs with follow and timestamps), as
// TaskLogLines from a point in time on, so an agent that restarted resumes without repeating lines.
import { Readable, Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { LogFollower, LogFollowOptions, TaskLogLine } from '../executor.ts';
import { engineReason } from './engine-errors.ts';
import { parseLogFrame } from './log-frame-parser.ts';

export interface ContainerLogsDeps {
  readonly docker: Docker;
  readonly logger: Logger;
  /** For a frame without a readable timestamp. */
  readonly now: () => number;
}

type LogStream = NodeJS.ReadableStream & { destroy?: () => void };

export function followContainerLogs(
  container: Docker.Container,
  options: LogFollowOptions,
  deps: ContainerLogsDeps,
): LogFollower {
  const abort = new AbortController();
  const delivery = new LogDelivery(options, deps.logger);
  let stream: LogStream | null = null;

  const done = (async () => {
    let raw: LogStream;
    try {
      raw = await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        // The engine's `since` is whole seconds: lines in the second before sinceMs arrive and are dropped.
        since: Math.floor(options.sinceMs / 1000),
        abortSignal: abort.signal,
      });
    } catch (error) {
      if (!delivery.closed) deps.logger.warn({ reason: engineReason(error) }, 'cannot follow container logs');
      return;
    }
    stream = raw;
    if (delivery.closed) stream.destroy?.();
    const ended = await pump(deps.docker, raw, delivery, deps);
    if (!ended || delivery.closed) return;
    // The engine ends a follow when the container stops, and can do so before it has handed over the
    // last lines it wrote (a final line without a newline, typically): read what is left once more.
    const since = delivery.beginCatchUp();
    try {
      const rest = await container.logs({
        follow: false,
        stdout: true,
        stderr: true,
        timestamps: true,
        since,
      });
      await pump(deps.docker, Readable.from([rest]), delivery, deps);
    } catch (error) {
      if (!delivery.closed)
        deps.logger.warn({ reason: engineReason(error) }, 'cannot read the last container logs');
    }
  })();

  return {
    done,
    async close() {
      delivery.closed = true;
      abort.abort();
      stream?.destroy?.();
      await done;
    },
  };
}

/** Demultiplexes one log response into the delivery; true when it ended, false when it broke. */
function pump(
  docker: Docker,
  raw: NodeJS.ReadableStream,
  delivery: LogDelivery,
  deps: ContainerLogsDeps,
): Promise<boolean> {
  // demuxStream writes one frame per write(); handling it synchronously keeps stdout and stderr in order.
  const sink = (kind: 'stdout' | 'stderr') =>
    new Writable({
      write(frame: Buffer, _encoding, callback) {
        for (const line of parseLogFrame(kind, frame, deps.now())) delivery.offer(line);
        callback();
      },
    });
  return new Promise<boolean>((resolve) => {
    raw.on('end', () => resolve(true));
    raw.on('close', () => resolve(false));
    raw.on('error', (error: Error) => {
      if (!delivery.closed) deps.logger.warn({ reason: error.message }, 'container log stream broke');
      resolve(false);
    });
    docker.modem.demuxStream(raw, sink('stdout'), sink('stderr'));
  });
}

/**
 * Hands lines past `sinceMs` to the consumer, and remembers how many it handed over in the last whole
 * second so that a second read from that second skips exactly those (the log only grows at its end).
 */
class LogDelivery {
  closed = false;
  private windowSecond = -1;
  private inWindow = 0;
  private skip = 0;

  constructor(
    private readonly options: LogFollowOptions,
    private readonly logger: Logger,
  ) {}

  offer(line: TaskLogLine): void {
    if (this.closed || line.timeMs <= this.options.sinceMs) return;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    const second = Math.floor(line.timeMs / 1000);
    if (second === this.windowSecond) this.inWindow++;
    else {
      this.windowSecond = second;
      this.inWindow = 1;
    }
    try {
      this.options.onLine(line);
    } catch (error) {
      this.logger.warn({ err: error }, 'log line consumer failed');
    }
  }

  /** The `since` (whole seconds) of a second read; its first lines, already delivered, are skipped. */
  beginCatchUp(): number {
    if (this.windowSecond < 0) return Math.floor(this.options.sinceMs / 1000);
    this.skip = this.inWindow;
    return this.windowSecond;
  }
}
