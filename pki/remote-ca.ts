// The first step of joining: the manager's root CA certificate arrives over a channel nothing
// authenticates yet, and is trusted only if its digest is the one the operator's join token pins.
import { certificateDigest } from './certificate-digest.ts';
import { CaMismatchError, PemFormatError, RootCaInvalidError } from './errors.ts';
import { type JoinToken, parseJoinToken } from './join-token.ts';
import { pemDecode } from './pem.ts';
import { parseTrustAnchor, type TrustAnchor } from './trust-anchor.ts';

/**
 * The trust anchor to join with, once `caCert` (PEM or DER, as fetched) is proven to be the CA the
 * token pins. TokenFormatError for a bad token; CaMismatchError naming both digests when the CA is
 * another; RootCaInvalidError when the fetched bytes are not a certificate at all.
 */
export function verifyRemoteCa(token: string | JoinToken, caCert: string | Uint8Array): TrustAnchor {
  const pinned = typeof token === 'string' ? parseJoinToken(token) : token;
  let der: Uint8Array;
  try {
    der = typeof caCert === 'string' ? pemDecode(caCert, 'CERTIFICATE') : caCert;
  } catch (cause) {
    const detail = cause instanceof PemFormatError ? cause.message : 'not a PEM certificate';
    throw new RootCaInvalidError('malformed', detail, { cause });
  }
  // The digest is checked before the bytes are parsed: nothing from an unverified peer reaches the
  // ASN.1 parser beyond what hashing needs.
  const actual = certificateDigest(der);
  if (actual !== pinned.caDigest) throw new CaMismatchError(pinned.caDigest, actual);
  return parseTrustAnchor(der);
}
