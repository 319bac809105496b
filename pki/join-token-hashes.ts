// What the CA keeps of its join tokens: one SHA-256 hash per role, never the tokens. Checking a
// presented token is a constant-time hash comparison; rotating a role's token replaces its hash.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CertificateDigest } from './certificate-digest.ts';
import { TokenRejectedError } from './errors.ts';
import { generateJoinToken, type JoinToken, parseJoinToken } from './join-token.ts';
import type { JoinRole } from './node-role.ts';
import type { RandomBytes } from './random-bytes.ts';

/**
 * `sha256:<hex>` of the token's canonical text. A plain hash is enough: the secret holds 128 random
 * bits, so there is no dictionary to slow down (scrypt/argon2 protect low-entropy passwords) and a join
 * costs no extra CPU.
 */
export type JoinTokenHash = `sha256:${string}`;

export type JoinTokenHashes = Readonly<Record<JoinRole, JoinTokenHash>>;

export interface IssuedJoinTokens {
  /** Shown to the operator once (at init or rotation); the cluster keeps only `hashes`. */
  readonly tokens: Readonly<Record<JoinRole, string>>;
  readonly hashes: JoinTokenHashes;
}

const HASH_RE = /^sha256:[0-9a-f]{64}$/;

export function hashJoinToken(token: JoinToken): JoinTokenHash {
  return `sha256:${createHash('sha256').update(token.text).digest('hex')}`;
}

export function isJoinTokenHash(value: string): value is JoinTokenHash {
  return HASH_RE.test(value);
}

/** A worker and a manager token for a new cluster. */
export function createJoinTokens(caDigest: CertificateDigest, randomBytes?: RandomBytes): IssuedJoinTokens {
  const worker = generateJoinToken(caDigest, 'worker', randomBytes);
  const manager = generateJoinToken(caDigest, 'manager', randomBytes);
  return {
    tokens: { worker: worker.text, manager: manager.text },
    hashes: { worker: hashJoinToken(worker), manager: hashJoinToken(manager) },
  };
}

/**
 * A new token for `role`; the returned hashes no longer accept the old one. Nodes that already joined
 * keep their certificates: a token only matters for joining.
 */
export function rotateJoinToken(
  hashes: JoinTokenHashes,
  caDigest: CertificateDigest,
  role: JoinRole,
  randomBytes?: RandomBytes,
): { readonly token: string; readonly hashes: JoinTokenHashes } {
  const token = generateJoinToken(caDigest, role, randomBytes);
  return { token: token.text, hashes: { ...hashes, [role]: hashJoinToken(token) } };
}

/**
 * The role a presented token grants at this CA. TokenFormatError when it is not a token;
 * TokenRejectedError when it pins another CA or is not the current token of its role.
 */
export function checkJoinToken(
  input: string,
  current: { readonly caDigest: CertificateDigest; readonly hashes: JoinTokenHashes },
): JoinRole {
  const token = parseJoinToken(input);
  if (token.caDigest !== current.caDigest)
    throw new TokenRejectedError('other-cluster', token.role, token.caDigest);
  const stored = current.hashes[token.role];
  if (!isJoinTokenHash(stored)) throw new TypeError(`the stored ${token.role} join token hash is malformed`);
  const presented = createHash('sha256').update(token.text).digest();
  // Constant time, so response timing says nothing about how much of a guessed secret was right.
  if (!timingSafeEqual(presented, Buffer.from(stored.slice('sha256:'.length), 'hex'))) {
    throw new TokenRejectedError('not-current', token.role, token.caDigest);
  }
  return token.role;
}
