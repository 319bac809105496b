// The joining side of RaftMembership.Join: asks the managers this daemon knows to add it to the
// Raft group (as a learner; the leader promotes it once it has caught up).
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../../pki/grpc-credentials.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { RaftJoinResponse__Output } from '../../proto/gen/covey/v1/RaftJoinResponse.ts';
import type { RaftMember__Output } from '../../proto/gen/covey/v1/RaftMember.ts';
import { loadCoveyProto } from '../../proto/load.ts';
import { withManagers } from './manager-attempts.ts';

export class RaftJoinError extends Error {
  override name = 'RaftJoinError';
}

export function joinRaft(o: {
  readonly bundle: TlsBundle;
  readonly managers: readonly string[];
  readonly advertiseAddr: string;
  /** Give up after this long. Default 60 s. */
  readonly timeoutMs?: number;
}): Promise<RaftMember__Output[]> {
  const Client = loadCoveyProto().covey.v1.RaftMembership;
  const creds = channelCredentials(o.bundle);
  return withManagers({
    managers: o.managers,
    timeoutMs: o.timeoutMs ?? 60_000,
    attempt: async (addr) => {
      const client = new Client(addr, creds, { ...TLS_CHANNEL_OPTIONS });
      try {
        const r = await new Promise<RaftJoinResponse__Output>((resolve, reject) =>
          client.Join({ addr: o.advertiseAddr }, { deadline: Date.now() + 15_000 }, (err, value) =>
            err || !value ? reject(err ?? new Error('empty response')) : resolve(value),
          ),
        );
        return r.members;
      } finally {
        client.close();
      }
    },
    fail: (last, final) => new RaftJoinError(final ? last : `could not join the raft group: ${last}`),
  });
}
