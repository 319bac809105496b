// Named errors of the dispatcher's decision core. The gRPC layer maps SessionInvalidError to
// INVALID_ARGUMENT (the agent opens a new session); status-update refusals are reasons to ignore.
import type { TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';

export class DispatcherError extends Error {
  override name = 'DispatcherError';
}

/** Why a session ID is refused: never seen or expired (`unknown`), or superseded by a re-register. */
export type SessionInvalidReason = 'unknown' | 'replaced';

/** The agent's session ID is not the node's live session: it must register again. */
export class SessionInvalidError extends DispatcherError {
  override name = 'SessionInvalidError';
  constructor(
    readonly nodeId: string,
    readonly sessionId: string,
    readonly reason: SessionInvalidReason,
  ) {
    super(
      reason === 'replaced'
        ? `session ${sessionId} of node ${nodeId} was replaced by a newer session; register again`
        : `session ${sessionId} of node ${nodeId} is unknown or expired; register again`,
    );
  }
}

/** Base of the reasons a task status update is ignored (never retried by the agent). */
export class StatusUpdateRefusedError extends DispatcherError {
  override name = 'StatusUpdateRefusedError';
  constructor(
    readonly taskId: string,
    message: string,
  ) {
    super(message);
  }
}

/** The task is not in the store (deleted, or never existed). */
export class UnknownTaskError extends StatusUpdateRefusedError {
  override name = 'UnknownTaskError';
  constructor(taskId: string) {
    super(taskId, `task ${taskId} is unknown`);
  }
}

/** The reporting node is not the one the task is assigned to. */
export class TaskNotOnNodeError extends StatusUpdateRefusedError {
  override name = 'TaskNotOnNodeError';
  constructor(
    taskId: string,
    readonly nodeId: string,
    readonly assignedNodeId: string,
  ) {
    super(
      taskId,
      `node ${nodeId} cannot update task ${taskId}: it is assigned to ${assignedNodeId || 'no node'}`,
    );
  }
}

/** The update carries no status. */
export class MissingStatusError extends StatusUpdateRefusedError {
  override name = 'MissingStatusError';
  constructor(taskId: string) {
    super(taskId, `status update for task ${taskId} carries no status`);
  }
}

/** The update would move the state backwards. */
export class StateRegressionError extends StatusUpdateRefusedError {
  override name = 'StateRegressionError';
  constructor(
    taskId: string,
    readonly current: TaskState__Output,
    readonly proposed: TaskState__Output,
  ) {
    super(taskId, `task ${taskId} cannot move from state ${current} back to ${proposed}`);
  }
}

/** The task already reached a terminal state; nothing changes it any more. */
export class TerminalStateError extends StatusUpdateRefusedError {
  override name = 'TerminalStateError';
  constructor(
    taskId: string,
    readonly current: TaskState__Output,
    readonly proposed: TaskState__Output,
  ) {
    super(taskId, `task ${taskId} is in terminal state ${current}; update to ${proposed} ignored`);
  }
}

/** The update repeats the stored status exactly; writing it would only cost a Raft entry. */
export class DuplicateStatusError extends StatusUpdateRefusedError {
  override name = 'DuplicateStatusError';
  constructor(
    taskId: string,
    readonly state: TaskState__Output,
  ) {
    super(taskId, `task ${taskId} already has this status (state ${state})`);
  }
}
