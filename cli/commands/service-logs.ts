// `covey service logs [-f] [--tail N] [--since T] SERVICE`: task output as Docker prints it,
// `name.slot.taskprefix@node | line`, stderr lines to stderr; -f follows until Ctrl-C.
import * as grpc from '@grpc/grpc-js';
import { Command } from 'commander';
import type { LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../../proto/gen/covey/v1/LogStream.ts';
import { withControlClient } from './client-options.ts';
import { listAllNodes } from './list-all.ts';
import { parseSince, parseTail } from './log-flags.ts';
import { resolveService } from './resolve-reference.ts';

interface LogsFlags {
  follow?: boolean;
  tail: string;
  since?: string;
}

export function serviceLogsCommand(): Command {
  return new Command('logs')
    .description('print the logs of a service')
    .argument('<service>', 'service name, ID or ID prefix')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --tail <lines>', 'lines to show from the end of each task ("all" for every line)', 'all')
    .option('--since <time>', 'only lines since a time (2026-01-02T15:04:05Z) or a duration ago (10m)')
    .action(async (ref: string, flags: LogsFlags, cmd: Command) => {
      const tail = parseTail(flags.tail);
      const since = flags.since === undefined ? undefined : parseSince(flags.since, Date.now());
      await withControlClient(cmd, async (client) => {
        const service = await resolveService(client, ref);
        const name = service.spec?.annotations?.name ?? service.id;
        const hosts = new Map(
          (await listAllNodes(client)).map((n) => [n.id, n.description?.hostname || n.id]),
        );
        const stream = client.raw().ServiceLogs({
          serviceId: service.id,
          follow: flags.follow ?? false,
          tail,
          ...(since ? { since } : {}),
        });
        const stop = (): void => stream.cancel();
        process.once('SIGINT', stop);
        try {
          await new Promise<void>((resolve, reject) => {
            stream.on('data', (r: { messages: LogMessage__Output[] }) => {
              for (const m of r.messages) printLine(m, name, hosts);
            });
            stream.on('end', () => resolve());
            stream.on('error', (err: grpc.ServiceError) =>
              err.code === grpc.status.CANCELLED ? resolve() : reject(err),
            );
          });
        } finally {
          process.off('SIGINT', stop);
        }
      });
    });
}

function printLine(m: LogMessage__Output, serviceName: string, hosts: ReadonlyMap<string, string>): void {
  const c = m.context;
  const slot = c && c.slot > 0 ? String(c.slot) : (c?.nodeId ?? '');
  const node = hosts.get(c?.nodeId ?? '') ?? c?.nodeId ?? '';
  const text = m.data.toString('utf8').replace(/\n$/, '');
  const line = `${serviceName}.${slot}.${(c?.taskId ?? '').slice(0, 12)}@${node}    | ${text}\n`;
  (m.stream === LogStream.LOG_STREAM_STDERR ? process.stderr : process.stdout).write(line);
}
