// Base32 of join tokens: RFC 4648 vectors (lower case, unpadded) and the strict decoder.
import t from 'tap';
import { base32Decode, base32Encode, base32Length } from '../../pki/base32.ts';
import { seededBytes } from './fixtures.ts';

t.test('RFC 4648 section 10 vectors, lower case without padding', async (t) => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ];
  for (const [plain, encoded] of vectors) {
    t.equal(base32Encode(Buffer.from(plain)), encoded, `encode ${JSON.stringify(plain)}`);
    t.same(base32Decode(encoded), new Uint8Array(Buffer.from(plain)), `decode ${encoded}`);
    t.equal(base32Length(plain.length), encoded.length);
  }
});

t.test('random byte strings round-trip', async (t) => {
  const bytes = seededBytes(7);
  for (let n = 0; n < 64; n++) {
    const data = bytes(n);
    t.same(base32Decode(base32Encode(data)), data, `${n} bytes`);
  }
});

t.test('the decoder refuses anything but the canonical encoding', async (t) => {
  t.match(base32Decode('mzxw6ytb0i'), { problem: /character 9 is not base32/ }, '0 is not in the alphabet');
  t.match(base32Decode('MZXW6'), { problem: /character 1/ }, 'upper case is the caller’s to fold');
  t.match(base32Decode('m'), { problem: /canonical/ }, 'one character cannot hold a byte');
  t.match(base32Decode('mzx'), { problem: /canonical/ }, 'impossible length');
  t.match(base32Decode('mz'), { problem: /canonical/ }, '"f" is "my": non-zero trailing bits');
});
