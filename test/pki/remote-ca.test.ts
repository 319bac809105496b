// Joining trusts a CA fetched over an unauthenticated channel only when its digest is the token's pin.
import t from 'tap';
import { createJoinTokens } from '../../pki/join-token-hashes.ts';
import { parseJoinToken } from '../../pki/join-token.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { createRootCa } from '../../pki/root-ca.ts';
import { verifyRemoteCa } from '../../pki/remote-ca.ts';
import { NOW } from './fixtures.ts';

const ca = await createRootCa({ clusterId: 'cluster-a', now: NOW });
const { tokens } = createJoinTokens(ca.digest);

t.test('the pinned CA is accepted, as PEM or DER, with a string or parsed token', async (t) => {
  const anchor = verifyRemoteCa(tokens.worker, ca.certPem);
  t.equal(anchor.digest, ca.digest);
  t.equal(anchor.clusterId, 'cluster-a');
  t.equal(verifyRemoteCa(parseJoinToken(tokens.manager), ca.der).digest, ca.digest);
});

t.test('any other CA is a CaMismatchError naming both digests', async (t) => {
  const impostor = await createRootCa({ clusterId: 'cluster-a', now: NOW });
  t.throws(() => verifyRemoteCa(tokens.worker, impostor.certPem), {
    name: 'CaMismatchError',
    expected: ca.digest,
    actual: impostor.digest,
    message: new RegExp(`root CA ${impostor.digest} is not the CA ${ca.digest} pinned by the join token`),
  });
  const leaf = await issueCredentials(ca, { nodeId: 'm1', role: 'manager', now: NOW });
  t.throws(
    () => verifyRemoteCa(tokens.worker, leaf.certPem),
    { name: 'CaMismatchError' },
    'a node certificate',
  );
  t.throws(() => verifyRemoteCa(tokens.worker, Uint8Array.from([1, 2, 3])), { name: 'CaMismatchError' });
});

t.test('a bad token or bytes that are not PEM fail before any trust decision', async (t) => {
  t.throws(() => verifyRemoteCa('CVYTKN-1-xyz', ca.certPem), { name: 'TokenFormatError' });
  t.throws(() => verifyRemoteCa(tokens.worker, 'hello'), { name: 'RootCaInvalidError', reason: 'malformed' });
});
