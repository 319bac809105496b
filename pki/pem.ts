// PEM text <-> DER bytes for the three kinds of object covey stores and exchanges: certificates,
// PKCS#8 private keys and PKCS#10 requests.
import { PemFormatError, type PemLabel } from './errors.ts';
import { x509 } from './x509.ts';

export function pemEncode(der: Uint8Array, label: PemLabel): string {
  return `${x509.PemConverter.encode(der, label)}\n`;
}

/** The DER bytes of the first `label` block in `text`; PemFormatError names what was found instead. */
export function pemDecode(text: string, label: PemLabel): Uint8Array {
  const blocks = x509.PemConverter.decodeWithHeaders(text);
  const block = blocks.find((b) => b.type === label);
  if (block === undefined) throw new PemFormatError(label, blocks[0]?.type ?? null);
  return new Uint8Array(block.rawData);
}
