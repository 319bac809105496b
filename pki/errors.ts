// Named errors of covey's PKI. Each carries typed fields (a `reason` union where one failure has several
// causes) so the gRPC layer and the CLI map them to one clear message without parsing text.
import type { CertificateDigest } from './certificate-digest.ts';
import type { JoinRole, NodeRole } from './node-role.ts';

export class PkiError extends Error {
  override name = 'PkiError';
}

/** The PEM labels covey reads and writes. */
export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY' | 'CERTIFICATE REQUEST';

/** Text that should hold a PEM block of one type does not. */
export class PemFormatError extends PkiError {
  override name = 'PemFormatError';
  constructor(
    readonly expected: PemLabel,
    /** The label of the first PEM block found instead, or null when the text holds no PEM block. */
    readonly found: string | null,
    options?: ErrorOptions,
  ) {
    super(
      found === null
        ? `expected a PEM "${expected}" block, found no PEM data`
        : `expected a PEM "${expected}" block, found "${found}"`,
      options,
    );
  }
}

export type KeyProblem = 'malformed' | 'unsupported';

/** A private key covey cannot use: unparsable PKCS#8, or not an ECDSA P-256 key. */
export class KeyInvalidError extends PkiError {
  override name = 'KeyInvalidError';
  constructor(
    readonly reason: KeyProblem,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`invalid private key: ${detail}`, options);
  }
}

export type NameField = 'nodeId' | 'clusterId' | 'dnsName' | 'ipAddress';

/** A name the CA was asked to write into a certificate is not acceptable there. */
export class InvalidNameError extends PkiError {
  override name = 'InvalidNameError';
  constructor(
    readonly field: NameField,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`invalid ${field} ${JSON.stringify(value)}: ${rule}`);
  }
}

export type RootCaProblem = 'malformed' | 'not-a-ca' | 'not-covey' | 'key-mismatch' | 'expired';

/** A CA certificate (or CA certificate + key) that cannot serve as covey's cluster root. */
export class RootCaInvalidError extends PkiError {
  override name = 'RootCaInvalidError';
  constructor(
    readonly reason: RootCaProblem,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`invalid cluster root CA: ${detail}`, options);
  }
}

export type CsrProblem = 'malformed' | 'bad-signature' | 'unsupported-key' | 'weak-key' | 'weak-signature';

/** The CA refuses a certificate signing request. */
export class CsrInvalidError extends PkiError {
  override name = 'CsrInvalidError';
  constructor(
    readonly reason: CsrProblem,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`certificate signing request refused: ${detail}`, options);
  }
}

export type CertificateProblem =
  | 'absent'
  | 'malformed'
  | 'untrusted'
  | 'not-yet-valid'
  | 'expired'
  | 'not-a-node-certificate'
  | 'wrong-cluster'
  | 'missing-node-id'
  | 'missing-cluster-id'
  | 'missing-role';

/** A node (or admin) certificate that does not prove a covey identity. */
export class CertificateInvalidError extends PkiError {
  override name = 'CertificateInvalidError';
  constructor(
    readonly reason: CertificateProblem,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`invalid certificate: ${detail}`, options);
  }
}

/** The certificate names no covey role in its OU (absent, or a value that is not a role). */
export class RoleMissingError extends CertificateInvalidError {
  override name = 'RoleMissingError';
  constructor(
    /** The OU found, or null when there is none. */
    readonly found: string | null,
  ) {
    super(
      'missing-role',
      found === null
        ? 'the certificate names no role (no OU)'
        : `the certificate's OU ${JSON.stringify(found)} is not a covey role`,
    );
  }
}

/** A valid identity whose role may not make this call (the gRPC layer maps it to PERMISSION_DENIED). */
export class RoleNotAllowedError extends PkiError {
  override name = 'RoleNotAllowedError';
  constructor(
    readonly nodeId: string,
    readonly role: NodeRole,
    readonly allowed: readonly NodeRole[],
  ) {
    super(`${role} certificate of ${nodeId} is not allowed here (allowed: ${allowed.join(', ')})`);
  }
}

export type TokenProblem =
  | 'empty'
  | 'wrong-prefix'
  | 'unknown-version'
  | 'wrong-part-count'
  | 'bad-ca-digest'
  | 'unknown-role'
  | 'bad-secret'
  | 'bad-checksum';

/** Text that is not a well-formed covey join token. The message never repeats the secret. */
export class TokenFormatError extends PkiError {
  override name = 'TokenFormatError';
  constructor(
    readonly reason: TokenProblem,
    readonly detail: string,
  ) {
    super(`invalid join token: ${detail}`);
  }
}

export type TokenRejection = 'other-cluster' | 'not-current';

/** A well-formed join token that this cluster's CA does not accept. */
export class TokenRejectedError extends PkiError {
  override name = 'TokenRejectedError';
  constructor(
    readonly reason: TokenRejection,
    readonly role: JoinRole,
    /** The CA the token pins (for `other-cluster`, not this one). */
    readonly tokenCaDigest: CertificateDigest,
  ) {
    super(
      reason === 'other-cluster'
        ? `join token rejected: it belongs to another cluster (its CA is ${tokenCaDigest})`
        : `join token rejected: this ${role} token is not current (it was rotated, or never issued here)`,
    );
  }
}

/** The CA certificate a manager presented is not the one the join token pins. */
export class CaMismatchError extends PkiError {
  override name = 'CaMismatchError';
  constructor(
    /** The digest pinned by the token. */
    readonly expected: CertificateDigest,
    /** The digest of the certificate the remote end presented. */
    readonly actual: CertificateDigest,
  ) {
    super(
      `the manager's root CA ${actual} is not the CA ${expected} pinned by the join token ` +
        '(wrong token for this cluster, or someone is intercepting the connection)',
    );
  }
}

export type BundleFile = 'ca.pem' | 'cert.pem' | 'key.pem';
export type BundleProblem =
  | 'missing-file'
  | 'unreadable'
  | 'not-pem'
  | 'invalid-certificate'
  | 'invalid-key'
  | 'key-mismatch';

/** A TLS bundle (CA certificate, certificate, private key) that cannot be used as it stands. */
export class BundleError extends PkiError {
  override name = 'BundleError';
  constructor(
    readonly reason: BundleProblem,
    readonly file: BundleFile,
    /** The file's path on disk, or just its name when the bundle was given in memory. */
    readonly path: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${detail}`, options);
  }
}
