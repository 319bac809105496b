// grpc-js credentials from covey TLS bundles: servers that require (or merely accept) client
// certificates, and channels that trust only the cluster CA and check who the server is, not its address.
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { CertificateInvalidError } from './errors.ts';
import { readNodeIdentity, requireRole } from './node-identity.ts';
import type { NodeRole } from './node-role.ts';
import type { TlsBundle } from './tls-bundle.ts';
import { TlsCertificateSource } from './tls-certificate-source.ts';
import { parseTrustAnchor, type TrustAnchor } from './trust-anchor.ts';

/**
 * Channel options for covey's TLS channels. The server is checked by identity (serverIdentityCheck), not
 * by name, so the TLS server name is a constant: this also keeps Node from sending an IP address as SNI,
 * which RFC 6066 forbids (DEP0123).
 */
export const TLS_CHANNEL_OPTIONS: Readonly<grpc.ChannelOptions> = Object.freeze({
  'grpc.ssl_target_name_override': 'covey',
});

export interface ServerCredentialsOptions {
  /**
   * true: the TLS handshake refuses a client without a certificate from the cluster CA (mTLS-only port).
   * false: such clients connect too (the join flow's CA service shares the port); every RPC that needs
   * an identity must then call verifyNodeCertificate on `call.getAuthContext().sslPeerCertificate`,
   * which grpc-js leaves undefined unless the client sent a certificate the CA signed.
   */
  readonly requireClientCert: boolean;
}

/**
 * Server credentials from a bundle, or from a TlsCertificateSource to renew without a restart. Built on
 * grpc-js's certificate-provider API: `ServerCredentials.createSsl` cannot request a client certificate
 * without requiring it, which one port serving both joining nodes and members needs.
 */
export function serverCredentials(
  source: TlsBundle | TlsCertificateSource,
  options: ServerCredentialsOptions,
): grpc.ServerCredentials {
  const provider = source instanceof TlsCertificateSource ? source : new TlsCertificateSource(source);
  // One provider serves as both the identity and the CA source.
  return grpc.experimental.createCertificateProviderServerCredentials(
    provider,
    provider,
    options.requireClientCert,
  );
}

export interface ChannelCredentialsOptions {
  /**
   * Roles the server's certificate must name. Default: manager — every covey service a node or the CLI
   * dials runs on a manager, and a worker's certificate must not be able to pose as one.
   */
  readonly serverRoles?: readonly NodeRole[];
}

/** mTLS channel credentials: present the bundle's certificate, trust only its CA. */
export function channelCredentials(
  bundle: TlsBundle,
  options: ChannelCredentialsOptions = {},
): grpc.ChannelCredentials {
  const anchor = parseTrustAnchor(bundle.caCert);
  return grpc.credentials.createSsl(
    Buffer.from(anchor.certPem),
    Buffer.from(bundle.key),
    Buffer.from(bundle.cert),
    {
      checkServerIdentity: serverIdentityCheck(anchor, options.serverRoles ?? ['manager']),
    },
  );
}

/**
 * Server-authenticated channel for a node that has no certificate yet: it trusts the CA it verified with
 * verifyRemoteCa and sends its join token and CSR over this channel.
 */
export function joinChannelCredentials(
  anchor: TrustAnchor,
  options: ChannelCredentialsOptions = {},
): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(Buffer.from(anchor.certPem), null, null, {
    checkServerIdentity: serverIdentityCheck(anchor, options.serverRoles ?? ['manager']),
  });
}

/**
 * Encrypted but UNAUTHENTICATED: only for fetching the root CA certificate, whose digest verifyRemoteCa
 * then checks against the join token. Nothing secret may be sent over it.
 */
export function caFetchChannelCredentials(): grpc.ChannelCredentials {
  // Built once: createSsl(null, …) loads Node's whole root store into a new secure context (~18 ms),
  // which a thousand joins at once would pay a thousand times. Nothing in it is per-call.
  caFetchCredentials ??= grpc.credentials.createSsl(null, null, null, {
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
  return caFetchCredentials;
}
let caFetchCredentials: grpc.ChannelCredentials | undefined;

/**
 * Replaces host-name verification: TLS has already checked that the CA signed the server's certificate,
 * so what remains is that it names this cluster and an allowed role. Addresses change (DHCP, NAT, a
 * node reached by several names), identities do not — Swarm checks the role the same way.
 */
function serverIdentityCheck(
  anchor: TrustAnchor,
  roles: readonly NodeRole[],
): (hostname: string, cert: PeerCertificate) => Error | undefined {
  return (_hostname, cert) => {
    try {
      const identity = readNodeIdentity(cert);
      if (identity.clusterId !== anchor.clusterId) {
        return new CertificateInvalidError(
          'wrong-cluster',
          `the server belongs to cluster ${identity.clusterId}, not ${anchor.clusterId}`,
        );
      }
      requireRole(identity, roles);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    return undefined;
  };
}
