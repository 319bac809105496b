// Rules for the names the CA writes into a certificate: identifiers that stay unambiguous inside a
// distinguished name, and subject-alternative DNS names and IP addresses that TLS stacks accept.
import { isIP } from 'node:net';
import { InvalidNameError, type NameField } from './errors.ts';

/**
 * Node and cluster IDs: ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most
 * 64 characters (X.520's bound for a CN). Nothing that needs DN escaping, so a subject reads back as
 * exactly what was written.
 */
const IDENTIFIER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** RFC 1123 host names, optionally one leading `*.` label. */
const DNS_LABEL_RE = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function checkIdentifier(field: Extract<NameField, 'nodeId' | 'clusterId'>, value: string): void {
  if (!IDENTIFIER_RE.test(value)) {
    throw new InvalidNameError(
      field,
      value,
      'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
}

export function checkDnsName(value: string): void {
  const labels = value.startsWith('*.') ? value.slice(2).split('.') : value.split('.');
  if (value.length > 253 || !labels.every((l) => DNS_LABEL_RE.test(l))) {
    throw new InvalidNameError('dnsName', value, 'not a valid DNS host name');
  }
}

export function checkIpAddress(value: string): void {
  if (isIP(value) === 0) throw new InvalidNameError('ipAddress', value, 'not an IPv4 or IPv6 address');
}
