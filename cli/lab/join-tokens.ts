// The join tokens of a lab's new cluster, read through the control API of its first manager (they
// are there as soon as the first Raft entry is applied).
import { ControlClient } from '../control-client.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { JoinTokens__Output } from '../../proto/gen/covey/v1/JoinTokens.ts';
import { waitFor } from './wait-for.ts';

export async function waitForJoinTokens(
  managerAddr: string,
  admin: TlsBundle,
  timeoutMs = 15_000,
): Promise<JoinTokens__Output> {
  const client = new ControlClient([managerAddr], admin);
  try {
    return await waitFor(
      async () => (await client.getCluster()).cluster?.rootCa?.joinTokens ?? undefined,
      'join tokens',
      timeoutMs,
    );
  } finally {
    client.close();
  }
}
