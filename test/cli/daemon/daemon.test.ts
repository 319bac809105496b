// Starting a daemon: a new cluster, a resume with the same identity, and the refusals an operator
// gets for the wrong flags on a data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import t from 'tap';
import { Daemon, type DaemonOptions } from '../../../cli/daemon/daemon.ts';
import { freePort } from '../../../scripts/lab/free-port.ts';
import { waitFor } from '../../../scripts/lab/wait-for.ts';

const root = await mkdtemp(join(tmpdir(), 'covey-daemon-'));
t.teardown(() => rm(root, { recursive: true, force: true }));

async function options(dir: string, extra: Partial<DaemonOptions> = {}): Promise<DaemonOptions> {
  return {
    dataDir: join(root, dir),
    listen: `127.0.0.1:${await freePort()}`,
    http: null,
    runtime: 'none',
    logger: pino({ level: 'silent' }),
    tickMs: 20,
    ...extra,
  };
}

t.test('--init, stop, resume: same node, same cluster, still the leader', async (t) => {
  const o = await options('a', { init: true });
  const first = await Daemon.start(o);
  await waitFor(() => first.manager?.store.find('cluster').length === 1, 'the cluster object');
  const clusterId = first.manager?.store.find('cluster')[0]?.id;
  await first.stop();
  const again = await Daemon.start({ ...o, init: false });
  t.teardown(() => again.stop());
  t.equal(again.nodeId, first.nodeId, 'the node id comes back from the certificate');
  await waitFor(() => again.manager?.isLeader(), 'leadership after the restart');
  t.equal(again.manager?.store.find('cluster')[0]?.id, clusterId, 'the store comes back from the WAL');
});

t.test('the wrong flags for a data dir are refused with a clear message', async (t) => {
  const o = await options('b', { init: true });
  const d = await Daemon.start(o);
  await d.stop();
  await t.rejects(Daemon.start(o), { name: 'UsageError', message: /already holds a node of a cluster/ });
  await t.rejects(Daemon.start(await options('empty')), {
    name: 'UsageError',
    message: /holds no covey node: start a new cluster with --init or join one/,
  });
  await t.rejects(Daemon.start(await options('c', { init: true, listen: '127.0.0.1:0' })), {
    name: 'UsageError',
    message: /needs --advertise/,
  });
  await t.rejects(Daemon.start(await options('d', { init: true, listen: 'nonsense' })), {
    name: 'UsageError',
    message: /not host:port/,
  });
});
