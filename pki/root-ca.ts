// The cluster root CA: an ECDSA P-256 key and a self-signed certificate `CN=covey-root-ca, O=<clusterId>`
// that signs every node and admin certificate. Created once by `covey daemon --init`.
import { checkIdentifier } from './certificate-names.ts';
import { KeyInvalidError, PemFormatError, RootCaInvalidError } from './errors.ts';
import {
  exportPrivateKeyPem,
  importPrivateKeyPem,
  type KeyPair,
  parsePrivateKeyPem,
  privateKeyMatches,
  SIGNATURE_ALGORITHM,
  generateKeyPair,
} from './key-pair.ts';
import { type RandomBytes, secureRandomBytes } from './random-bytes.ts';
import { randomSerialNumber } from './serial-number.ts';
import { parseTrustAnchor, ROOT_CA_COMMON_NAME, type TrustAnchor } from './trust-anchor.ts';
import { x509 } from './x509.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** 10 years of 365 days. */
export const DEFAULT_ROOT_CA_VALIDITY_MS = 3650 * DAY_MS;
/**
 * notBefore is set this far before `now`, so a node whose clock lags the CA's by less than this still
 * accepts a certificate issued a moment ago.
 */
export const DEFAULT_BACKDATE_MS = 60 * 60 * 1000;

/** A trust anchor plus the key that signs with it; only managers hold one. */
export interface RootCa extends TrustAnchor {
  readonly keys: KeyPair;
}

export interface CreateRootCaOptions {
  readonly clusterId: string;
  readonly now: Date;
  /** Lifetime counted from `now`; default DEFAULT_ROOT_CA_VALIDITY_MS. */
  readonly validityMs?: number;
  readonly backdateMs?: number;
  readonly randomBytes?: RandomBytes;
}

export async function createRootCa(options: CreateRootCaOptions): Promise<RootCa> {
  checkIdentifier('clusterId', options.clusterId);
  const validityMs = options.validityMs ?? DEFAULT_ROOT_CA_VALIDITY_MS;
  if (!(validityMs > 0)) throw new RangeError(`validityMs must be positive, got ${validityMs}`);
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(options.randomBytes ?? secureRandomBytes),
    name: [{ CN: [ROOT_CA_COMMON_NAME] }, { O: [options.clusterId] }],
    notBefore: new Date(options.now.getTime() - (options.backdateMs ?? DEFAULT_BACKDATE_MS)),
    notAfter: new Date(options.now.getTime() + validityMs),
    keys,
    signingAlgorithm: SIGNATURE_ALGORITHM,
    extensions: [
      // pathLength 0: the root signs node certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { ...parseTrustAnchor(new Uint8Array(certificate.rawData)), keys };
}

/** The CA's private key as PKCS#8 PEM, for the managers' data dirs (and the Raft store). */
export function exportRootCaKeyPem(ca: RootCa): Promise<string> {
  return exportPrivateKeyPem(ca.keys.privateKey);
}

/** Loads a root CA saved as PEM; RootCaInvalidError when either half is unusable or they do not match. */
export async function loadRootCa(certPem: string, keyPem: string): Promise<RootCa> {
  const anchor = parseTrustAnchor(certPem);
  try {
    if (
      !privateKeyMatches(parsePrivateKeyPem(keyPem), new Uint8Array(anchor.certificate.publicKey.rawData))
    ) {
      throw new RootCaInvalidError('key-mismatch', 'the private key does not belong to the CA certificate');
    }
    return { ...anchor, keys: await importPrivateKeyPem(keyPem) };
  } catch (cause) {
    if (cause instanceof PemFormatError || cause instanceof KeyInvalidError) {
      throw new RootCaInvalidError('malformed', `CA key: ${cause.message}`, { cause });
    }
    throw cause;
  }
}
