// RFC 4648 base32, lower case and unpadded: the text form of join tokens. Case-insensitive to type,
// no 0/1/8/9 to confuse with letters, and a strict decoder so one token has exactly one spelling.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const VALUES: ReadonlyMap<string, number> = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Length in characters of `byteLength` bytes encoded. */
export function base32Length(byteLength: number): number {
  return Math.ceil((byteLength * 8) / 5);
}

/**
 * Decodes lower-case unpadded base32. Returns `{ problem }` instead of bytes when the
 * text is not the canonical encoding of some bytes (bad character, impossible length, or non-zero
 * trailing bits).
 */
export function base32Decode(text: string): Uint8Array | { readonly problem: string } {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (const [i, c] of [...text].entries()) {
    const value = VALUES.get(c);
    if (value === undefined) return { problem: `character ${i + 1} is not base32 (a-z, 2-7)` };
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0)
    return { problem: 'not a canonical base32 length/ending' };
  return out;
}
