// Reading and verifying peer certificates as grpc-js hands them over: chain, validity at an injected
// time, and a complete covey identity.
import t from 'tap';
import { CertificateInvalidError, RoleMissingError } from '../../pki/errors.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { readNodeIdentity, requireRole, verifyNodeCertificate } from '../../pki/node-identity.ts';
import { pemDecode } from '../../pki/pem.ts';
import { createRootCa } from '../../pki/root-ca.ts';
import { craftCertificate, DAY_MS, NOW } from './fixtures.ts';

const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
const issued = await issueCredentials(ca, { nodeId: 'node-1', role: 'manager', now: NOW });
const der = pemDecode(issued.certPem, 'CERTIFICATE');

t.test('the identity reads the same from PEM, DER and a PeerCertificate-like object', async (t) => {
  const expected = issued.identity;
  t.same(readNodeIdentity(issued.certPem), expected);
  t.same(readNodeIdentity(der), expected);
  t.same(readNodeIdentity(Buffer.from(der)), expected, 'a Buffer');
  t.same(readNodeIdentity({ raw: Buffer.from(der) }), expected, 'tls.PeerCertificate.raw');
  t.match(expected, {
    nodeId: 'node-1',
    role: 'manager',
    clusterId: 'cluster-a',
    fingerprint: /^sha256:[0-9a-f]{64}$/,
    serialNumber: /^[0-9a-f]{32}$/,
  });
  t.same(await verifyNodeCertificate({ raw: Buffer.from(der) }, ca, NOW), expected);
});

t.test('no certificate at all is "absent", not a crash', async (t) => {
  for (const input of [undefined, null, {}, { raw: undefined }, new Uint8Array(0)]) {
    t.throws(() => readNodeIdentity(input), { name: 'CertificateInvalidError', reason: 'absent' });
    await t.rejects(verifyNodeCertificate(input, ca, NOW), {
      name: 'CertificateInvalidError',
      reason: 'absent',
    });
  }
  t.throws(() => readNodeIdentity(Uint8Array.from([0x30, 0])), {
    name: 'CertificateInvalidError',
    reason: 'malformed',
  });
  t.throws(() => readNodeIdentity('garbage'), { name: 'CertificateInvalidError', reason: 'malformed' });
});

t.test('a certificate from another CA fails, even one with the same cluster ID and subject', async (t) => {
  const impostorCa = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  const impostor = await issueCredentials(impostorCa, { nodeId: 'node-1', role: 'manager', now: NOW });
  t.equal(impostorCa.certificate.subject, ca.certificate.subject, 'same issuer name');
  await t.rejects(verifyNodeCertificate(impostor.certPem, ca, NOW), {
    name: 'CertificateInvalidError',
    reason: 'untrusted',
    message: new RegExp(`not issued by this cluster's root CA \\(${ca.digest}\\)`),
  });
  const otherCluster = await createRootCa({ clusterId: 'cluster-b', now: NOW });
  const stranger = await issueCredentials(otherCluster, { nodeId: 'node-1', role: 'worker', now: NOW });
  await t.rejects(verifyNodeCertificate(stranger.certPem, ca, NOW), {
    name: 'CertificateInvalidError',
    reason: 'untrusted',
  });

  const tampered = Buffer.from(der);
  const at = tampered.indexOf('node-1');
  tampered[at + 5] = '2'.charCodeAt(0);
  t.equal(readNodeIdentity(tampered).nodeId, 'node-2', 'the tampered certificate claims node-2');
  await t.rejects(
    verifyNodeCertificate(tampered, ca, NOW),
    { name: 'CertificateInvalidError', reason: 'untrusted' },
    'but the signature fails',
  );
});

t.test('validity is checked against the injected time', async (t) => {
  const { notBefore, notAfter } = issued.identity;
  const at = (ms: number): Date => new Date(ms);
  t.ok(await verifyNodeCertificate(der, ca, notBefore), 'valid from notBefore');
  t.ok(await verifyNodeCertificate(der, ca, notAfter), 'valid through notAfter');
  await t.rejects(verifyNodeCertificate(der, ca, at(notBefore.getTime() - 1000)), {
    reason: 'not-yet-valid',
    message: /check the clocks/,
  });
  await t.rejects(verifyNodeCertificate(der, ca, at(notAfter.getTime() + 1000)), {
    reason: 'expired',
    message: new RegExp(`expired at ${notAfter.toISOString()}`),
  });
  await t.rejects(verifyNodeCertificate(der, ca, at(NOW.getTime() + 365 * DAY_MS)), {
    name: 'CertificateInvalidError',
    reason: 'expired',
  });
});

t.test('a certificate signed by the CA must still name a complete identity of its cluster', async (t) => {
  const cases: { subject: string; ca?: boolean; reason: string; found?: string | null }[] = [
    { subject: 'CN=covey-root-ca, O=cluster-a', ca: true, reason: 'not-a-node-certificate' },
    { subject: 'CN=node-1, O=cluster-a', reason: 'missing-role', found: null },
    { subject: 'CN=node-1, OU=superuser, O=cluster-a', reason: 'missing-role', found: 'superuser' },
    {
      subject: 'CN=node-1, OU=worker, OU=manager, O=cluster-a',
      reason: 'missing-role',
      found: 'worker,manager',
    },
    { subject: 'OU=manager, O=cluster-a', reason: 'missing-node-id' },
    { subject: 'CN=node-1, CN=node-2, OU=manager, O=cluster-a', reason: 'missing-node-id' },
    { subject: 'CN=node-1, OU=manager', reason: 'missing-cluster-id' },
    { subject: 'CN=node-1, OU=manager, O=cluster-b', reason: 'wrong-cluster' },
  ];
  for (const c of cases) {
    const cert = await craftCertificate(ca, { subject: c.subject, ca: c.ca ?? false });
    const error = await verifyNodeCertificate(cert, ca, NOW).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.ok(error instanceof CertificateInvalidError, c.subject);
    t.equal((error as CertificateInvalidError).reason, c.reason, c.subject);
    if (c.found !== undefined) {
      t.ok(error instanceof RoleMissingError, 'a RoleMissingError');
      t.equal((error as RoleMissingError).found, c.found);
    }
  }
});

t.test('requireRole', async (t) => {
  t.doesNotThrow(() => requireRole(issued.identity, ['admin', 'manager']));
  t.throws(() => requireRole(issued.identity, ['admin']), {
    name: 'RoleNotAllowedError',
    nodeId: 'node-1',
    role: 'manager',
    allowed: ['admin'],
    message: 'manager certificate of node-1 is not allowed here (allowed: admin)',
  });
});
