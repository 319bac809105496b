// CPU amounts as Docker's --limit-cpu/--reserve-cpu take them (`0.5`, `2`), as nano-CPUs.
import { FlagValueError } from './flag-value-error.ts';

const CPUS = /^\d+(?:\.\d{1,9})?$|^\.\d{1,9}$/;

export function parseNanoCpus(text: string, flag: string): number {
  const s = text.trim();
  if (!CPUS.test(s)) throw new FlagValueError(flag, text, 'a number of CPUs like 0.5 or 2');
  const [whole = '0', fraction = ''] = s.split('.');
  return Number(whole || '0') * 1e9 + Number(fraction.padEnd(9, '0') || '0');
}
