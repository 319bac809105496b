// Real processes, real signals: three `covey daemon` managers and two workers on loopback; the
// leader is killed with SIGKILL (no hand-off, no flush beyond what was fsynced), a survivor takes
// over, every acknowledged write is still there, and the killed manager rejoins from its data dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ControlClient } from '../../cli/control-client.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import { freePort, waitFor } from './lab-cluster.ts';
import { replicated, serviceTasks } from './service-fixtures.ts';

const COVEY = fileURLToPath(new URL('../../cli/bin/covey', import.meta.url));
const root = await mkdtemp(join(tmpdir(), 'covey-proc-'));

interface Proc {
  readonly name: string;
  readonly addr: string;
  readonly http: string;
  readonly dataDir: string;
  child: ChildProcess | undefined;
  log: string;
}
const procs: Proc[] = [];

t.teardown(async () => {
  for (const p of procs) p.child?.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

async function start(p: Proc, extra: string[]): Promise<void> {
  const child = spawn(
    COVEY,
    ['daemon', '--data-dir', p.dataDir, '--listen', p.addr, '--http', p.http, '--hostname', p.name, ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  p.child = child;
  child.stderr?.on('data', (d: Buffer) => {
    p.log += d.toString();
  });
  await waitFor(() => health(p), `${p.name} to serve /healthz`, 30_000);
}

async function node(name: string): Promise<Proc> {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const p: Proc = {
    name,
    addr: `127.0.0.1:${grpcPort}`,
    http: `127.0.0.1:${httpPort}`,
    dataDir: join(root, name),
    child: undefined,
    log: '',
  };
  procs.push(p);
  return p;
}

interface Health {
  ok: boolean;
  raft?: { isLeader: boolean; term: number };
}
async function health(p: Proc): Promise<Health | undefined> {
  try {
    const r = await fetch(`http://${p.http}/healthz`);
    return (await r.json()) as Health;
  } catch {
    return undefined;
  }
}

async function leader(among: readonly Proc[]): Promise<Proc | undefined> {
  for (const p of among) if ((await health(p))?.raft?.isLeader) return p;
  return undefined;
}

const m1 = await node('m1');
await start(m1, ['--init']);
const admin = await readClientBundle(join(m1.dataDir, 'client'), { now: new Date() });
const first = new ControlClient([m1.addr], admin);
const tokens = await waitFor(
  async () => (await first.getCluster()).cluster?.rootCa?.joinTokens ?? undefined,
  'tokens',
);
first.close();
const managers = [m1, await node('m2'), await node('m3')];
for (const m of managers.slice(1)) await start(m, ['--join', m1.addr, '--token', tokens.manager]);
for (const name of ['w1', 'w2']) await start(await node(name), ['--join', m1.addr, '--token', tokens.worker]);
const control = new ControlClient(
  managers.map((m) => m.addr),
  admin,
);
t.teardown(() => control.close());

t.test('kill -9 of the leader loses no acknowledged write; the cluster goes on', async (t) => {
  await waitFor(async () => (await control.listNodes()).nodes.length === 5, 'five nodes', 30_000);
  const acked: string[] = [];
  for (let i = 0; i < 30; i++) {
    acked.push((await control.createService({ spec: replicated(`acked-${i}`, 1) })).service?.id ?? '');
  }
  const old = await waitFor(() => leader(managers), 'a leader');
  const killedAt = Date.now();
  old.child?.kill('SIGKILL');
  const survivors = managers.filter((m) => m !== old);
  const next = await waitFor(() => leader(survivors), 'a new leader among the survivors', 20_000);
  t.ok(next, `${next.name} leads ${Date.now() - killedAt} ms after the kill`);

  const viaSurvivors = new ControlClient(
    survivors.map((m) => m.addr),
    admin,
  );
  t.teardown(() => viaSurvivors.close());
  const { services } = await waitFor(() => viaSurvivors.listServices({ pageSize: 1000 }), 'list');
  const ids = new Set(services.map((s) => s.id));
  t.equal(acked.filter((id) => ids.has(id)).length, 30, 'all 30 acknowledged services survived');
  const { service } = await viaSurvivors.createService({ spec: replicated('after-kill', 3) });
  await waitFor(
    async () => (await serviceTasks(viaSurvivors, service?.id ?? '')).running.length === 3,
    'running',
    20_000,
  );
  t.pass('a new service runs after the failover');

  await start(old, []);
  await waitFor(async () => {
    const h = await health(old);
    return h?.raft && h.raft.term >= 1;
  }, 'the killed manager to come back');
  const oldClient = new ControlClient([old.addr], admin);
  t.teardown(() => oldClient.close());
  const back = await waitFor(
    async () => {
      const list = await oldClient.listServices({ pageSize: 1000 });
      return list.services.some((s) => s.id === service?.id) ? list : undefined;
    },
    'the restarted manager to catch up',
    20_000,
  );
  t.equal(
    back.services.length,
    services.length + 1,
    'it serves every service, including the one created while it was down',
  );
});
