// `sha256:<hex>` of a certificate's DER bytes: the CA digest that join tokens pin, and the fingerprint
// that names a peer certificate in logs and caches.
import { createHash } from 'node:crypto';

export type CertificateDigest = `sha256:${string}`;

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export function certificateDigest(der: Uint8Array): CertificateDigest {
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

export function isCertificateDigest(value: string): value is CertificateDigest {
  return DIGEST_RE.test(value);
}

/** The 32 raw bytes of a digest (the join token carries them, not the hex). */
export function digestBytes(digest: CertificateDigest): Uint8Array {
  return Buffer.from(digest.slice('sha256:'.length), 'hex');
}

export function digestFromBytes(bytes: Uint8Array): CertificateDigest {
  if (bytes.length !== 32) throw new RangeError(`a SHA-256 digest has 32 bytes, got ${bytes.length}`);
  return `sha256:${Buffer.from(bytes).toString('hex')}`;
}
