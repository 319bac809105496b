// The joining side of RaftMembership.Join: asks the managers it knows (following the leader address
// a follower names) to add this manager to the Raft group, retrying through elections.
import * as grpc from '@grpc/grpc-js';
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../pki/grpc-credentials.ts';
import type { TlsBundle } from '../pki/tls-bundle.ts';
import type { RaftJoinResponse__Output } from '../proto/gen/covey/v1/RaftJoinResponse.ts';
import type { RaftMember__Output } from '../proto/gen/covey/v1/RaftMember.ts';
import { loadCoveyProto } from '../proto/load.ts';
import { LEADER_ADDR_METADATA } from './grpc/error-status.ts';

export class RaftJoinError extends Error {
  override name = 'RaftJoinError';
}

export async function joinRaft(o: {
  readonly bundle: TlsBundle;
  readonly managers: readonly string[];
  readonly advertiseAddr: string;
  /** Give up after this long. Default 60 s. */
  readonly timeoutMs?: number;
}): Promise<RaftMember__Output[]> {
  const Client = loadCoveyProto().covey.v1.RaftMembership;
  const creds = channelCredentials(o.bundle);
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  const queue = [...o.managers];
  let lastError = 'no manager address given';
  let attempt = 0;
  while (Date.now() < deadline) {
    const addr = queue[attempt % queue.length];
    attempt++;
    if (addr === undefined) break;
    const client = new Client(addr, creds, { ...TLS_CHANNEL_OPTIONS });
    try {
      const r = await new Promise<RaftJoinResponse__Output>((resolve, reject) => {
        client.Join({ addr: o.advertiseAddr }, { deadline: Date.now() + 15_000 }, (err, value) =>
          err || !value ? reject(err ?? new Error('empty response')) : resolve(value),
        );
      });
      return r.members;
    } catch (err) {
      const e = err as grpc.ServiceError;
      lastError = `${addr}: ${e.details ?? e.message}`;
      if (e.code === grpc.status.PERMISSION_DENIED || e.code === grpc.status.INVALID_ARGUMENT) {
        throw new RaftJoinError(lastError);
      }
      const leader = e.metadata?.get(LEADER_ADDR_METADATA)[0];
      if (typeof leader === 'string' && leader !== addr) {
        queue.splice(attempt % Math.max(queue.length, 1), 0, leader);
        continue;
      }
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
    } finally {
      client.close();
    }
  }
  throw new RaftJoinError(`could not join the raft group: ${lastError}`);
}
