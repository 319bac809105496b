// Join tokens: format, parsing with specific errors for every kind of mistake, and the CA's hashed
// check with rotation.
import t from 'tap';
import { base32Encode } from '../../pki/base32.ts';
import { type CertificateDigest, certificateDigest } from '../../pki/certificate-digest.ts';
import { TokenFormatError } from '../../pki/errors.ts';
import {
  checkJoinToken,
  createJoinTokens,
  hashJoinToken,
  rotateJoinToken,
} from '../../pki/join-token-hashes.ts';
import { generateJoinToken, JOIN_TOKEN_SECRET_BYTES, parseJoinToken } from '../../pki/join-token.ts';
import { seededBytes } from './fixtures.ts';

const digest: CertificateDigest = certificateDigest(new TextEncoder().encode('a CA certificate'));
const otherDigest: CertificateDigest = certificateDigest(new TextEncoder().encode('another CA certificate'));

t.test(
  'format: CVYTKN-1-<digest>-<role letter><secret+checksum>, deterministic with seeded bytes',
  async (t) => {
    const token = generateJoinToken(digest, 'worker', seededBytes(42));
    t.match(token.text, /^CVYTKN-1-[a-z2-7]{52}-w[a-z2-7]{32}$/);
    t.equal(token.text, generateJoinToken(digest, 'worker', seededBytes(42)).text, 'same bytes, same token');
    t.equal(
      token.text,
      'CVYTKN-1-do7lbnk2ham7pedp7xjrjjdihkzocp4jjnvtxd5qis6eltc6tvca-whwkromts2xm625x5hc4fv63m7qdhfyou',
      'the format is stable: tokens printed by an older covey still parse',
    );
    const digestPart = token.text.split('-')[2];
    t.equal(digestPart, base32Encode(Buffer.from(digest.slice(7), 'hex')), 'the digest in base32');
    t.equal(token.secret.length, JOIN_TOKEN_SECRET_BYTES);
    t.equal(JOIN_TOKEN_SECRET_BYTES * 8, 128);
    const manager = generateJoinToken(digest, 'manager', seededBytes(42));
    t.match(manager.text, /-m[a-z2-7]{32}$/);
    t.not(manager.text.slice(-8), token.text.slice(-8), 'the role is covered by the checksum');
    t.not(
      generateJoinToken(digest, 'worker').text,
      generateJoinToken(digest, 'worker').text,
      'random by default',
    );
  },
);

t.test('parse round-trips and forgives case and surrounding white space', async (t) => {
  const token = generateJoinToken(digest, 'manager');
  for (const text of [token.text, ` ${token.text}\n`, token.text.toLowerCase(), token.text.toUpperCase()]) {
    const parsed = parseJoinToken(text);
    t.equal(parsed.text, token.text, 'canonical text');
    t.equal(parsed.role, 'manager');
    t.equal(parsed.caDigest, digest);
    t.same(parsed.secret, token.secret);
  }
});

t.test('malformed tokens: a specific reason, a clear message, never the secret', async (t) => {
  const good = generateJoinToken(digest, 'worker', seededBytes(5)).text;
  const [, , digestPart = '', secretPart = ''] = good.split('-');
  const swap = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
  const cases: [string, string, string, RegExp][] = [
    ['empty', '', 'empty', /empty/],
    ['blank', '  \n', 'empty', /empty/],
    ['Docker Swarm token', `SWMTKN-1-${digestPart}-${secretPart}`, 'wrong-prefix', /Docker Swarm token/],
    ['another prefix', `XYZ-1-${digestPart}-${secretPart}`, 'wrong-prefix', /start with CVYTKN-/],
    ['secret pasted alone', secretPart, 'wrong-prefix', /start with CVYTKN-/],
    ['version 2', `CVYTKN-2-${digestPart}-${secretPart}`, 'unknown-version', /version 2 is not supported/],
    ['version 0', `CVYTKN-0-${digestPart}-${secretPart}`, 'unknown-version', /version 0/],
    ['version not a number', `CVYTKN-v1-${digestPart}-${secretPart}`, 'unknown-version', /not a number/],
    ['version empty', `CVYTKN--${digestPart}-${secretPart}`, 'unknown-version', /empty/],
    ['prefix only', 'CVYTKN', 'wrong-part-count', /found 1/],
    ['prefix and dash', 'CVYTKN-', 'wrong-part-count', /found 2/],
    ['no secret', `CVYTKN-1-${digestPart}`, 'wrong-part-count', /expected 4 parts.*found 3/],
    ['extra part', `${good}-x`, 'wrong-part-count', /found 5/],
    ['space inside', `CVYTKN-1-${digestPart} -${secretPart}`, 'bad-ca-digest', /53 characters, expected 52/],
    ['short digest', `CVYTKN-1-${digestPart.slice(1)}-${secretPart}`, 'bad-ca-digest', /51 characters/],
    [
      'digest with 0',
      `CVYTKN-1-0${digestPart.slice(1)}-${secretPart}`,
      'bad-ca-digest',
      /character 1 is not base32/,
    ],
    ['digest with hex', `CVYTKN-1-${digest.slice(7, 59)}-${secretPart}`, 'bad-ca-digest', /not base32/],
    [
      'digest non-canonical end',
      `CVYTKN-1-${digestPart.slice(0, 51)}7-${secretPart}`,
      'bad-ca-digest',
      /canonical/,
    ],
    [
      'truncated secret',
      `CVYTKN-1-${digestPart}-${secretPart.slice(0, -1)}`,
      'bad-secret',
      /32 characters, expected 33/,
    ],
    ['long secret', `CVYTKN-1-${digestPart}-${secretPart}a`, 'bad-secret', /34 characters/],
    [
      'unknown role',
      `CVYTKN-1-${digestPart}-a${secretPart.slice(1)}`,
      'unknown-role',
      /w \(worker\) or m \(manager\)/,
    ],
    ['secret with 8', `CVYTKN-1-${digestPart}-w8${secretPart.slice(2)}`, 'bad-secret', /not base32/],
    ['role letter flipped', `CVYTKN-1-${digestPart}-m${secretPart.slice(1)}`, 'bad-checksum', /mistyped/],
    ['digest typo', `CVYTKN-1-${swap(digestPart, 10)}-${secretPart}`, 'bad-checksum', /mistyped/],
    ['secret typo', `CVYTKN-1-${digestPart}-${swap(secretPart, 7)}`, 'bad-checksum', /mistyped/],
  ];
  for (const [name, text, reason, message] of cases) {
    const error = t.throws(() => parseJoinToken(text), { name: 'TokenFormatError', reason, message }, name);
    if (error instanceof TokenFormatError) {
      t.notMatch(error.message, secretPart.slice(1, 12), `${name}: the message does not repeat the secret`);
      t.match(error.message, /^invalid join token: /);
    }
  }
});

t.test('every single-character typo in the secret is caught by the checksum', async (t) => {
  const good = generateJoinToken(digest, 'manager', seededBytes(11)).text;
  const start = good.lastIndexOf('-') + 2;
  let caught = 0;
  for (let i = start; i < good.length; i++) {
    for (const c of 'abcdefghijklmnopqrstuvwxyz234567') {
      if (c === good[i]) continue;
      const typo = good.slice(0, i) + c + good.slice(i + 1);
      try {
        parseJoinToken(typo);
      } catch (error) {
        if (error instanceof TokenFormatError && ['bad-checksum', 'bad-secret'].includes(error.reason))
          caught++;
      }
    }
  }
  t.equal(caught, 32 * 31, 'all 992 substitutions refused');
});

t.test('the CA keeps hashes, checks in constant time, and rotation retires the old token', async (t) => {
  const issued = createJoinTokens(digest, seededBytes(3));
  const { hashes, tokens } = issued;
  t.match(hashes.worker, /^sha256:[0-9a-f]{64}$/);
  t.not(hashes.worker, hashes.manager);
  t.notMatch(JSON.stringify(hashes), tokens.worker.split('-')[3] ?? '-', 'no secret in what is stored');
  t.equal(hashes.worker, hashJoinToken(parseJoinToken(tokens.worker)));
  const current = { caDigest: digest, hashes };
  t.equal(checkJoinToken(tokens.worker, current), 'worker');
  t.equal(checkJoinToken(tokens.manager, current), 'manager');
  t.equal(checkJoinToken(` ${tokens.manager.toLowerCase()} `, current), 'manager', 'as typed');

  const forged = generateJoinToken(digest, 'manager').text;
  t.throws(() => checkJoinToken(forged, current), {
    name: 'TokenRejectedError',
    reason: 'not-current',
    role: 'manager',
    message: /this manager token is not current/,
  });
  const foreign = generateJoinToken(otherDigest, 'worker').text;
  t.throws(() => checkJoinToken(foreign, current), {
    name: 'TokenRejectedError',
    reason: 'other-cluster',
    tokenCaDigest: otherDigest,
    message: new RegExp(`another cluster \\(its CA is ${otherDigest}\\)`),
  });
  t.throws(() => checkJoinToken('SWMTKN-1-abc-def', current), {
    name: 'TokenFormatError',
    reason: 'wrong-prefix',
  });

  const rotated = rotateJoinToken(hashes, digest, 'worker', seededBytes(4));
  const next = { caDigest: digest, hashes: rotated.hashes };
  t.equal(rotated.hashes.manager, hashes.manager, 'the other role is untouched');
  t.equal(checkJoinToken(rotated.token, next), 'worker', 'the new token works');
  t.throws(
    () => checkJoinToken(tokens.worker, next),
    { name: 'TokenRejectedError', reason: 'not-current' },
    'the old one does not',
  );
  t.equal(checkJoinToken(tokens.manager, next), 'manager');

  t.throws(
    () => checkJoinToken(tokens.worker, { caDigest: digest, hashes: { ...hashes, worker: 'sha256:zz' } }),
    TypeError,
    'a corrupt stored hash is a loud error, never a match',
  );
});
