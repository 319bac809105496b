// What the bus tests build lines and events with, and how they drain readers (always under a
// deadline, so a read that never ends fails its test instead of hanging the run).
import type { Test } from 'tap';
import type { BusReader } from '../../bus/bus-reader.ts';
import type { ClusterEvent } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import type { EventType__Output } from '../../proto/gen/covey/v1/EventType.ts';
import type { LogMessage, LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream, type LogStream__Output } from '../../proto/gen/covey/v1/LogStream.ts';
import { timestampFromMs } from '../../proto/time.ts';
import type { Requirer } from '../fixtures/requirements.ts';

/** A minute ago: far enough back that every test line is in the past, near enough for JetStream's since. */
export const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 60_000;

export function logLine(
  serviceId: string,
  taskId: string,
  atMs: number,
  text: string,
  stream: LogStream__Output = LogStream.LOG_STREAM_STDOUT,
): LogMessage {
  return {
    context: { serviceId, taskId, nodeId: 'node1', slot: 1 },
    timestamp: timestampFromMs(atMs),
    stream,
    data: Buffer.from(text),
  };
}

export function clusterEvent(
  version: number,
  type: EventType__Output,
  objectId: string,
  atMs: number,
  name = `obj-${objectId}`,
): ClusterEvent {
  return {
    version,
    time: timestampFromMs(atMs),
    type,
    action: EventAction.EVENT_ACTION_UPDATE,
    objectId,
    attributes: { name },
  };
}

export const text = (line: LogMessage__Output): string => line.data.toString('utf8');
export const taskOf = (line: LogMessage__Output): string => line.context?.taskId ?? '';

/** The texts of `lines`, per task, in delivery order. */
export function textsByTask(lines: readonly LogMessage__Output[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of lines) {
    const task = taskOf(line);
    const texts = out[task] ?? [];
    texts.push(text(line));
    out[task] = texts;
  }
  return out;
}

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** `promise`, or a DeadlineError after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: nothing after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every batch of a read that must end by itself (non-follow), within `ms`. */
export async function drain<T>(reader: BusReader<T>, ms = 10_000): Promise<T[][]> {
  const batches: T[][] = [];
  const all = (async () => {
    for await (const batch of reader) batches.push(batch);
  })();
  try {
    await within(all, ms, 'a non-follow read did not end');
  } finally {
    await reader.return();
  }
  return batches;
}

/** Reads batches until `n` items in all have come (or fails after `ms`); the read stays open. */
export async function take<T>(reader: BusReader<T>, n: number, ms = 10_000): Promise<T[]> {
  const items: T[] = [];
  const deadline = Date.now() + ms;
  while (items.length < n) {
    const step = await within(reader.next(), Math.max(1, deadline - Date.now()), `waiting for ${n} items`);
    if (step.done === true) throw new Error(`the read ended after ${items.length} of ${n} items`);
    items.push(...step.value);
  }
  return items;
}

/** Polls `check` until it returns true, failing after `ms`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() >= deadline) throw new DeadlineError(`${what}: still false after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A tap test as test/fixtures/requirements.ts wants it: tap's own `skip` is typed as the subtest
 * factory, so it does not fit `skip(reason)` directly.
 */
export function requirer(t: Test): Requirer {
  return {
    skip: (reason) => void t.skip(reason, () => {}),
    fail: (message) => void t.fail(message),
    comment: (message) => t.comment(message),
  };
}
