// A cluster put together by hand with the real binary, as the README tells an operator to: `covey
// daemon --init`, `covey cluster join-token`, `covey daemon --join … --token …` for a second manager
// and a worker, then `covey node ls` shows the roles and the leader. A wrong token stops the daemon
// with one clear line.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { coveyAt, managerTarget } from '../fixtures/covey-cli.ts';
import { fetchDaemonHealth } from '../../cli/lab/daemon-health.ts';
import { freePort } from '../../scripts/lab/free-port.ts';
import { COVEY_BIN } from '../../scripts/lab/process-cluster.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const root = await mkdtemp(join(tmpdir(), 'covey-cli-cluster-'));
const children: ChildProcess[] = [];
t.teardown(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

interface Node {
  readonly name: string;
  readonly addr: string;
  readonly http: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stderr: string;
}

async function daemon(name: string, ...flags: string[]): Promise<Node> {
  const addr = `127.0.0.1:${await freePort()}`;
  const http = `127.0.0.1:${await freePort()}`;
  const dataDir = join(root, name);
  const child = spawn(
    COVEY_BIN,
    ['daemon', '--data-dir', dataDir, '--listen', addr, '--http', http, '--hostname', name, ...flags],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  const node: Node = { name, addr, http, dataDir, child, stderr: '' };
  child.stderr?.on('data', (d: Buffer) => {
    node.stderr += d.toString();
  });
  return node;
}

const serving = (n: Node) =>
  waitFor(async () => (await fetchDaemonHealth(n.http))?.ok || undefined, `${n.name} serving`, 30_000);

const m1 = await daemon('m1', '--init', '--runtime', 'none');
// Serving is not leading yet: the join-token call needs the leader (or one known to m1).
await waitFor(
  async () => (await fetchDaemonHealth(m1.http))?.raft?.isLeader || undefined,
  'm1 leading',
  30_000,
);
const covey = coveyAt(managerTarget(m1));

t.test(
  'init, join a manager and a worker with their tokens; node ls shows roles and the leader',
  async (t) => {
    const managerToken = await covey('cluster', 'join-token', '-q', 'manager');
    t.equal(managerToken.code, 0, managerToken.stderr);
    const workerToken = await covey('cluster', 'join-token', '-q', 'worker');
    t.equal(workerToken.code, 0, workerToken.stderr);
    t.not(managerToken.stdout.trim(), workerToken.stdout.trim(), 'one token per role');
    const human = await covey('cluster', 'join-token', 'worker');
    t.match(human.stdout, /covey daemon .*--join .*--token/, 'the full command to run on the new node');

    const m2 = await daemon(
      'm2',
      '--join',
      m1.addr,
      '--token',
      managerToken.stdout.trim(),
      '--runtime',
      'none',
    );
    const w1 = await daemon(
      'w1',
      '--join',
      m1.addr,
      '--token',
      workerToken.stdout.trim(),
      '--runtime',
      'process',
    );
    await serving(m2);
    await serving(w1);
    const ls = await waitFor(
      async () => {
        const r = await covey('node', 'ls');
        return (r.stdout.match(/Ready/g) ?? []).length === 3 ? r : undefined;
      },
      'three nodes Ready in node ls',
      30_000,
    );
    const rows = ls.stdout.trimEnd().split('\n');
    t.match(rows[0], /^ID\s+HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS/, 'Docker-like header');
    const row = (name: string) => rows.find((r) => r.split(/\s+/).includes(name)) ?? '';
    t.match(row('m1'), /Ready\s+Active\s+Leader/, 'm1 is the leader');
    t.match(row('m2'), /Ready\s+Active\s+Reachable/, 'm2 is a reachable manager');
    t.notMatch(row('w1'), /Leader|Reachable/, 'w1 is a worker');

    const info = await covey('cluster', 'info');
    t.equal(info.code, 0, info.stderr);
  },
);

t.test('a wrong token: the joining daemon exits non-zero with one clear line', async (t) => {
  const bad = await daemon(
    'w2',
    '--join',
    m1.addr,
    '--token',
    'SWMTKN-1-not-a-token',
    '--runtime',
    'process',
  );
  const code = await new Promise<number | null>((resolve) => bad.child.once('exit', resolve));
  t.not(code, 0);
  t.match(bad.stderr, /invalid join token/);
  t.notMatch(bad.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
});
