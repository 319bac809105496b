// The CA issuing node and admin certificates. The subject — `CN=<nodeId>, OU=<role>, O=<clusterId>` —
// and the alternative names come from the CA's decision, never from the request.
import { checkDnsName, checkIdentifier, checkIpAddress } from './certificate-names.ts';
import { type CheckedCsr, checkCsr } from './csr.ts';
import { RootCaInvalidError } from './errors.ts';
import { exportPrivateKeyPem, exportPublicKeyDer, generateKeyPair, SIGNATURE_ALGORITHM } from './key-pair.ts';
import { type NodeIdentity, readNodeIdentity } from './node-identity.ts';
import type { NodeRole } from './node-role.ts';
import { pemEncode } from './pem.ts';
import { type RandomBytes, secureRandomBytes } from './random-bytes.ts';
import { DEFAULT_BACKDATE_MS, type RootCa } from './root-ca.ts';
import { randomSerialNumber } from './serial-number.ts';
import { x509 } from './x509.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_NODE_CERT_VALIDITY_MS = 90 * DAY_MS;

/** What the CA decided about the requester, whatever its request says. */
export interface CertificateDecision {
  readonly nodeId: string;
  readonly role: NodeRole;
  /** Subject alternative names; none by default (peers check identity by subject, see README). */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly now: Date;
  /**
   * Lifetime counted from `now`; default DEFAULT_NODE_CERT_VALIDITY_MS. Never extends past the CA's
   * own notAfter.
   */
  readonly validityMs?: number;
  readonly backdateMs?: number;
  readonly randomBytes?: RandomBytes;
}

export interface IssuedCertificate {
  readonly certPem: string;
  readonly identity: NodeIdentity;
}

export interface IssuedCredentials extends IssuedCertificate {
  /** PKCS#8 PEM. */
  readonly keyPem: string;
}

/**
 * Signs a node's request (PEM or DER). CsrInvalidError when the request is refused (see checkCsr);
 * InvalidNameError for a bad decision; RootCaInvalidError when the CA itself has expired.
 */
export async function signCsr(
  ca: RootCa,
  csr: string | Uint8Array | CheckedCsr,
  decision: CertificateDecision,
): Promise<IssuedCertificate> {
  checkDecision(decision);
  const checked = typeof csr === 'string' || csr instanceof Uint8Array ? await checkCsr(csr) : csr;
  return issue(ca, checked.publicKeySpki, decision);
}

/**
 * Issues a certificate for a key the CA generates itself: the first manager at `--init` and the admin
 * client bundle, where there is no remote requester to prove anything.
 */
export async function issueCredentials(
  ca: RootCa,
  decision: CertificateDecision,
): Promise<IssuedCredentials> {
  checkDecision(decision);
  const keys = await generateKeyPair();
  const [issued, keyPem] = await Promise.all([
    exportPublicKeyDer(keys.publicKey).then((spki) => issue(ca, spki, decision)),
    exportPrivateKeyPem(keys.privateKey),
  ]);
  return { ...issued, keyPem };
}

function checkDecision(decision: CertificateDecision): void {
  checkIdentifier('nodeId', decision.nodeId);
  for (const name of decision.dnsNames ?? []) checkDnsName(name);
  for (const ip of decision.ipAddresses ?? []) checkIpAddress(ip);
  const validityMs = decision.validityMs ?? DEFAULT_NODE_CERT_VALIDITY_MS;
  if (!(validityMs > 0)) throw new RangeError(`validityMs must be positive, got ${validityMs}`);
}

async function issue(
  ca: RootCa,
  spki: Uint8Array,
  decision: CertificateDecision,
): Promise<IssuedCertificate> {
  const now = decision.now.getTime();
  const caNotAfter = ca.certificate.notAfter.getTime();
  if (now >= caNotAfter) {
    throw new RootCaInvalidError(
      'expired',
      `the cluster root CA expired at ${ca.certificate.notAfter.toISOString()}`,
    );
  }
  const publicKey = new x509.PublicKey(spki);
  const altNames = [
    ...(decision.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(decision.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(decision.randomBytes ?? secureRandomBytes),
    subject: [{ CN: [decision.nodeId] }, { OU: [decision.role] }, { O: [ca.clusterId] }],
    issuer: ca.certificate.subjectName,
    notBefore: new Date(
      Math.max(now - (decision.backdateMs ?? DEFAULT_BACKDATE_MS), ca.certificate.notBefore.getTime()),
    ),
    notAfter: new Date(Math.min(now + (decision.validityMs ?? DEFAULT_NODE_CERT_VALIDITY_MS), caNotAfter)),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGNATURE_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      caKeyId === undefined
        ? await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey)
        : new x509.AuthorityKeyIdentifierExtension(caKeyId),
      ...(altNames.length > 0 ? [new x509.SubjectAlternativeNameExtension(altNames)] : []),
    ],
  });
  const der = new Uint8Array(certificate.rawData);
  return { certPem: pemEncode(der, 'CERTIFICATE'), identity: readNodeIdentity(der) };
}
