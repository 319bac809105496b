// The environment a lab prints: every manager's gRPC address in COVEY_HOST, the admin bundle in
// COVEY_CERT_DIR, as export lines sh can eval (paths with spaces or quotes quoted).
import { execFile } from 'node:child_process';
import t from 'tap';
import { exportLines, labEnv } from '../../../cli/lab/lab-env.ts';
import { labState, nodeRecord } from './lab-test-kit.ts';

t.test('managers only, in order, and the admin bundle', async (t) => {
  const dir = '/tmp/lab';
  const env = labEnv(
    labState(dir, [
      nodeRecord(dir, 'm1', { grpc: '127.0.0.1:4240' }),
      nodeRecord(dir, 'm2', { grpc: '127.0.0.1:4241' }),
      nodeRecord(dir, 'w1', { grpc: '127.0.0.1:4242' }),
    ]),
  );
  t.same(env, { COVEY_HOST: '127.0.0.1:4240,127.0.0.1:4241', COVEY_CERT_DIR: '/tmp/lab/m1/data/client' });
  t.equal(
    exportLines(env),
    'export COVEY_HOST=127.0.0.1:4240,127.0.0.1:4241\nexport COVEY_CERT_DIR=/tmp/lab/m1/data/client\n',
  );
});

t.test("an awkward path survives sh's eval", async (t) => {
  const awkward = "/tmp/it's a lab/$HOME/m1";
  const lines = exportLines({ COVEY_HOST: '127.0.0.1:1', COVEY_CERT_DIR: awkward });
  const out = await new Promise<string>((resolve, reject) =>
    execFile('/bin/sh', ['-c', `${lines}printf %s "$COVEY_CERT_DIR"`], (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  t.equal(out, awkward);
});
