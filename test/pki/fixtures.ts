// Shared fixtures for the pki tests: a fixed clock, seeded bytes, and hand-built requests and
// certificates carrying what covey itself never produces (RSA or weak keys, SHA-1, odd subjects).
import { createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { SeededRandom } from '../../raft/random.ts';
import { SIGNATURE_ALGORITHM } from '../../pki/key-pair.ts';
import type { RandomBytes } from '../../pki/random-bytes.ts';
import type { RootCa } from '../../pki/root-ca.ts';
import { x509 } from '../../pki/x509.ts';

export const NOW = new Date('2031-03-01T12:00:00.000Z');
export const DAY_MS = 24 * 60 * 60 * 1000;

export function seededBytes(seed: number): RandomBytes {
  const random = new SeededRandom(seed);
  return (length) => Uint8Array.from({ length }, () => random.intn(256));
}

const SIGNATURE_OIDS = {
  'ecdsa-sha1': '1.2.840.10045.4.1',
  'ecdsa-sha256': '1.2.840.10045.4.3.2',
  'rsa-sha256': '1.2.840.113549.1.1.11',
} as const;

export type CraftedKey = 'p256' | 'p384' | 'p192' | 'secp256k1' | 'rsa' | 'ed25519';

export function craftKey(kind: CraftedKey): KeyObject {
  switch (kind) {
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    case 'p192':
      return generateKeyPairSync('ec', { namedCurve: 'prime192v1' }).privateKey;
    case 'secp256k1':
      return generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').privateKey;
  }
}

/** A PKCS#10 request built and signed outside WebCrypto, so it can carry any key and algorithm. */
export function craftCsr(options: {
  readonly key: KeyObject;
  readonly subject?: string;
  readonly signature?: keyof typeof SIGNATURE_OIDS;
  /** Sign with this key instead of `key` (a request whose signature does not match its key). */
  readonly signWith?: KeyObject;
}): Uint8Array {
  const spki = createPublicKey(options.key).export({ format: 'der', type: 'spki' });
  const info = new CertificationRequestInfo({
    version: 0,
    subject: AsnConvert.parse(new x509.Name(options.subject ?? 'CN=crafted').toArrayBuffer(), Name),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
  });
  const algorithm =
    options.signature ?? (options.key.asymmetricKeyType === 'rsa' ? 'rsa-sha256' : 'ecdsa-sha256');
  const hash = algorithm === 'ecdsa-sha1' ? 'sha1' : 'sha256';
  const tbs = Buffer.from(AsnConvert.serialize(info));
  const signature = sign(
    options.key.asymmetricKeyType === 'ed25519' ? null : hash,
    tbs,
    options.signWith ?? options.key,
  );
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SIGNATURE_OIDS[algorithm] }),
    signature: new Uint8Array(signature).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/**
 * A certificate signed with the CA's key but with any subject and extensions: the identity checks must
 * hold even for what the CA's own issuer would never write.
 */
export async function craftCertificate(
  ca: RootCa,
  options: {
    readonly subject: string;
    readonly notBefore?: Date;
    readonly notAfter?: Date;
    readonly ca?: boolean;
  },
): Promise<Uint8Array> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: '4101',
    subject: options.subject,
    issuer: ca.certificate.subjectName,
    notBefore: options.notBefore ?? new Date(NOW.getTime() - DAY_MS),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + DAY_MS),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGNATURE_ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true)],
  });
  return new Uint8Array(certificate.rawData);
}
