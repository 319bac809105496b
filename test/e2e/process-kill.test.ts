// Real processes, real signals: three `covey daemon` managers and two workers on loopback; the
// leader is killed with SIGKILL (no hand-off, no flush beyond what was fsynced), a survivor takes
// over, every acknowledged write is still there, and the killed manager rejoins from its data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ProcessCluster } from '../../scripts/lab/process-cluster.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';
import { replicated, serviceTasks } from './service-fixtures.ts';

const root = await mkdtemp(join(tmpdir(), 'covey-proc-'));
const lab = new ProcessCluster(root, ['--runtime', 'hollow']);
t.teardown(async () => {
  for (const p of lab.nodes) await lab.kill(p);
  await rm(root, { recursive: true, force: true });
});
await lab.start(3, 2);
const control = lab.control();

t.test('kill -9 of the leader loses no acknowledged write; the cluster goes on', async (t) => {
  await waitFor(async () => (await control.listNodes()).nodes.length === 5, 'five nodes');
  const acked: string[] = [];
  for (let i = 0; i < 30; i++) {
    acked.push((await control.createService({ spec: replicated(`acked-${i}`, 1) })).service?.id ?? '');
  }
  const old = await waitFor(() => lab.leader(), 'a leader');
  const killedAt = Date.now();
  await lab.kill(old);
  const survivors = lab.managers().filter((m) => m !== old);
  const next = await waitFor(() => lab.leader(survivors), 'a new leader among the survivors', 20_000);
  t.ok(next, `${next.name} leads ${Date.now() - killedAt} ms after the kill`);

  const viaSurvivors = lab.control(survivors.map((m) => m.addr));
  t.teardown(() => viaSurvivors.close());
  const { services } = await waitFor(() => viaSurvivors.listServices({ pageSize: 1000 }), 'list');
  const ids = new Set(services.map((s) => s.id));
  t.equal(acked.filter((id) => ids.has(id)).length, 30, 'all 30 acknowledged services survived');
  const { service } = await viaSurvivors.createService({ spec: replicated('after-kill', 3) });
  await waitFor(
    async () => (await serviceTasks(viaSurvivors, service?.id ?? '')).running.length === 3,
    'running',
  );
  t.pass('a new service runs after the failover');

  await lab.run(old);
  const oldClient = lab.control([old.addr]);
  t.teardown(() => oldClient.close());
  const back = await waitFor(
    async () => {
      const list = await oldClient.listServices({ pageSize: 1000 });
      return list.services.some((s) => s.id === service?.id) ? list : undefined;
    },
    'the restarted manager to catch up',
    30_000,
  );
  t.equal(
    back.services.length,
    services.length + 1,
    'it serves every service, including the one created while it was down',
  );
});
