// What runs on the Raft leader only (orchestrators, scheduler, dispatcher state): started when this
// manager becomes leader, stopped when it loses leadership or shuts down. A loop must tolerate
// proposals failing with NotLeaderError while it is being stopped.
export interface LeaderLoop {
  /** Reads the store as it is now and starts following it. Called once per leadership term. */
  start(): void;
  /** Stops watching, cancels timers, waits for in-flight proposals to settle. */
  stop(): Promise<void>;
}
