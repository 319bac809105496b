// The admin client bundle on disk: written atomically with a 0600 key, read back with a specific error
// for every way it can be broken.
import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { readClientBundle, writeClientBundle } from '../../pki/client-bundle.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { createRootCa } from '../../pki/root-ca.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { craftKey, DAY_MS, NOW } from './fixtures.ts';

const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
const admin = await issueCredentials(ca, { nodeId: 'admin', role: 'admin', now: NOW });
const bundle: TlsBundle = { caCert: ca.certPem, cert: admin.certPem, key: admin.keyPem };
const other = await issueCredentials(ca, { nodeId: 'other', role: 'admin', now: NOW });
const foreignCa = await createRootCa({ clusterId: 'cluster-a', now: NOW });
const foreign = await issueCredentials(foreignCa, { nodeId: 'admin', role: 'admin', now: NOW });

async function scratch(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'covey-bundle-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('write then read: same PEMs, the identity, restrictive modes, no stray files', async (t) => {
  const dir = join(await scratch(t), 'client');
  await writeClientBundle(dir, bundle);
  t.same((await readdir(dir)).sort(), ['ca.pem', 'cert.pem', 'key.pem']);
  t.equal((await stat(join(dir, 'key.pem'))).mode & 0o777, 0o600, 'key 0600');
  t.equal((await stat(join(dir, 'cert.pem'))).mode & 0o777, 0o644, 'certificates 0644');
  t.equal((await stat(dir)).mode & 0o077, 0, 'a new directory is 0700');
  const read = await readClientBundle(dir, { now: NOW });
  t.equal(read.caCert, bundle.caCert);
  t.equal(read.cert, bundle.cert);
  t.equal(read.key, bundle.key);
  t.match(read.identity, { nodeId: 'admin', role: 'admin', clusterId: 'cluster-a' });
  t.equal(read.anchor.digest, ca.digest);

  await writeFile(join(dir, 'key.pem'), 'old', { mode: 0o644 });
  await writeClientBundle(dir, bundle);
  t.equal((await stat(join(dir, 'key.pem'))).mode & 0o777, 0o600, 'overwriting a 0644 key leaves it 0600');
});

t.test('writing refuses parts that are not PEM, before touching the directory', async (t) => {
  const dir = join(await scratch(t), 'client');
  await t.rejects(writeClientBundle(dir, { ...bundle, key: bundle.cert }), {
    name: 'BundleError',
    reason: 'not-pem',
    file: 'key.pem',
    path: join(dir, 'key.pem'),
  });
  await t.rejects(writeClientBundle(dir, { ...bundle, caCert: 'x' }), {
    name: 'BundleError',
    reason: 'not-pem',
    file: 'ca.pem',
  });
  await t.rejects(stat(dir), { code: 'ENOENT' }, 'nothing written');
});

t.test('reading names the file and the problem', async (t) => {
  const base = await scratch(t);
  let n = 0;
  const broken = async (
    files: Partial<Record<'ca.pem' | 'cert.pem' | 'key.pem', string>>,
  ): Promise<string> => {
    const dir = join(base, `b${n++}`);
    await writeClientBundle(dir, bundle);
    for (const [file, text] of Object.entries(files)) {
      if (text === '') await rm(join(dir, file));
      else await writeFile(join(dir, file), text);
    }
    return dir;
  };
  const cases: {
    name: string;
    files: Partial<Record<'ca.pem' | 'cert.pem' | 'key.pem', string>>;
    reason: string;
    file: string;
    message: RegExp;
    now?: Date;
  }[] = [
    {
      name: 'no key',
      files: { 'key.pem': '' },
      reason: 'missing-file',
      file: 'key.pem',
      message: /file not found/,
    },
    {
      name: 'no CA',
      files: { 'ca.pem': '' },
      reason: 'missing-file',
      file: 'ca.pem',
      message: /file not found/,
    },
    {
      name: 'no cert',
      files: { 'cert.pem': '' },
      reason: 'missing-file',
      file: 'cert.pem',
      message: /not found/,
    },
    {
      name: 'CA not PEM',
      files: { 'ca.pem': 'hello' },
      reason: 'not-pem',
      file: 'ca.pem',
      message: /no PEM data/,
    },
    {
      name: 'key in the cert file',
      files: { 'cert.pem': admin.keyPem },
      reason: 'not-pem',
      file: 'cert.pem',
      message: /found "PRIVATE KEY"/,
    },
    {
      name: 'cert in the key file',
      files: { 'key.pem': admin.certPem },
      reason: 'not-pem',
      file: 'key.pem',
      message: /expected a PEM "PRIVATE KEY" block, found "CERTIFICATE"/,
    },
    {
      name: 'an RSA key',
      files: { 'key.pem': craftKey('rsa').export({ format: 'pem', type: 'pkcs8' }).toString() },
      reason: 'invalid-key',
      file: 'key.pem',
      message: /covey keys are ECDSA P-256; this is a key of type rsa/,
    },
    {
      name: 'a node certificate as CA',
      files: { 'ca.pem': admin.certPem },
      reason: 'invalid-certificate',
      file: 'ca.pem',
      message: /not a CA certificate/,
    },
    {
      name: 'key of another certificate',
      files: { 'key.pem': other.keyPem },
      reason: 'key-mismatch',
      file: 'key.pem',
      message: /does not belong to the certificate in .*cert\.pem/,
    },
    {
      name: 'certificate from another CA',
      files: { 'cert.pem': foreign.certPem, 'key.pem': foreign.keyPem },
      reason: 'invalid-certificate',
      file: 'cert.pem',
      message: /not issued by this cluster's root CA/,
    },
    {
      name: 'expired at the given time',
      files: {},
      now: new Date(NOW.getTime() + 100 * DAY_MS),
      reason: 'invalid-certificate',
      file: 'cert.pem',
      message: /expired at/,
    },
  ];
  for (const c of cases) {
    const dir = await broken(c.files);
    await t.rejects(
      readClientBundle(dir, { now: c.now ?? NOW }),
      { name: 'BundleError', reason: c.reason, file: c.file, path: join(dir, c.file), message: c.message },
      c.name,
    );
  }
  const unreadable = join(base, 'dir-instead');
  await writeClientBundle(unreadable, bundle);
  await rm(join(unreadable, 'cert.pem'));
  await mkdir(join(unreadable, 'cert.pem'));
  await t.rejects(readClientBundle(unreadable, { now: NOW }), {
    name: 'BundleError',
    reason: 'unreadable',
    message: /EISDIR/,
  });
});
