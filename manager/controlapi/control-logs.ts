// The ServiceLogs server stream: a checked request becomes a log bus read (tail per task, since,
// streams, follow) whose batches are written with the transport's flow control — a slow client
// slows its own read, never the bus. The stream ends when the read does (non-follow), when the
// client cancels, or when the control API closes.
import { once } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import type { LogBus, LogQuery } from '../../bus/log-bus.ts';
import type { ServiceLogsRequest__Output } from '../../proto/gen/covey/v1/ServiceLogsRequest.ts';
import type { ServiceLogsResponse } from '../../proto/gen/covey/v1/ServiceLogsResponse.ts';
import { timestampMs } from '../../proto/time.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import { NotFoundError } from '../store/errors.ts';
import { SpecProblems } from './validation-error.ts';

/** control.proto: at most 1000 task ids. */
export const MAX_LOG_TASK_IDS = 1000;

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

/** Serves one (already authorized) call from `bus` until it ends; rejects with what the client should get. */
export async function serveServiceLogs(
  call: ServiceLogsCall,
  store: Pick<MemoryStore, 'get'>,
  bus: Pick<LogBus, 'read'>,
): Promise<void> {
  const query = logQueryOf(call.request, store);
  const abort = new AbortController();
  const onCancel = (): void => abort.abort();
  call.on('cancelled', onCancel);
  if (call.cancelled) abort.abort();
  const reader = bus.read({ ...query, signal: abort.signal });
  try {
    for await (const messages of reader) {
      if (abort.signal.aborted) break;
      if (!call.write({ messages })) {
        await Promise.race([once(call, 'drain'), once(abort.signal, 'abort')]);
      }
    }
  } finally {
    call.off('cancelled', onCancel);
    await reader.return();
  }
  if (!abort.signal.aborted) call.end();
}
