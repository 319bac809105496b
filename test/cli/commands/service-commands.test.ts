// The client commands end to end: the real `cli/bin/covey` entry, spawned as a user would run it,
// against an in-process lab cluster (1 manager, 2 workers, hollow runtime).
import t from 'tap';
import { startCliLab } from '../../e2e/lab-cli.ts';
import { waitFor } from '../../e2e/lab-cluster.ts';

const { lab, covey } = await startCliLab(t, { managers: 1, workers: 2 });

/** The REPLICAS cell of `service ls` for a service name, by column position under the header. */
function replicasOf(ls: string, name: string): string | undefined {
  const [header, ...rows] = ls.trimEnd().split('\n');
  const at = header?.indexOf('REPLICAS') ?? -1;
  const row = rows.find((r) => r.split(/\s{3,}/)[1] === name);
  return row && at >= 0 ? row.slice(at).split(/\s+/)[0] : undefined;
}

await lab.allReady(3);

t.test('service create, ls, ps, inspect, scale, rm', async (t) => {
  const created = await covey(
    'service',
    'create',
    '--name',
    'web',
    '--replicas',
    '3',
    '-e',
    'A=1',
    'covey-test/busybox:1',
    'sleep',
    '1000',
  );
  t.equal(created.code, 0, created.stderr);
  const id = created.stdout.trim();
  t.match(id, /^[a-z0-9]{10,}$/, 'prints the new service ID');

  await waitFor(async () => replicasOf((await covey('service', 'ls')).stdout, 'web') === '3/3', 'web at 3/3');
  const ls = await covey('service', 'ls');
  t.match(ls.stdout, /^ID\s+NAME\s+MODE\s+REPLICAS\s+IMAGE/, 'Docker-like header');
  t.match(ls.stdout, new RegExp(`${id.slice(0, 12)}\\s+web\\s+replicated\\s+3/3\\s+covey-test/busybox:1`));

  const ps = await covey('service', 'ps', 'web');
  t.equal(ps.code, 0, ps.stderr);
  const rows = ps.stdout.trimEnd().split('\n').slice(1);
  t.equal(rows.length, 3, 'one task per replica');
  for (const slot of [1, 2, 3])
    t.match(
      ps.stdout,
      new RegExp(`web\\.${slot}\\s+covey-test/busybox:1\\s+(w1|w2|m1)\\s+Running\\s+Running `),
    );

  const inspect = await covey('service', 'inspect', id.slice(0, 8));
  t.equal(inspect.code, 0, inspect.stderr);
  const [service] = JSON.parse(inspect.stdout) as {
    id: string;
    spec: { replicated: { replicas: number }; task: { container: { env: string[]; args: string[] } } };
  }[];
  t.equal(service?.id, id, 'resolved by ID prefix');
  t.same(service?.spec.task.container.env, ['A=1']);
  t.same(service?.spec.task.container.args, ['sleep', '1000']);

  const scaled = await covey('service', 'scale', 'web=5');
  t.equal(scaled.code, 0, scaled.stderr);
  t.equal(scaled.stdout, 'web scaled to 5\n');
  await waitFor(async () => replicasOf((await covey('service', 'ls')).stdout, 'web') === '5/5', 'web at 5/5');

  const rm = await covey('service', 'rm', 'web');
  t.equal(rm.code, 0, rm.stderr);
  t.equal((await lab.control().listServices()).services.length, 0, 'the service is gone');
});

t.test('node ls shows every node', async (t) => {
  const r = await covey('node', 'ls');
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^ID\s+HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS/);
  t.match(r.stdout, /\sm1\s+Ready\s+Active\s+Leader/);
  t.match(r.stdout, /\sw1\s+Ready\s+Active/);
  t.match(r.stdout, /\sw2\s+Ready\s+Active/);
});

t.test('bad input: one line, exit 1 for an unknown service, 2 for a bad flag', async (t) => {
  const unknown = await covey('service', 'ps', 'nope');
  t.equal(unknown.code, 1);
  t.equal(unknown.stderr.trimEnd().split('\n').length, 1, unknown.stderr);
  t.match(unknown.stderr, /no such service: nope/);
  t.notMatch(unknown.stderr, /\s+at /, 'no stack trace');

  const badFlag = await covey('service', 'create', '--limit-memory', '12Q', 'covey-test/busybox:1');
  t.equal(badFlag.code, 2);
  t.equal(badFlag.stderr, 'covey: invalid value "12Q" for --limit-memory: expected a size like 512M or 1G\n');
  t.equal((await lab.control().listServices()).services.length, 0, 'nothing created');
});

t.test('node update, node inspect, cluster join-token', async (t) => {
  const updated = await covey('node', 'update', '--label-add', 'zone=east', '--availability', 'drain', 'w1');
  t.equal(updated.code, 0, updated.stderr);
  const inspect = await covey('node', 'inspect', 'w1');
  t.equal(inspect.code, 0, inspect.stderr);
  const [node] = JSON.parse(inspect.stdout) as {
    spec: { availability: number; annotations: { labels: object } };
  }[];
  t.same(node?.spec.annotations.labels, { zone: 'east' });
  t.equal(node?.spec.availability, 2, 'drain');

  const token = await covey('cluster', 'join-token', '-q', 'worker');
  t.equal(token.code, 0, token.stderr);
  const { cluster } = await lab.control().getCluster();
  t.equal(token.stdout.trim(), cluster?.rootCa?.joinTokens?.worker, 'the current worker token');
});
