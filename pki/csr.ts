// PKCS#10 certificate signing requests: a joining node proves it holds its private key; the CA checks
// the proof and the key, and ignores everything else the request claims (subject, extensions).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CsrInvalidError, PemFormatError } from './errors.ts';
import { type KeyPair, SIGNATURE_ALGORITHM } from './key-pair.ts';
import { pemDecode, pemEncode } from './pem.ts';
import { x509 } from './x509.ts';

/** What a covey node puts in its request's subject; the CA never reads it. */
export const CSR_COMMON_NAME = 'covey-node';

/** Curves the CA accepts in a request: the NIST curves TLS stacks and WebCrypto all implement. */
const ACCEPTED_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};
const ACCEPTED_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);

export async function createCsr(keys: KeyPair): Promise<string> {
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [CSR_COMMON_NAME] }],
    keys,
    signingAlgorithm: SIGNATURE_ALGORITHM,
  });
  return pemEncode(new Uint8Array(request.rawData), 'CERTIFICATE REQUEST');
}

export interface CheckedCsr {
  readonly request: x509.Pkcs10CertificateRequest;
  /** The requester's public key (SubjectPublicKeyInfo DER), the only thing the CA takes from it. */
  readonly publicKeySpki: Uint8Array;
}

/**
 * Parses a request (PEM or DER) and checks it: an ECDSA key on P-256/P-384/P-521, a SHA-2 signature,
 * and a signature that verifies with that key. CsrInvalidError says which check failed.
 */
export async function checkCsr(input: string | Uint8Array): Promise<CheckedCsr> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(
      typeof input === 'string' ? pemDecode(input, 'CERTIFICATE REQUEST') : input,
    );
  } catch (cause) {
    const detail = cause instanceof PemFormatError ? cause.message : 'not a valid PKCS#10 request';
    throw new CsrInvalidError('malformed', detail, { cause });
  }
  const publicKeySpki = new Uint8Array(request.publicKey.rawData);
  checkKey(publicKeySpki);
  let hash: string;
  try {
    // The library types this with DOM's Algorithm, which Node's typings lack: say what we read.
    const algorithm = request.signatureAlgorithm as unknown as { name?: unknown; hash?: { name?: unknown } };
    hash = String(algorithm.hash?.name ?? algorithm.name);
  } catch (cause) {
    throw new CsrInvalidError('weak-signature', 'the request is signed with an unknown algorithm', { cause });
  }
  if (!ACCEPTED_HASHES.has(hash)) {
    throw new CsrInvalidError(
      'weak-signature',
      `the request is signed with ECDSA/${hash}; covey requires SHA-256 or stronger`,
    );
  }
  let valid: boolean;
  try {
    valid = await request.verify();
  } catch {
    valid = false;
  }
  if (!valid)
    throw new CsrInvalidError('bad-signature', 'the request signature does not verify with its key');
  return { request, publicKeySpki };
}

function checkKey(spki: Uint8Array): void {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new CsrInvalidError('unsupported-key', 'the request key is of a kind covey cannot read', { cause });
  }
  if (key.asymmetricKeyType !== 'ec') {
    throw new CsrInvalidError(
      'unsupported-key',
      `the request carries a key of type ${key.asymmetricKeyType ?? 'unknown'}; covey requires ECDSA (P-256, P-384 or P-521)`,
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
  if (ACCEPTED_CURVES[curve] !== undefined) return;
  const bits = Number(/\d{3}/.exec(curve)?.[0] ?? Number.NaN);
  if (bits < 256) {
    throw new CsrInvalidError(
      'weak-key',
      `the request key is on ${curve} (${bits} bits); covey requires P-256 or stronger`,
    );
  }
  throw new CsrInvalidError(
    'unsupported-key',
    `the request key is on ${curve}; covey requires P-256, P-384 or P-521`,
  );
}
