// The ServiceLogs server stream: a checked request becomes a log bus read (tail per task, since,
// streams, follow) whose batches are written with the transport's flow control — a slow client
// slows its own read, never the bus. The stream ends when the read does (non-follow), when the
// client cancels, or when the control API closes.
import type * as grpc from '@grpc/grpc-js';
import type { LogBus, LogQuery } from '../../bus/log-bus.ts';
import type { LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { ServiceLogsRequest__Output } from '../../proto/gen/covey/v1/ServiceLogsRequest.ts';
import type { ServiceLogsResponse } from '../../proto/gen/covey/v1/ServiceLogsResponse.ts';
import { timestampMs } from '../../proto/time.ts';
import { writeWithBackpressure } from '../grpc/stream-write.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import { NotFoundError } from '../store/errors.ts';
import { SpecProblems } from './validation-error.ts';

/** control.proto: at most 1000 task ids. */
export const MAX_LOG_TASK_IDS = 1000;

/** The leader's stream of the same request (ControlForwarder.serviceLogs). */
export type LogRelay = (
  request: ServiceLogsRequest__Output,
  signal: AbortSignal,
) => AsyncIterator<LogMessage__Output[]> & AsyncIterable<LogMessage__Output[]>;

export type ServiceLogsCall = grpc.ServerWritableStream<ServiceLogsRequest__Output, ServiceLogsResponse>;

/** The bus query for `req`, or SpecValidationErrors naming every bad field. */
export function logQueryOf(req: ServiceLogsRequest__Output, store: Pick<MemoryStore, 'get'>): LogQuery {
  const p = new SpecProblems();
  if (req.serviceId === '') p.add('service_id', 'is required');
  if (req.taskIds.length > MAX_LOG_TASK_IDS) p.add('task_ids', `has more than ${MAX_LOG_TASK_IDS} entries`);
  const sinceMs = req.since === null ? undefined : timestampMs(req.since);
  if (req.since !== null && sinceMs === undefined) p.add('since', 'is not a valid timestamp');
  p.throwIfAny();
  if (store.get('service', req.serviceId) === undefined) throw new NotFoundError('service', req.serviceId);
  return {
    serviceId: req.serviceId,
    taskIds: req.taskIds,
    follow: req.follow,
    tail: req.tail,
    sinceMs,
    streams: req.streams,
  };
}

/**
 * Serves one (already authorized) call until it ends: from `bus`, or — when this manager's bus does
 * not hold the lines (the embedded bus on a follower) — from the leader's stream through `relay`.
 * Rejects with what the client should get.
 */
export async function serveServiceLogs(
  call: ServiceLogsCall,
  store: Pick<MemoryStore, 'get'>,
  source: { readonly bus: Pick<LogBus, 'read'> } | { readonly relay: LogRelay },
): Promise<void> {
  const query = logQueryOf(call.request, store);
  const abort = new AbortController();
  const onCancel = (): void => abort.abort();
  call.on('cancelled', onCancel);
  if (call.cancelled) abort.abort();
  const batches =
    'bus' in source
      ? source.bus.read({ ...query, signal: abort.signal })
      : source.relay(call.request, abort.signal);
  try {
    for await (const messages of batches) {
      if (abort.signal.aborted) break;
      await writeWithBackpressure(call, { messages }, abort.signal);
    }
  } finally {
    call.off('cancelled', onCancel);
    await batches.return?.(undefined);
  }
  if (!abort.signal.aborted) call.end();
}
