// Certificate signing requests: what a node creates, and every reason the CA refuses one.
import t from 'tap';
import { createCsr, checkCsr, CSR_COMMON_NAME } from '../../pki/csr.ts';
import { exportPublicKeyDer, generateKeyPair } from '../../pki/key-pair.ts';
import { pemDecode, pemEncode } from '../../pki/pem.ts';
import { craftCsr, craftKey } from './fixtures.ts';

t.test('a node request passes the CA checks and carries the node key', async (t) => {
  const keys = await generateKeyPair();
  const pem = await createCsr(keys);
  t.match(pem, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
  const checked = await checkCsr(pem);
  t.same(checked.publicKeySpki, await exportPublicKeyDer(keys.publicKey));
  t.equal(checked.request.subject, `CN=${CSR_COMMON_NAME}`);
  t.same(
    (await checkCsr(pemDecode(pem, 'CERTIFICATE REQUEST'))).publicKeySpki,
    checked.publicKeySpki,
    'DER too',
  );
});

t.test('stronger NIST curves are accepted', async (t) => {
  const checked = await checkCsr(craftCsr({ key: craftKey('p384') }));
  t.ok(checked.publicKeySpki.length > 91, 'P-384 key');
});

t.test('refusals are typed and say why', async (t) => {
  const cases: { name: string; csr: () => Promise<Uint8Array | string>; reason: string; message: RegExp }[] =
    [
      {
        name: 'RSA key',
        csr: async () => craftCsr({ key: craftKey('rsa') }),
        reason: 'unsupported-key',
        message: /key of type rsa; covey requires ECDSA/,
      },
      {
        name: 'Ed25519 key',
        csr: async () => craftCsr({ key: craftKey('ed25519') }),
        reason: 'unsupported-key',
        message: /key of type ed25519/,
      },
      {
        name: 'P-192 key',
        csr: async () => craftCsr({ key: craftKey('p192') }),
        reason: 'weak-key',
        message: /prime192v1 \(192 bits\)/,
      },
      {
        name: 'secp256k1 key',
        csr: async () => craftCsr({ key: craftKey('secp256k1') }),
        reason: 'unsupported-key',
        message: /secp256k1/,
      },
      {
        name: 'SHA-1 signature',
        csr: async () => craftCsr({ key: craftKey('p256'), signature: 'ecdsa-sha1' }),
        reason: 'weak-signature',
        message: /SHA-1/,
      },
      {
        name: 'signed by another key',
        csr: async () => craftCsr({ key: craftKey('p256'), signWith: craftKey('p256') }),
        reason: 'bad-signature',
        message: /does not verify/,
      },
      {
        name: 'subject altered after signing',
        csr: async () => {
          const der = Buffer.from(craftCsr({ key: craftKey('p256'), subject: 'CN=node-a' }));
          const at = der.indexOf('node-a');
          der[at + 5] = 'b'.charCodeAt(0);
          return new Uint8Array(der);
        },
        reason: 'bad-signature',
        message: /does not verify/,
      },
      {
        name: 'garbage bytes',
        csr: async () => Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]),
        reason: 'malformed',
        message: /not a valid PKCS#10/,
      },
      {
        name: 'a certificate PEM instead of a request',
        csr: async () => pemEncode(Uint8Array.from([1, 2]), 'CERTIFICATE'),
        reason: 'malformed',
        message: /found "CERTIFICATE"/,
      },
      { name: 'empty text', csr: async () => '', reason: 'malformed', message: /no PEM data/ },
    ];
  for (const c of cases) {
    await t.rejects(
      checkCsr(await c.csr()),
      { name: 'CsrInvalidError', reason: c.reason, message: c.message },
      c.name,
    );
  }
});
