// Memory sizes as Docker's flags take them: bytes, or a number with b, k, m, g (binary multiples,
// case-insensitive, optional trailing b: `512M`, `1g`, `64mb`).
import { FlagValueError } from './flag-value-error.ts';

const MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};
const MEMORY = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i;

export function parseMemoryBytes(text: string, flag: string): number {
  const m = MEMORY.exec(text.trim());
  if (!m) throw new FlagValueError(flag, text, 'a size like 512M or 1G');
  const bytes = Math.floor(Number(m[1]) * (MULTIPLIER[(m[2] ?? '').toLowerCase()] ?? 1));
  if (!Number.isSafeInteger(bytes)) throw new FlagValueError(flag, text, 'a size like 512M or 1G');
  return bytes;
}
