// `covey daemon --label`: the values collected, a bad one refused as a usage error (exit 2), and a
// real daemon process started with them reporting them as its engine labels.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { collectEngineLabel } from '../../../cli/daemon/engine-label-flag.ts';
import { FlagValueError } from '../../../cli/commands/flag-value-error.ts';
import { COVEY_BIN, ProcessCluster } from '../../../scripts/lab/process-cluster.ts';
import { waitFor } from '../../../scripts/lab/wait-for.ts';

t.test('labels collect, a later value of a key wins', async (t) => {
  const once = collectEngineLabel('zone=east');
  t.same(once, { zone: 'east' });
  t.same(collectEngineLabel('rack=r1=a', once), { zone: 'east', rack: 'r1=a' }, 'the value keeps its =');
  t.same(collectEngineLabel('zone=west', once), { zone: 'west' });
  t.same(collectEngineLabel('ssd'), { ssd: '' }, 'a bare key has an empty value');
  t.throws(() => collectEngineLabel('=east'), FlagValueError);
});

t.test('a bad --label exits 2 with one line', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-label-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      COVEY_BIN,
      ['daemon', '--data-dir', dir, '--init', '--listen', '127.0.0.1:0', '--label', '=east'],
      { timeout: 30_000 },
      (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
    ),
  );
  t.equal(r.code, 2);
  t.equal(r.stderr, 'covey: invalid value "=east" for --label: expected KEY=VALUE\n');
});

t.test('a daemon process started with --label reports them', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'covey-label-'));
  const cluster = new ProcessCluster(root, [
    '--runtime',
    'hollow',
    '--label',
    'zone=east',
    '--label',
    'rack=r1',
  ]);
  t.teardown(async () => {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  });
  await cluster.start(1, 0);
  const labels = await waitFor(async () => {
    const { nodes } = await cluster.control().listNodes();
    return nodes[0]?.description?.engine?.labels;
  }, 'the node description');
  t.same(labels, { zone: 'east', rack: 'r1' });
});
