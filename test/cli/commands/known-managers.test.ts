// The remembered managers: learned from a lab cluster, kept in <cert-dir>/managers.json, refreshed at
// most once a minute, and used by ControlClient once every --host is unreachable.
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import {
  KNOWN_MANAGERS_FILE,
  KNOWN_MANAGERS_REFRESH_MS,
  managerAddresses,
  readKnownManagers,
  rememberManagers,
} from '../../../cli/commands/known-managers.ts';
import { ControlClient } from '../../../cli/control-client.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { freePort, LabCluster } from '../../e2e/lab-cluster.ts';

const lab = await LabCluster.start({ managers: 1, workers: 0 });
t.teardown(() => lab.stop());
const m1 = lab.nodes[0];
if (!m1) throw new Error('no manager');

async function certDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'covey-known-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('managerAddresses: managers with an address, once each', async (t) => {
  const node = (role: number, addr: string) =>
    ({ role, managerStatus: addr === '' ? null : { addr } }) as unknown as Node__Output;
  t.same(
    managerAddresses([
      node(NodeRole.NODE_ROLE_MANAGER, 'b:1'),
      node(NodeRole.NODE_ROLE_WORKER, 'w:1'),
      node(NodeRole.NODE_ROLE_MANAGER, 'a:1'),
      node(NodeRole.NODE_ROLE_MANAGER, ''),
      node(NodeRole.NODE_ROLE_MANAGER, 'a:1'),
    ]),
    ['a:1', 'b:1'],
  );
});

t.test('remembered from the cluster, then not asked again within the refresh period', async (t) => {
  const dir = await certDir(t);
  t.same(await readKnownManagers(dir), [], 'nothing before');
  t.equal(await rememberManagers(dir, lab.control()), true);
  t.same(await readKnownManagers(dir), [m1.addr]);

  const path = join(dir, KNOWN_MANAGERS_FILE);
  await writeFile(path, JSON.stringify({ managers: ['stale:1'] }));
  t.equal(await rememberManagers(dir, lab.control()), false, 'fresh file: no call');
  t.same(await readKnownManagers(dir), ['stale:1']);
  const old = new Date(Date.now() - KNOWN_MANAGERS_REFRESH_MS - 1000);
  await utimes(path, old, old);
  t.equal(await rememberManagers(dir, lab.control()), true, 'old file: refreshed');
  t.same(JSON.parse(await readFile(path, 'utf8')), { managers: [m1.addr] });
});

t.test('a damaged file is no list', async (t) => {
  const dir = await certDir(t);
  for (const text of ['{', '[]', '{"managers": "a:1"}', '{"managers": [1]}']) {
    await writeFile(join(dir, KNOWN_MANAGERS_FILE), text);
    t.same(await readKnownManagers(dir), [], text);
  }
});

t.test('ControlClient falls back on them when every --host is unreachable', async (t) => {
  const dead = `127.0.0.1:${await freePort()}`;
  const alone = new ControlClient([dead], lab.admin, 3_000);
  t.teardown(() => alone.close());
  await t.rejects(alone.getCluster(), { code: 14 }, 'UNAVAILABLE with only the dead host');

  const withFallback = new ControlClient([dead], lab.admin, 3_000, [m1.addr]);
  t.teardown(() => withFallback.close());
  const { cluster } = await withFallback.getCluster();
  t.ok(cluster?.id, 'answered by the remembered manager');
  t.equal(withFallback.currentAddress, m1.addr, 'and kept for the next calls');
  t.same(withFallback.addresses, [dead, m1.addr], 'the given hosts first');
});
