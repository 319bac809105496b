// Root CA creation, its PEM round trip, the digest join tokens pin, and loading a saved CA.
import { createHash } from 'node:crypto';
import t from 'tap';
import { certificateDigest, isCertificateDigest } from '../../pki/certificate-digest.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { verifyNodeCertificate } from '../../pki/node-identity.ts';
import { pemDecode } from '../../pki/pem.ts';
import {
  createRootCa,
  DEFAULT_BACKDATE_MS,
  DEFAULT_ROOT_CA_VALIDITY_MS,
  exportRootCaKeyPem,
  loadRootCa,
} from '../../pki/root-ca.ts';
import { parseTrustAnchor } from '../../pki/trust-anchor.ts';
import { x509 } from '../../pki/x509.ts';
import { craftCertificate, DAY_MS, NOW, seededBytes } from './fixtures.ts';

t.test('a new root CA: subject, constraints, usages, validity', async (t) => {
  const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  const cert = ca.certificate;
  t.equal(cert.subject, 'CN=covey-root-ca, O=cluster-a');
  t.equal(cert.issuer, cert.subject, 'self-issued');
  t.ok(await cert.isSelfSigned(), 'self-signed');
  t.equal(ca.clusterId, 'cluster-a');
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  t.equal(constraints?.ca, true);
  t.equal(constraints?.critical, true);
  t.equal(constraints?.pathLength, 0, 'signs node certificates only');
  const usages = cert.getExtension(x509.KeyUsagesExtension);
  t.equal(usages?.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  t.equal(cert.notAfter.getTime(), NOW.getTime() + DEFAULT_ROOT_CA_VALIDITY_MS, '10 years by default');
  t.equal(DEFAULT_ROOT_CA_VALIDITY_MS, 3650 * DAY_MS);
  t.equal(cert.notBefore.getTime(), NOW.getTime() - DEFAULT_BACKDATE_MS, 'backdated for clock skew');
  t.same(cert.publicKey.algorithm, { name: 'ECDSA', namedCurve: 'P-256' });
  t.same(cert.signatureAlgorithm, { name: 'ECDSA', hash: { name: 'SHA-256' } });

  const short = await createRootCa({ clusterId: 'c', now: NOW, validityMs: 30 * DAY_MS, backdateMs: 0 });
  t.equal(short.certificate.notBefore.getTime(), NOW.getTime());
  t.equal(short.certificate.notAfter.getTime(), NOW.getTime() + 30 * DAY_MS, 'validity is configurable');
  await t.rejects(createRootCa({ clusterId: 'c', now: NOW, validityMs: 0 }), RangeError);
});

t.test('serial numbers are random positive 128-bit integers, pinned by injected bytes', async (t) => {
  const a = await createRootCa({ clusterId: 'c', now: NOW, randomBytes: seededBytes(1) });
  const b = await createRootCa({ clusterId: 'c', now: NOW, randomBytes: seededBytes(1) });
  const c = await createRootCa({ clusterId: 'c', now: NOW });
  t.equal(a.certificate.serialNumber, b.certificate.serialNumber, 'same seed, same serial');
  t.not(a.certificate.serialNumber, c.certificate.serialNumber);
  t.match(a.certificate.serialNumber, /^[4-7][0-9a-f]{31}$/, '16 bytes, top bits 01');
  t.not(a.digest, b.digest, 'fresh keys each time: two CAs never share a digest');
});

t.test('PEM round trip keeps the certificate byte for byte, and the digest with it', async (t) => {
  const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  t.match(ca.certPem, /^-----BEGIN CERTIFICATE-----\n/);
  const der = pemDecode(ca.certPem, 'CERTIFICATE');
  t.same(der, ca.der);
  t.ok(isCertificateDigest(ca.digest));
  t.equal(ca.digest, `sha256:${createHash('sha256').update(der).digest('hex')}`, 'SHA-256 of the DER');
  t.equal(certificateDigest(der), ca.digest, 'stable');
  t.equal(parseTrustAnchor(ca.certPem).digest, ca.digest, 'from PEM');
  t.equal(parseTrustAnchor(ca.der).digest, ca.digest, 'from DER');
  t.equal(parseTrustAnchor(`\n\n${ca.certPem.replaceAll('\n', '\r\n')}  `).digest, ca.digest, 'line endings');

  const keyPem = await exportRootCaKeyPem(ca);
  t.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  const loaded = await loadRootCa(ca.certPem, keyPem);
  t.equal(loaded.digest, ca.digest);
  t.equal(loaded.clusterId, 'cluster-a');
  const issued = await issueCredentials(loaded, { nodeId: 'n1', role: 'worker', now: NOW });
  t.equal(
    (await verifyNodeCertificate(issued.certPem, ca, NOW)).nodeId,
    'n1',
    'the loaded CA signs as the original',
  );
});

t.test('loading a CA refuses what cannot be one', async (t) => {
  const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  const keyPem = await exportRootCaKeyPem(ca);
  const other = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  await t.rejects(loadRootCa(ca.certPem, await exportRootCaKeyPem(other)), {
    name: 'RootCaInvalidError',
    reason: 'key-mismatch',
  });
  await t.rejects(loadRootCa(ca.certPem, 'nonsense'), { name: 'RootCaInvalidError', reason: 'malformed' });
  await t.rejects(loadRootCa('nonsense', keyPem), { name: 'RootCaInvalidError', reason: 'malformed' });
  const garbageDer = '-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n';
  await t.rejects(loadRootCa(garbageDer, keyPem), { name: 'RootCaInvalidError', reason: 'malformed' });

  const leaf = await issueCredentials(ca, { nodeId: 'n1', role: 'manager', now: NOW });
  await t.rejects(loadRootCa(leaf.certPem, leaf.keyPem), { name: 'RootCaInvalidError', reason: 'not-a-ca' });
  const foreignCa = await craftCertificate(ca, { subject: 'CN=some-ca, O=cluster-a', ca: true });
  t.throws(() => parseTrustAnchor(foreignCa), { name: 'RootCaInvalidError', reason: 'not-covey' });
  const noCluster = await craftCertificate(ca, { subject: 'CN=covey-root-ca', ca: true });
  t.throws(() => parseTrustAnchor(noCluster), { name: 'RootCaInvalidError', reason: 'not-covey' });
});

t.test('cluster IDs must be safe inside a distinguished name', async (t) => {
  for (const clusterId of ['', 'a,b', 'O=x', 'a b', '-lead', 'x'.repeat(65), 'é']) {
    await t.rejects(
      createRootCa({ clusterId, now: NOW }),
      { name: 'InvalidNameError', field: 'clusterId' },
      JSON.stringify(clusterId),
    );
  }
  t.equal((await createRootCa({ clusterId: 'A9._-z', now: NOW })).clusterId, 'A9._-z');
});
