// What a member answers a client's proposal or read (the simulated client RPC).
import type { NodeId } from '../../raft/types.ts';
import type { KvOutput } from './history.ts';

export type ClientReply =
  | { readonly kind: 'ok'; readonly output: KvOutput | undefined }
  | { readonly kind: 'not-leader'; readonly leader: NodeId }
  | { readonly kind: 'dropped'; readonly reason: string }
  /** The proposal's log slot was taken by another entry: it will never apply here. */
  | { readonly kind: 'lost' };

export type Reply = (r: ClientReply) => void;
