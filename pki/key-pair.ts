// ECDSA P-256 key pairs: generated in WebCrypto (what @peculiar/x509 signs with), stored as PKCS#8 PEM,
// and compared with Node's KeyObject (which parses any key a peer might send).
import { createPrivateKey, createPublicKey, type KeyObject, webcrypto } from 'node:crypto';
import { KeyInvalidError } from './errors.ts';
import { pemDecode, pemEncode } from './pem.ts';

export type CryptoKey = webcrypto.CryptoKey;

export interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** The only key covey generates: NIST P-256, the curve every TLS stack supports. */
export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** How covey signs certificates and requests. */
export const SIGNATURE_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Extractable, so the private key can be written to the data dir. */
export async function generateKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ]);
  return { privateKey, publicKey };
}

export async function exportPrivateKeyPem(privateKey: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', privateKey);
  return pemEncode(new Uint8Array(der), 'PRIVATE KEY');
}

/** SubjectPublicKeyInfo DER of a public key. */
export async function exportPublicKeyDer(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.exportKey('spki', publicKey));
}

/**
 * Parses a PKCS#8 PEM private key (PemFormatError when the text holds none) and checks it is P-256
 * (KeyInvalidError otherwise).
 */
export function parsePrivateKeyPem(pem: string): KeyObject {
  const der = pemDecode(pem, 'PRIVATE KEY');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new KeyInvalidError('malformed', 'the PKCS#8 data does not parse', { cause });
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const what =
      key.asymmetricKeyType === 'ec'
        ? `an EC key on ${curve ?? 'an unnamed curve'}`
        : `a key of type ${key.asymmetricKeyType ?? 'unknown'}`;
    throw new KeyInvalidError('unsupported', `covey keys are ECDSA P-256; this is ${what}`);
  }
  return key;
}

/** Imports a PKCS#8 PEM P-256 private key with its public half (WebCrypto cannot derive it). */
export async function importPrivateKeyPem(pem: string): Promise<KeyPair> {
  const key = parsePrivateKeyPem(pem);
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('pkcs8', pkcs8, KEY_ALGORITHM, true, ['sign']),
    webcrypto.subtle.importKey('spki', spki, KEY_ALGORITHM, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

/** Whether a private key (KeyObject or PKCS#8 PEM) is the other half of a SubjectPublicKeyInfo. */
export function privateKeyMatches(privateKey: KeyObject | string, spkiDer: Uint8Array): boolean {
  const key = typeof privateKey === 'string' ? parsePrivateKeyPem(privateKey) : privateKey;
  let certKey: KeyObject;
  try {
    certKey = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  // KeyObject.equals compares the key material, not its encoding (compressed vs uncompressed points).
  return createPublicKey(key).equals(certKey);
}
