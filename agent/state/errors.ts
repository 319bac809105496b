// Errors of the agent's local state.

/** The agent's task state file is damaged: it is set aside and the agent rebuilds from the runtime. */
export class AgentStateCorruptError extends Error {
  override name = 'AgentStateCorruptError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`agent state file ${path} is damaged: ${reason}`, options);
  }
}
