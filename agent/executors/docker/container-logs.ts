// Following a container's stdout and stderr through the engine (logs with follow and timestamps), as
// TaskLogLines from a point in time on, so an agent that restarted resumes without repeating lines.
import { Writable } from 'node:stream';
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

export function followContainerLogs(
  container: Docker.Container,
  options: LogFollowOptions,
  deps: ContainerLogsDeps,
): LogFollower {
  const abort = new AbortController();
  let closed = false;
  let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | null = null;
  const deliver = (line: TaskLogLine) => {
    // The engine's `since` is whole seconds: lines in the second before sinceMs arrive and are dropped.
    if (closed || line.timeMs <= options.sinceMs) return;
    try {
      options.onLine(line);
    } catch (error) {
      deps.logger.warn({ err: error }, 'log line consumer failed');
    }
  };
  // demuxStream writes one frame per write(); handling it synchronously keeps stdout and stderr in order.
  const sink = (stream: 'stdout' | 'stderr') =>
    new Writable({
      write(frame: Buffer, _encoding, callback) {
        for (const line of parseLogFrame(stream, frame, deps.now())) deliver(line);
        callback();
      },
    });

  const done = (async () => {
    let raw: NodeJS.ReadableStream;
    try {
      raw = await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        since: Math.floor(options.sinceMs / 1000),
        abortSignal: abort.signal,
      });
    } catch (error) {
      if (!closed) deps.logger.warn({ reason: engineReason(error) }, 'cannot follow container logs');
      return;
    }
    stream = raw;
    if (closed) stream.destroy?.();
    await new Promise<void>((resolve) => {
      raw.on('end', resolve);
      raw.on('close', resolve);
      raw.on('error', (error: Error) => {
        if (!closed) deps.logger.warn({ reason: error.message }, 'container log stream broke');
        resolve();
      });
      deps.docker.modem.demuxStream(raw, sink('stdout'), sink('stderr'));
    });
  })();

  return {
    done,
    async close() {
      closed = true;
      abort.abort();
      stream?.destroy?.();
      await done;
    },
  };
}
