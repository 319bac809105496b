// The one place where engine answers and socket failures become the typed errors of errors.ts (and so
// task states): a user mistake rejects the task, a dead engine is unavailable, a passing failure retries.
import {
  ExecutorError,
  RuntimeUnavailableError,
  TaskPrepareError,
  TaskRejectedError,
  TaskStartError,
  TemporaryExecutorError,
} from '../errors.ts';
import { EventStreamEndedError } from './container-events.ts';

/** The engine no longer has the task's container (removed behind the agent's back). */
export class ContainerGoneError extends ExecutorError {
  override name = 'ContainerGoneError';
  constructor(
    readonly taskId: string,
    readonly container: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId}: container ${container} no longer exists`, options);
  }
}

/** The engine refused a request in a way no other class describes (a 4xx outside prepare and start). */
export class EngineRequestError extends ExecutorError {
  override name = 'EngineRequestError';
  constructor(
    readonly taskId: string,
    readonly operation: string,
    readonly statusCode: number | undefined,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId}: ${operation} failed: ${reason}`, options);
  }
}

export type EngineOperation =
  | 'volume'
  | 'create'
  | 'pull'
  | 'inspect'
  | 'start'
  | 'wait'
  | 'stop'
  | 'kill'
  | 'remove'
  | 'logs'
  | 'events';

export interface EngineErrorContext {
  readonly taskId: string;
  readonly operation: EngineOperation;
  /** The container's name, for messages. */
  readonly container: string;
  readonly image?: string;
  /** The host ports the container publishes, to name one when the engine's message does not. */
  readonly hostPorts?: readonly number[];
  /** Where the engine is (`unix:///var/run/docker.sock`). */
  readonly engine: string;
}

/** What dockerode attaches to the errors it raises. */
interface DockerodeErrorShape {
  readonly statusCode?: unknown;
  readonly json?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

/** Socket-level failures: nothing answers, or the connection broke mid-request (an engine restart). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR', 'UND_ERR_CONNECT_TIMEOUT']);

/** The HTTP status the engine answered with, when the failure is an answer at all. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as DockerodeErrorShape | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own words (`No such image: x:1`), without dockerode's `(HTTP code 404) …` wrapping. */
export function engineReason(error: unknown): string {
  const shape = (error ?? {}) as DockerodeErrorShape;
  const json = shape.json as { message?: unknown } | null | undefined;
  if (json !== null && typeof json === 'object' && typeof json.message === 'string') return json.message;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  // dockerode writes `(HTTP code N) <its label for N> - <the engine's words>`; the label is all there
  // is when the engine said nothing.
  const wrapped = /^\(HTTP code \d+\) (.*?) - ([\s\S]*)$/.exec(message);
  if (wrapped === null) return message.trim();
  return (wrapped[2] ?? '').trim() || (wrapped[1] ?? '').trim();
}

/** Whether the failure is the socket to the engine, not the engine's answer. */
export function isEngineUnreachable(error: unknown): boolean {
  if (error instanceof RuntimeUnavailableError || error instanceof EventStreamEndedError) return true;
  if (engineStatus(error) !== undefined) return false;
  const code = (error as DockerodeErrorShape | null)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = (error as DockerodeErrorShape | null)?.message;
  return typeof message === 'string' && /socket hang up|other side closed|premature close/i.test(message);
}

export function isNotFound(error: unknown): boolean {
  return engineStatus(error) === 404;
}

export function isNoSuchImage(error: unknown): boolean {
  return engineStatus(error) === 404 && /no such image/i.test(engineReason(error));
}

/** 304: the container is already in the state asked for (started, stopped). */
export function isNotModified(error: unknown): boolean {
  return engineStatus(error) === 304;
}

export function isNameConflict(error: unknown): boolean {
  return engineStatus(error) === 409 && /already in use/i.test(engineReason(error));
}

/** 409 on kill or remove: the container is not running, or its removal is already under way. */
export function isStateConflict(error: unknown): boolean {
  return engineStatus(error) === 409;
}

/** Whether the error leaves a task to be retried once the engine answers again. */
export function isPassing(error: unknown): boolean {
  return error instanceof RuntimeUnavailableError || error instanceof TemporaryExecutorError;
}

/** The typed error for an engine failure during `context.operation`; typed errors pass unchanged. */
export function executorError(error: unknown, context: EngineErrorContext): ExecutorError {
  if (error instanceof ExecutorError) return error;
  const cause = { cause: error };
  const { taskId, operation } = context;
  if (isEngineUnreachable(error)) {
    const why = error instanceof Error ? error.message : String(error);
    return new RuntimeUnavailableError(
      'docker',
      `docker engine unreachable at ${context.engine}: ${why}`,
      cause,
    );
  }
  const status = engineStatus(error);
  const reason = engineReason(error);
  if (status === undefined) {
    const code = (error as DockerodeErrorShape | null)?.code;
    const name = error instanceof Error ? error.name : '';
    if (
      (typeof code === 'string' && TIMEOUT_CODES.has(code)) ||
      name === 'AbortError' ||
      name === 'TimeoutError'
    ) {
      return new TemporaryExecutorError(taskId, operation, reason, cause);
    }
  }
  if (operation === 'pull') {
    return new TaskRejectedError(
      taskId,
      `image ${context.image ?? ''} could not be pulled: ${reason}`,
      cause,
    );
  }
  if (/port is already allocated|address already in use/i.test(reason)) {
    const port = takenPort(reason) ?? context.hostPorts?.join(', ') ?? '?';
    return new TaskRejectedError(taskId, `host port ${port} is already in use: ${reason}`, cause);
  }
  const source = /bind source path does not exist: (.*)$/.exec(reason);
  if (source !== null)
    return new TaskRejectedError(taskId, `bad mount source ${source[1]}: ${reason}`, cause);
  if (/OCI runtime|executable file not found|exec format error/i.test(reason)) {
    return new TaskStartError(taskId, reason, cause);
  }
  if (status === 404) {
    if (/no such image/i.test(reason)) {
      return new TaskRejectedError(taskId, `no such image ${context.image ?? ''}: ${reason}`, cause);
    }
    return new ContainerGoneError(taskId, context.container, cause);
  }
  if (status === 409 && operation === 'create') {
    return new TaskRejectedError(taskId, `container name ${context.container} is taken: ${reason}`, cause);
  }
  if (status !== undefined && status >= 500)
    return new TemporaryExecutorError(taskId, operation, reason, cause);
  if (operation === 'create' || operation === 'volume') {
    // The engine refused the container's configuration (a memory limit below its minimum, …).
    return status !== undefined && status < 500
      ? new TaskRejectedError(taskId, reason, cause)
      : new TaskPrepareError(taskId, reason, cause);
  }
  if (operation === 'start') return new TaskStartError(taskId, reason, cause);
  return new EngineRequestError(taskId, operation, status, reason, cause);
}

/** The host port an engine message names (`Bind for 0.0.0.0:8080 failed: port is already allocated`). */
function takenPort(reason: string): string | undefined {
  const match =
    /:(\d+) failed: port is already allocated/.exec(reason) ??
    /:(\d+): bind: address already in use/.exec(reason);
  return match?.[1];
}

/** The engine as a whole is not usable (connect, refresh, listing workloads): the runtime is unavailable. */
export function engineUnavailable(error: unknown, engine: string): RuntimeUnavailableError {
  if (error instanceof RuntimeUnavailableError) return error;
  const reason = isEngineUnreachable(error)
    ? `docker engine unreachable at ${engine}: ${error instanceof Error ? error.message : String(error)}`
    : `docker engine at ${engine} failed: ${engineReason(error)}`;
  return new RuntimeUnavailableError('docker', reason, { cause: error });
}
