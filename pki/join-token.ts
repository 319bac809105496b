// Join tokens, Swarm-style: `CVYTKN-1-<ca digest>-<role letter><secret+checksum>`. A token pins the
// root CA a joining node must see, names the role it grants, and carries 128 random bits the CA checks.
import { createHash } from 'node:crypto';
import { base32Decode, base32Encode, base32Length } from './base32.ts';
import { type CertificateDigest, digestBytes, digestFromBytes } from './certificate-digest.ts';
import { TokenFormatError } from './errors.ts';
import type { JoinRole } from './node-role.ts';
import { type RandomBytes, secureRandomBytes } from './random-bytes.ts';

export const JOIN_TOKEN_PREFIX = 'CVYTKN';
export const JOIN_TOKEN_VERSION = 1;
/** 128 bits: the token is a bearer credential and must not be guessable. */
export const JOIN_TOKEN_SECRET_BYTES = 16;
/** Catches typos and truncation before a round trip to the CA; it is not a security measure. */
const CHECKSUM_BYTES = 4;
const DIGEST_CHARS = base32Length(32);
const SECRET_CHARS = 1 + base32Length(JOIN_TOKEN_SECRET_BYTES + CHECKSUM_BYTES);

const ROLE_LETTERS: Readonly<Record<JoinRole, string>> = { worker: 'w', manager: 'm' };
const LETTER_ROLES: ReadonlyMap<string, JoinRole> = new Map([
  ['w', 'worker'],
  ['m', 'manager'],
]);

export interface JoinToken {
  /** The root CA a joining node must find at the manager before it sends anything. */
  readonly caDigest: CertificateDigest;
  readonly role: JoinRole;
  readonly secret: Uint8Array;
  /** The canonical text; what the CA hashes and the operator copies. */
  readonly text: string;
}

export function generateJoinToken(
  caDigest: CertificateDigest,
  role: JoinRole,
  randomBytes: RandomBytes = secureRandomBytes,
): JoinToken {
  const secret = Uint8Array.from(randomBytes(JOIN_TOKEN_SECRET_BYTES));
  if (secret.length !== JOIN_TOKEN_SECRET_BYTES) {
    throw new RangeError(`randomBytes(${JOIN_TOKEN_SECRET_BYTES}) returned ${secret.length} bytes`);
  }
  return { caDigest, role, secret, text: format(digestBytes(caDigest), ROLE_LETTERS[role], secret) };
}

/**
 * Reads a join token as an operator typed or pasted it: surrounding white space and letter case do not
 * matter. TokenFormatError names the first thing wrong, and never repeats the secret.
 */
export function parseJoinToken(input: string): JoinToken {
  const text = input.trim();
  if (text === '') throw new TokenFormatError('empty', 'the token is empty');
  const parts = text.split('-');
  const [prefix = '', version = '', digestText = '', secretText = ''] = parts;
  if (prefix.toUpperCase() !== JOIN_TOKEN_PREFIX) {
    throw new TokenFormatError(
      'wrong-prefix',
      prefix.toUpperCase() === 'SWMTKN'
        ? `this is a Docker Swarm token; covey tokens start with ${JOIN_TOKEN_PREFIX}-`
        : `covey join tokens start with ${JOIN_TOKEN_PREFIX}-`,
    );
  }
  if (version !== '' && version !== String(JOIN_TOKEN_VERSION)) {
    throw new TokenFormatError(
      'unknown-version',
      /^[0-9]{1,6}$/.test(version)
        ? `token version ${version} is not supported (this covey reads version ${JOIN_TOKEN_VERSION})`
        : `the version part is not a number (expected ${JOIN_TOKEN_PREFIX}-${JOIN_TOKEN_VERSION}-...)`,
    );
  }
  if (parts.length !== 4) {
    throw new TokenFormatError(
      'wrong-part-count',
      `expected 4 parts separated by "-" (${JOIN_TOKEN_PREFIX}-${JOIN_TOKEN_VERSION}-<ca digest>-<secret>), found ${parts.length}`,
    );
  }
  if (version !== String(JOIN_TOKEN_VERSION)) {
    throw new TokenFormatError(
      'unknown-version',
      `the version part is empty (expected ${JOIN_TOKEN_PREFIX}-${JOIN_TOKEN_VERSION}-...)`,
    );
  }
  const digest = decodePart(digestText.toLowerCase(), DIGEST_CHARS, 'bad-ca-digest', 'CA digest');
  const secretPart = secretText.toLowerCase();
  if (secretPart.length !== SECRET_CHARS) {
    throw new TokenFormatError(
      'bad-secret',
      `the secret part has ${secretPart.length} characters, expected ${SECRET_CHARS} (truncated or extra text?)`,
    );
  }
  const letter = secretPart.slice(0, 1);
  const role = LETTER_ROLES.get(letter);
  if (role === undefined) {
    throw new TokenFormatError('unknown-role', 'the secret part must start with w (worker) or m (manager)');
  }
  const payload = decodePart(secretPart.slice(1), SECRET_CHARS - 1, 'bad-secret', 'secret');
  const secret = payload.subarray(0, JOIN_TOKEN_SECRET_BYTES);
  if (!checksum(digest, letter, secret).every((b, i) => b === payload[JOIN_TOKEN_SECRET_BYTES + i])) {
    throw new TokenFormatError(
      'bad-checksum',
      'the checksum does not match: the token was mistyped or damaged',
    );
  }
  const caDigest = digestFromBytes(digest);
  return { caDigest, role, secret: Uint8Array.from(secret), text: format(digest, letter, secret) };
}

function decodePart(
  text: string,
  chars: number,
  reason: 'bad-ca-digest' | 'bad-secret',
  what: string,
): Uint8Array {
  if (text.length !== chars) {
    throw new TokenFormatError(reason, `the ${what} part has ${text.length} characters, expected ${chars}`);
  }
  const bytes = base32Decode(text);
  if (!(bytes instanceof Uint8Array))
    throw new TokenFormatError(reason, `the ${what} part: ${bytes.problem}`);
  return bytes;
}

function checksum(digest: Uint8Array, letter: string, secret: Uint8Array): Uint8Array {
  const hash = createHash('sha256')
    .update(`${JOIN_TOKEN_PREFIX}-${JOIN_TOKEN_VERSION}`)
    .update(digest)
    .update(letter)
    .update(secret)
    .digest();
  return hash.subarray(0, CHECKSUM_BYTES);
}

function format(digest: Uint8Array, letter: string, secret: Uint8Array): string {
  const payload = new Uint8Array(JOIN_TOKEN_SECRET_BYTES + CHECKSUM_BYTES);
  payload.set(secret);
  payload.set(checksum(digest, letter, secret), JOIN_TOKEN_SECRET_BYTES);
  return `${JOIN_TOKEN_PREFIX}-${JOIN_TOKEN_VERSION}-${base32Encode(digest)}-${letter}${base32Encode(payload)}`;
}
