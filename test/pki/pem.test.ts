// PEM encode/decode with the label checks every reader relies on.
import t from 'tap';
import { PemFormatError } from '../../pki/errors.ts';
import { pemDecode, pemEncode } from '../../pki/pem.ts';

t.test('round trip, and the block of the asked type is found among others', async (t) => {
  const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);
  const pem = pemEncode(der, 'CERTIFICATE');
  t.match(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  t.same(pemDecode(pem, 'CERTIFICATE'), der);
  const both = pemEncode(Uint8Array.from([1, 2, 3]), 'PRIVATE KEY') + pem;
  t.same(pemDecode(both, 'CERTIFICATE'), der);
  t.same(pemDecode(both, 'PRIVATE KEY'), Uint8Array.from([1, 2, 3]));
});

t.test('errors say what was found instead', async (t) => {
  const key = pemEncode(Uint8Array.from([1]), 'PRIVATE KEY');
  t.throws(() => pemDecode(key, 'CERTIFICATE'), {
    name: 'PemFormatError',
    expected: 'CERTIFICATE',
    found: 'PRIVATE KEY',
    message: 'expected a PEM "CERTIFICATE" block, found "PRIVATE KEY"',
  });
  for (const text of ['', 'not pem at all', '-----BEGIN CERTIFICATE-----\nAAAA\n']) {
    const error = t.throws(() => pemDecode(text, 'CERTIFICATE')) as PemFormatError;
    t.ok(error instanceof PemFormatError);
    t.equal(error.found, null, JSON.stringify(text));
  }
});
