// What the Raft driver needs from its surroundings: durable storage, a transport to the other
// members, and the replicated state machine. Each has one production implementation (WAL, gRPC,
// the store) and the driver is tested against in-memory ones.
import type { Entry, HardState, Message, NodeId, Snapshot } from '../../raft/types.ts';

export interface RaftPersistence {
  /** Resolves once the hard state and entries are durable (fsynced when mustSync). */
  save(hardState: HardState | undefined, entries: readonly Entry[], mustSync: boolean): Promise<void>;
  /** Writes a snapshot durably (a received one, or one the state machine took). */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  /** Log segments wholly at or below `index` may be deleted (a snapshot covers them). */
  releaseTo(index: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface RaftPeerTransport {
  /** Non-blocking: queued per peer; Raft tolerates loss, so a full queue drops. */
  send(messages: readonly Message[]): void;
  onMessage(handler: (m: Message) => void): void;
  onUnreachable(handler: (peer: NodeId) => void): void;
  setPeer(id: NodeId, addr: string): void;
  removePeer(id: NodeId): void;
  close(): Promise<void>;
}

/** The replicated state machine. apply() must be deterministic: no clocks, no randomness. */
export interface StateMachine<R> {
  apply(entry: Entry): R;
  /** Serializes the whole state as of the last applied entry. */
  snapshot(): Uint8Array;
  /** Replaces the whole state with a snapshot's. */
  restore(data: Uint8Array): void;
}
