// Certificate serial numbers: random, so two CAs (or one CA restored from a backup) never reuse one,
// and nothing about issuance order leaks (CA/Browser Forum asks for at least 64 random bits).

import type { RandomBytes } from './random-bytes.ts';

/** 16 random bytes as hex; the top bits are fixed to 01 so the DER INTEGER is positive and 16 bytes long. */
export function randomSerialNumber(randomBytes: RandomBytes): string {
  const bytes = randomBytes(16);
  if (bytes.length !== 16) throw new RangeError(`randomBytes(16) returned ${bytes.length} bytes`);
  const out = Uint8Array.from(bytes);
  out[0] = ((out[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(out).toString('hex');
}
