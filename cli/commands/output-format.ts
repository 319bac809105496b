// `--format table|json` and JSON printing of protobuf objects (bytes as base64, not number arrays).
import { Option } from 'commander';

export type OutputFormat = 'table' | 'json';

export function formatOption(defaultFormat: OutputFormat = 'table'): Option {
  return new Option('--format <format>', 'output format').choices(['table', 'json']).default(defaultFormat);
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      return Buffer.isBuffer(raw) ? raw.toString('base64') : v;
    },
    2,
  )}\n`;
}
