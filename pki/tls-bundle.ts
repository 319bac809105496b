// A TLS bundle — root CA certificate, own certificate, own private key, all PEM — and the check that it
// is usable as a whole: the certificate chains to the CA, is valid now, and belongs to the key.
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import {
  BundleError,
  type BundleFile,
  type BundleProblem,
  CertificateInvalidError,
  KeyInvalidError,
  PemFormatError,
  RootCaInvalidError,
} from './errors.ts';
import { parsePrivateKeyPem, privateKeyMatches } from './key-pair.ts';
import { type NodeIdentity, verifyNodeCertificate } from './node-identity.ts';
import { pemDecode } from './pem.ts';
import { parseTrustAnchor, type TrustAnchor } from './trust-anchor.ts';
import { x509 } from './x509.ts';

export interface TlsBundle {
  /** The cluster root CA certificate. */
  readonly caCert: string;
  /** This node's (or admin's) certificate. */
  readonly cert: string;
  /** Its PKCS#8 private key. */
  readonly key: string;
}

export interface CheckedTlsBundle extends TlsBundle {
  readonly anchor: TrustAnchor;
  readonly identity: NodeIdentity;
}

/** The file each part is stored in (see client-bundle.ts); errors name it. */
export const BUNDLE_FILES: Readonly<Record<keyof TlsBundle, BundleFile>> = {
  caCert: 'ca.pem',
  cert: 'cert.pem',
  key: 'key.pem',
};

export interface CheckTlsBundleOptions {
  readonly now: Date;
  /** Where the files live, so errors carry full paths; errors name bare files without it. */
  readonly dir?: string;
}

/**
 * Checks every part and their fit. BundleError names the file and the problem: `not-pem`,
 * `invalid-certificate` (bad CA, untrusted, expired, no covey identity), `invalid-key` or `key-mismatch`.
 */
export async function checkTlsBundle(
  bundle: TlsBundle,
  options: CheckTlsBundleOptions,
): Promise<CheckedTlsBundle> {
  const where = (file: BundleFile): string => (options.dir === undefined ? file : join(options.dir, file));
  const fail = (reason: BundleProblem, file: BundleFile, detail: string, cause?: unknown): BundleError =>
    new BundleError(reason, file, where(file), detail, { cause });
  const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  let anchor: TrustAnchor;
  try {
    anchor = parseTrustAnchor(bundle.caCert);
  } catch (cause) {
    if (cause instanceof RootCaInvalidError && cause.cause instanceof PemFormatError) {
      throw fail('not-pem', 'ca.pem', cause.cause.message, cause);
    }
    throw fail('invalid-certificate', 'ca.pem', messageOf(cause), cause);
  }
  let certDer: Uint8Array;
  try {
    certDer = pemDecode(bundle.cert, 'CERTIFICATE');
  } catch (cause) {
    throw fail('not-pem', 'cert.pem', messageOf(cause), cause);
  }
  let key: KeyObject;
  try {
    key = parsePrivateKeyPem(bundle.key);
  } catch (cause) {
    if (cause instanceof PemFormatError) throw fail('not-pem', 'key.pem', cause.message, cause);
    if (cause instanceof KeyInvalidError) throw fail('invalid-key', 'key.pem', cause.message, cause);
    throw cause;
  }
  let spki: Uint8Array;
  try {
    spki = new Uint8Array(new x509.X509Certificate(certDer).publicKey.rawData);
  } catch (cause) {
    throw fail('invalid-certificate', 'cert.pem', 'not a valid X.509 certificate', cause);
  }
  if (!privateKeyMatches(key, spki)) {
    throw fail(
      'key-mismatch',
      'key.pem',
      `the key does not belong to the certificate in ${where('cert.pem')}`,
    );
  }
  let identity: NodeIdentity;
  try {
    identity = await verifyNodeCertificate(certDer, anchor, options.now);
  } catch (cause) {
    if (cause instanceof CertificateInvalidError)
      throw fail('invalid-certificate', 'cert.pem', cause.message, cause);
    throw cause;
  }
  return { caCert: bundle.caCert, cert: bundle.cert, key: bundle.key, anchor, identity };
}
