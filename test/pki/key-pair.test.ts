// Key pairs: P-256 only, PKCS#8 PEM round trips, and matching a key to a certificate's public key.
import { createPublicKey } from 'node:crypto';
import t from 'tap';
import {
  exportPrivateKeyPem,
  exportPublicKeyDer,
  generateKeyPair,
  importPrivateKeyPem,
  parsePrivateKeyPem,
  privateKeyMatches,
} from '../../pki/key-pair.ts';
import { craftKey } from './fixtures.ts';

t.test('a generated key survives PKCS#8 PEM export and import', async (t) => {
  const keys = await generateKeyPair();
  const pem = await exportPrivateKeyPem(keys.privateKey);
  t.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
  const imported = await importPrivateKeyPem(pem);
  t.same(await exportPublicKeyDer(imported.publicKey), await exportPublicKeyDer(keys.publicKey));
  t.equal(await exportPrivateKeyPem(imported.privateKey), pem);
  const data = new TextEncoder().encode('covey');
  const params = { name: 'ECDSA', hash: 'SHA-256' };
  const signature = await globalThis.crypto.subtle.sign(params, imported.privateKey, data);
  t.ok(
    await globalThis.crypto.subtle.verify(params, keys.publicKey, signature, data),
    'the halves still pair',
  );
});

t.test('keys other than P-256 are refused with a typed error', async (t) => {
  for (const kind of ['p384', 'rsa', 'ed25519'] as const) {
    const pem = craftKey(kind).export({ format: 'pem', type: 'pkcs8' }).toString();
    t.throws(() => parsePrivateKeyPem(pem), { name: 'KeyInvalidError', reason: 'unsupported' }, kind);
    await t.rejects(importPrivateKeyPem(pem), { name: 'KeyInvalidError', reason: 'unsupported' }, kind);
  }
  const sec1 = craftKey('p256').export({ format: 'pem', type: 'sec1' }).toString();
  t.throws(
    () => parsePrivateKeyPem(sec1),
    { name: 'PemFormatError', found: 'EC PRIVATE KEY' },
    'SEC1 is not PKCS#8',
  );
  const garbage = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
  t.throws(() => parsePrivateKeyPem(garbage), { name: 'KeyInvalidError', reason: 'malformed' });
});

t.test('privateKeyMatches compares key material', async (t) => {
  const a = craftKey('p256');
  const b = craftKey('p256');
  const spkiA = new Uint8Array(createPublicKey(a).export({ format: 'der', type: 'spki' }));
  t.ok(privateKeyMatches(a, spkiA));
  t.notOk(privateKeyMatches(b, spkiA));
  t.ok(privateKeyMatches(a.export({ format: 'pem', type: 'pkcs8' }).toString(), spkiA), 'PEM input');
  t.notOk(privateKeyMatches(a, Uint8Array.from([1, 2, 3])), 'garbage SPKI matches nothing');
});
