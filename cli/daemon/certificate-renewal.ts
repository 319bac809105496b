// Renews this node's certificate with a fresh key: before it expires, and after a promotion or
// demotion (the CA takes the role from the store, so the new certificate carries the new role).
import { createCsr } from '../../pki/csr.ts';
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../../pki/grpc-credentials.ts';
import { exportPrivateKeyPem, generateKeyPair } from '../../pki/key-pair.ts';
import { type NodeIdentity, readNodeIdentity } from '../../pki/node-identity.ts';
import type { NodeRole } from '../../pki/node-role.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { RenewNodeCertificateResponse__Output } from '../../proto/gen/covey/v1/RenewNodeCertificateResponse.ts';
import { loadCaProto } from '../../proto/load.ts';
import { withManagers } from './manager-attempts.ts';

export class RenewalError extends Error {
  override name = 'RenewalError';
}

/**
 * A new bundle from the first manager that answers. With `wantRole`, keeps trying (for up to
 * `timeoutMs`) until the certificate carries that role: a follower's store may not have applied the
 * role change yet.
 */
export async function renewCertificate(o: {
  readonly bundle: TlsBundle;
  readonly managers: readonly string[];
  readonly wantRole?: NodeRole;
  readonly timeoutMs?: number;
}): Promise<{ bundle: TlsBundle; identity: NodeIdentity }> {
  const keys = await generateKeyPair();
  const [csr, keyPem] = await Promise.all([createCsr(keys), exportPrivateKeyPem(keys.privateKey)]);
  const Client = loadCaProto().covey.v1.CAService;
  const creds = channelCredentials(o.bundle);
  return withManagers<{ bundle: TlsBundle; identity: NodeIdentity }>({
    managers: o.managers,
    timeoutMs: o.timeoutMs ?? 30_000,
    attempt: async (addr) => {
      const client = new Client(addr, creds, { ...TLS_CHANNEL_OPTIONS });
      try {
        const r = await new Promise<RenewNodeCertificateResponse__Output>((resolve, reject) =>
          client.RenewNodeCertificate(
            { csr: Buffer.from(csr) },
            { deadline: Date.now() + 10_000 },
            (err, v) => (err || !v ? reject(err ?? new Error('empty response')) : resolve(v)),
          ),
        );
        const bundle: TlsBundle = { caCert: o.bundle.caCert, cert: r.certificate.toString(), key: keyPem };
        const identity = readNodeIdentity(bundle.cert);
        if (!o.wantRole || identity.role === o.wantRole) return { bundle, identity };
        return { notYet: `still issues a ${identity.role} certificate` };
      } finally {
        client.close();
      }
    },
    fail: (last, final) => new RenewalError(final ? last : `could not renew the node certificate: ${last}`),
  });
}
