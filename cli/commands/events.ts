// `covey events [--since T] [--until T] [--filter KEY=VALUE]... [--format table|json]`: cluster events
// as `docker events` prints them, followed until Ctrl-C (exit 0) or --until; when the manager goes
// away the stream resumes on another one of --host without repeating events (event-follower.ts).
import { Command } from 'commander';
import type { Timestamp } from '../../proto/gen/google/protobuf/Timestamp.ts';
import { withControlClient } from './client-options.ts';
import { parseEventFilters } from './event-filters.ts';
import { EventFollower } from './event-follower.ts';
import { formatEventJson, formatEventLine } from './event-line.ts';
import { FlagValueError } from './flag-value-error.ts';
import { parseSince } from './log-flags.ts';
import { formatOption, type OutputFormat } from './output-format.ts';
import { resolveNode, resolveService } from './resolve-reference.ts';

interface EventsFlags {
  since?: string;
  until?: string;
  filter?: string[];
  format: OutputFormat;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** parseSince builds plain numbers. */
function epochMs(t: Timestamp): number {
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000);
}

/** --until takes what --since takes (a duration means that long ago). */
function parseUntil(text: string, nowMs: number): Timestamp {
  try {
    return parseSince(text, nowMs);
  } catch (err) {
    if (err instanceof FlagValueError)
      throw new FlagValueError('--until', err.value, err.expected, { cause: err });
    throw err;
  }
}

export function eventsCommand(): Command {
  return new Command('events')
    .description('stream cluster events: service, task, node and cluster changes')
    .option(
      '--since <time>',
      'first show past events since a time (2026-01-02T15:04:05Z) or a duration ago (10m)',
    )
    .option('--until <time>', 'stop at a time or a duration ago (exit 0)')
    .option(
      '-f, --filter <key=value>',
      'type=service|task|node|cluster, event=create|update|remove, service=NAME, node=NAME (repeatable: the same key is any of, different keys all of)',
      collect,
    )
    .addOption(formatOption())
    .action(async (flags: EventsFlags, cmd: Command) => {
      const nowMs = Date.now();
      const sinceMs = flags.since === undefined ? undefined : epochMs(parseSince(flags.since, nowMs));
      const until = flags.until === undefined ? undefined : parseUntil(flags.until, nowMs);
      const filters = parseEventFilters(flags.filter ?? []);
      const print = flags.format === 'json' ? formatEventJson : formatEventLine;
      await withControlClient(cmd, async (client) => {
        const serviceIds: string[] = [];
        for (const ref of filters.services) serviceIds.push((await resolveService(client, ref)).id);
        const nodeIds: string[] = [];
        for (const ref of filters.nodes) nodeIds.push((await resolveNode(client, ref)).id);
        const follower = new EventFollower(
          client,
          {
            types: filters.types,
            actions: filters.actions,
            serviceIds,
            nodeIds,
            ...(until ? { until } : {}),
          },
          {
            sinceMs,
            onEvent: (e) => process.stdout.write(print(e)),
            onResume: (note) =>
              process.stderr.write(
                `covey: event stream from ${note.from} broke (${note.reason}); resuming from ${note.to}\n`,
              ),
          },
        );
        const stop = (): void => follower.cancel();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await follower.run();
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
    });
}
