// Who a certificate says its holder is — `CN=<nodeId>, OU=<role>, O=<clusterId>` — and whether to
// believe it: signed by the cluster's root CA and within its validity at an injected `now`.
import { type CertificateDigest, certificateDigest } from './certificate-digest.ts';
import { CertificateInvalidError, PemFormatError, RoleMissingError, RoleNotAllowedError } from './errors.ts';
import { isNodeRole, type NodeRole } from './node-role.ts';
import { pemDecode } from './pem.ts';
import type { TrustAnchor } from './trust-anchor.ts';
import { x509 } from './x509.ts';

export interface NodeIdentity {
  readonly nodeId: string;
  readonly role: NodeRole;
  readonly clusterId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** `sha256:<hex>` of the certificate's DER: a stable key for logs and verification caches. */
  readonly fingerprint: CertificateDigest;
  readonly serialNumber: string;
}

/**
 * The shape of grpc-js's `call.getAuthContext().sslPeerCertificate` (a `tls.PeerCertificate`); only
 * `raw` is read. Node hands out `{}` when the peer sent no certificate, hence the optional.
 */
export interface RawCertificate {
  readonly raw?: Uint8Array | undefined;
}

/** PEM text, DER bytes, or a peer certificate object. */
export type CertificateInput = string | Uint8Array | RawCertificate;

interface ParsedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly der: Uint8Array;
}

function parseCertificate(input: CertificateInput | null | undefined): ParsedCertificate {
  let der: Uint8Array | undefined;
  try {
    if (typeof input === 'string') der = pemDecode(input, 'CERTIFICATE');
    else if (input instanceof Uint8Array) der = input;
    else der = input?.raw;
  } catch (cause) {
    const detail = cause instanceof PemFormatError ? cause.message : 'not a PEM certificate';
    throw new CertificateInvalidError('malformed', detail, { cause });
  }
  if (der === undefined || der.length === 0) {
    throw new CertificateInvalidError('absent', 'no certificate was presented');
  }
  try {
    return { certificate: new x509.X509Certificate(der), der };
  } catch (cause) {
    throw new CertificateInvalidError('malformed', 'not a valid X.509 certificate', { cause });
  }
}

function identityOf({ certificate, der }: ParsedCertificate): NodeIdentity {
  const [nodeId, ...moreIds] = certificate.subjectName.getField('CN');
  if (nodeId === undefined || nodeId === '' || moreIds.length > 0) {
    throw new CertificateInvalidError(
      'missing-node-id',
      `${certificate.subject} does not name exactly one node (CN)`,
    );
  }
  const [clusterId, ...moreClusters] = certificate.subjectName.getField('O');
  if (clusterId === undefined || clusterId === '' || moreClusters.length > 0) {
    throw new CertificateInvalidError(
      'missing-cluster-id',
      `${certificate.subject} does not name exactly one cluster (O)`,
    );
  }
  const units = certificate.subjectName.getField('OU');
  const role = units[0];
  if (role === undefined || units.length > 1 || !isNodeRole(role))
    throw new RoleMissingError(units.join(',') || null);
  return {
    nodeId,
    role,
    clusterId,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    fingerprint: certificateDigest(der),
    serialNumber: certificate.serialNumber,
  };
}

/**
 * The identity a certificate claims, trusting nothing: for showing a node its own certificate, or for
 * a check after TLS has already verified the chain. CertificateInvalidError (or its RoleMissingError)
 * when it names no complete identity.
 */
export function readNodeIdentity(input: CertificateInput | null | undefined): NodeIdentity {
  return identityOf(parseCertificate(input));
}

/**
 * The identity a certificate proves: issued and signed by `anchor`, not a CA itself, valid at `now`,
 * and of the anchor's cluster. Costs about a millisecond (parse + ECDSA verify): callers on a hot path
 * may cache the identity by fingerprint, and must still re-check notAfter against their clock.
 */
export async function verifyNodeCertificate(
  input: CertificateInput | null | undefined,
  anchor: TrustAnchor,
  now: Date,
): Promise<NodeIdentity> {
  const parsed = parseCertificate(input);
  const { certificate } = parsed;
  let signed = certificate.issuer === anchor.certificate.subject;
  if (signed) {
    try {
      signed = await certificate.verify({ publicKey: anchor.certificate, signatureOnly: true });
    } catch {
      signed = false;
    }
  }
  if (!signed) {
    throw new CertificateInvalidError(
      'untrusted',
      `${certificate.subject} was not issued by this cluster's root CA (${anchor.digest})`,
    );
  }
  if (certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true) {
    throw new CertificateInvalidError('not-a-node-certificate', `${certificate.subject} is a CA certificate`);
  }
  if (now.getTime() < certificate.notBefore.getTime()) {
    throw new CertificateInvalidError(
      'not-yet-valid',
      `${certificate.subject} is not valid before ${certificate.notBefore.toISOString()} (check the clocks)`,
    );
  }
  if (now.getTime() > certificate.notAfter.getTime()) {
    throw new CertificateInvalidError(
      'expired',
      `${certificate.subject} expired at ${certificate.notAfter.toISOString()}`,
    );
  }
  const identity = identityOf(parsed);
  if (identity.clusterId !== anchor.clusterId) {
    throw new CertificateInvalidError(
      'wrong-cluster',
      `${certificate.subject} belongs to cluster ${identity.clusterId}, not ${anchor.clusterId}`,
    );
  }
  return identity;
}

/** RoleNotAllowedError unless the identity's role is one of `allowed`. */
export function requireRole(identity: NodeIdentity, allowed: readonly NodeRole[]): void {
  if (!allowed.includes(identity.role))
    throw new RoleNotAllowedError(identity.nodeId, identity.role, allowed);
}
