// Issuing node certificates: the subject and names come from the CA's decision, never from the request.
import t from 'tap';
import { createCsr } from '../../pki/csr.ts';
import { generateKeyPair, privateKeyMatches } from '../../pki/key-pair.ts';
import { DEFAULT_NODE_CERT_VALIDITY_MS, issueCredentials, signCsr } from '../../pki/node-certificate.ts';
import { readNodeIdentity, verifyNodeCertificate } from '../../pki/node-identity.ts';
import { pemDecode } from '../../pki/pem.ts';
import { createRootCa, DEFAULT_BACKDATE_MS } from '../../pki/root-ca.ts';
import { x509 } from '../../pki/x509.ts';
import { craftCsr, craftKey, DAY_MS, NOW, seededBytes } from './fixtures.ts';

const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });

function parse(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pemDecode(pem, 'CERTIFICATE'));
}

t.test('the CA writes its own decision into the subject, whatever the request claims', async (t) => {
  const csr = craftCsr({ key: craftKey('p256'), subject: 'CN=root, OU=manager, OU=admin, O=cluster-evil' });
  const issued = await signCsr(ca, csr, { nodeId: 'node-7', role: 'worker', now: NOW });
  const cert = parse(issued.certPem);
  t.equal(cert.subject, 'CN=node-7, OU=worker, O=cluster-a');
  t.equal(cert.issuer, ca.certificate.subject);
  t.same(
    { nodeId: issued.identity.nodeId, role: issued.identity.role, clusterId: issued.identity.clusterId },
    { nodeId: 'node-7', role: 'worker', clusterId: 'cluster-a' },
  );
  t.same(
    readNodeIdentity(issued.certPem),
    issued.identity,
    'the identity returned is the one in the certificate',
  );
  t.ok(await cert.verify({ publicKey: ca.certificate, signatureOnly: true }), 'signed by the CA');
});

t.test('extensions: leaf, digital signature, server and client auth, key identifiers, SANs', async (t) => {
  const keys = await generateKeyPair();
  const issued = await signCsr(ca, await createCsr(keys), {
    nodeId: 'mgr-1',
    role: 'manager',
    dnsNames: ['mgr-1.example', 'localhost'],
    ipAddresses: ['10.0.0.1', '::1'],
    now: NOW,
  });
  const cert = parse(issued.certPem);
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  t.equal(constraints?.ca, false);
  t.equal(constraints?.critical, true);
  t.equal(cert.getExtension(x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature);
  t.same(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages, [
    x509.ExtendedKeyUsage.serverAuth,
    x509.ExtendedKeyUsage.clientAuth,
  ]);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  t.same(san?.names.toJSON(), [
    { type: 'dns', value: 'mgr-1.example' },
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '10.0.0.1' },
    { type: 'ip', value: '::1' },
  ]);
  t.equal(
    cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId,
    ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    'AKI names the CA key',
  );
  t.ok(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
  t.same(
    new Uint8Array(cert.publicKey.rawData),
    new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', keys.publicKey)),
  );

  const plain = parse(
    (await signCsr(ca, await createCsr(keys), { nodeId: 'w', role: 'worker', now: NOW })).certPem,
  );
  t.equal(plain.getExtension(x509.SubjectAlternativeNameExtension), null, 'no SAN unless asked');
});

t.test('validity: 90 days by default, configurable, never past the CA', async (t) => {
  const csr = await createCsr(await generateKeyPair());
  const issued = await signCsr(ca, csr, { nodeId: 'n', role: 'worker', now: NOW });
  t.equal(DEFAULT_NODE_CERT_VALIDITY_MS, 90 * DAY_MS);
  t.equal(issued.identity.notAfter.getTime(), NOW.getTime() + 90 * DAY_MS);
  t.equal(issued.identity.notBefore.getTime(), NOW.getTime() - DEFAULT_BACKDATE_MS);
  const short = await signCsr(ca, csr, {
    nodeId: 'n',
    role: 'worker',
    now: NOW,
    validityMs: DAY_MS,
    backdateMs: 0,
  });
  t.equal(short.identity.notBefore.getTime(), NOW.getTime());
  t.equal(short.identity.notAfter.getTime(), NOW.getTime() + DAY_MS);

  const young = await createRootCa({ clusterId: 'c', now: NOW, validityMs: 10 * DAY_MS, backdateMs: 0 });
  const clamped = await signCsr(young, csr, { nodeId: 'n', role: 'worker', now: NOW });
  t.equal(clamped.identity.notAfter.getTime(), young.certificate.notAfter.getTime(), 'ends with the CA');
  t.equal(clamped.identity.notBefore.getTime(), young.certificate.notBefore.getTime(), 'starts with the CA');
  const later = new Date(NOW.getTime() + 11 * DAY_MS);
  await t.rejects(signCsr(young, csr, { nodeId: 'n', role: 'worker', now: later }), {
    name: 'RootCaInvalidError',
    reason: 'expired',
  });
  await t.rejects(signCsr(ca, csr, { nodeId: 'n', role: 'worker', now: NOW, validityMs: -1 }), RangeError);
});

t.test('serial numbers are random; injected bytes pin them', async (t) => {
  const csr = await createCsr(await generateKeyPair());
  const serials = new Set<string>();
  for (let i = 0; i < 20; i++) {
    serials.add((await signCsr(ca, csr, { nodeId: 'n', role: 'worker', now: NOW })).identity.serialNumber);
  }
  t.equal(serials.size, 20);
  const pinned = async (): Promise<string> =>
    (await signCsr(ca, csr, { nodeId: 'n', role: 'worker', now: NOW, randomBytes: seededBytes(9) })).identity
      .serialNumber;
  t.equal(await pinned(), await pinned());
});

t.test('bad decisions and bad requests are refused before anything is signed', async (t) => {
  const csr = await createCsr(await generateKeyPair());
  const cases = [
    { decision: { nodeId: 'a,b' }, field: 'nodeId' },
    { decision: { nodeId: '' }, field: 'nodeId' },
    { decision: { nodeId: 'n', dnsNames: ['bad_name.example'] }, field: 'dnsName' },
    { decision: { nodeId: 'n', dnsNames: ['-x.example'] }, field: 'dnsName' },
    { decision: { nodeId: 'n', ipAddresses: ['10.0.0.300'] }, field: 'ipAddress' },
    { decision: { nodeId: 'n', ipAddresses: ['localhost'] }, field: 'ipAddress' },
  ];
  for (const c of cases) {
    await t.rejects(
      signCsr(ca, csr, { role: 'worker', now: NOW, ...c.decision }),
      { name: 'InvalidNameError', field: c.field },
      JSON.stringify(c.decision),
    );
  }
  await t.rejects(
    signCsr(ca, craftCsr({ key: craftKey('rsa') }), { nodeId: 'n', role: 'worker', now: NOW }),
    {
      name: 'CsrInvalidError',
      reason: 'unsupported-key',
    },
  );
  const wildcard = await signCsr(ca, csr, {
    nodeId: 'n',
    role: 'worker',
    now: NOW,
    dnsNames: ['*.nodes.example'],
  });
  t.ok(wildcard.certPem, 'a wildcard DNS name is a valid SAN');
});

t.test('issueCredentials: a CA-generated key for the first manager and the admin bundle', async (t) => {
  const admin = await issueCredentials(ca, { nodeId: 'admin', role: 'admin', now: NOW });
  t.equal(admin.identity.role, 'admin');
  t.ok(
    privateKeyMatches(admin.keyPem, new Uint8Array(parse(admin.certPem).publicKey.rawData)),
    'key fits cert',
  );
  t.same(await verifyNodeCertificate(admin.certPem, ca, NOW), admin.identity);
});
