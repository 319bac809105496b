// What a manager knows about the Raft leadership and its fellow managers, for the servers that must
// redirect or forward (dispatcher sessions, control API writes, CA issuance) and for agents' lists.
export interface ManagerPeer {
  /** Node id = Raft member id = certificate CN. */
  readonly nodeId: string;
  /** host:port of its gRPC listener. */
  readonly addr: string;
  /** Believed reachable by this manager (the leader's progress or recent traffic). */
  readonly reachable: boolean;
}

export interface LeaderInfo {
  /** This manager's node id. */
  readonly nodeId: string;
  /** This manager is the Raft leader now. */
  isLeader(): boolean;
  /** The leader's node id, '' when no leader is known (election in progress). */
  leaderId(): string;
  /** The leader's gRPC address, undefined when unknown. */
  leaderAddr(): string | undefined;
  /** Every Raft voter and learner with a known address, this manager included. */
  managers(): readonly ManagerPeer[];
  /** Called on every change of leader (including to '' during an election). Returns an unsubscribe. */
  onLeaderChange(listener: (leaderId: string) => void): () => void;
}
