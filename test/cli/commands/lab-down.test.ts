// `covey lab down` with the docker runtime, through the real `cli/bin/covey`: a service created in
// the lab runs as containers labelled with the worker's node ID; down removes exactly those (a
// container labelled for another node stays) along with the daemons and the directory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { coveyLab } from '../../fixtures/covey-cli.ts';
import { labDown } from '../../../cli/lab/lab-down.ts';
import { isRunning } from '../../../cli/lab/lab-process.ts';
import { readLabState } from '../../../cli/lab/lab-state-file.ts';
import { waitFor } from '../../../cli/lab/wait-for.ts';
import { requireDocker, TEST_IMAGE } from '../../fixtures/requirements.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

t.test('lab down removes the containers of the lab, and only those', async (t) => {
  const docker = await requireDocker(t);
  if (docker === undefined) return;
  const root = await mkdtemp(join(tmpdir(), 'covey-lab-docker-'));
  const dir = join(root, 'lab');
  const labelled = (nodeId: string) =>
    docker.listContainers({ all: true, filters: { label: [`covey.node.id=${nodeId}`] } });
  const nodeIds: string[] = [];
  t.teardown(async () => {
    await labDown(dir, { graceMs: 2_000, taskGraceMs: 1_000 }).catch(() => undefined);
    for (const id of nodeIds)
      for (const c of await labelled(id)) await docker.getContainer(c.Id).remove({ force: true });
    await rm(root, { recursive: true, force: true });
  });

  // A container covey made for some other node: not this lab's to remove.
  const otherNode = `not-this-lab-${randomBytes(6).toString('hex')}`;
  const bystander = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ['sleep', '300'],
    Labels: { 'covey.node.id': otherNode, 'covey.task.id': 'bystander' },
  });
  t.teardown(() => bystander.remove({ force: true }).catch(() => undefined));
  await bystander.start();

  const up = await coveyLab([
    'lab',
    'up',
    '--managers',
    '1',
    '--workers',
    '1',
    '--runtime',
    'docker',
    '--dir',
    dir,
    '--port-base',
    '0',
    '-q',
  ]);
  t.equal(up.code, 0, up.stderr);
  t.match(up.stdout, /^export COVEY_HOST=127\.0\.0\.1:\d+\nexport COVEY_CERT_DIR=\S+\n$/, '-q: the env only');
  t.equal(up.stderr, '', '-q: no progress');
  const state = await readLabState(dir);
  const w1 = state?.nodes.find((n) => n.name === 'w1');
  if (state === undefined || w1 === undefined) {
    t.fail('no lab recorded');
    return;
  }
  t.same(
    state.nodes.map((n) => [n.name, n.runtime]),
    [
      ['m1', 'docker'],
      ['w1', 'docker'],
    ],
  );
  nodeIds.push(...state.nodes.map((n) => n.nodeId));
  t.match(w1.nodeId, /^\w{10,}$/, 'the node ID is recorded');

  const env: Record<string, string> = {};
  for (const m of up.stdout.matchAll(/^export (\w+)=(.+)$/gm)) if (m[1] && m[2]) env[m[1]] = m[2];
  const created = await coveyLab(
    [
      'service',
      'create',
      '--name',
      'web',
      '--replicas',
      '2',
      '--',
      TEST_IMAGE,
      'sh',
      '-c',
      'trap "exit 0" TERM; while true; do sleep 1; done',
    ],
    env,
  );
  t.equal(created.code, 0, created.stderr);
  const running = await waitFor(
    async () => {
      const cs = await labelled(w1.nodeId);
      return cs.filter((c) => c.State === 'running').length === 2 ? cs : undefined;
    },
    "two containers of w1's tasks",
    30_000,
    200,
  );
  t.equal(running.length, 2);

  const down = await coveyLab(['lab', 'down', '--dir', dir]);
  t.equal(down.code, 0, down.stderr);
  t.match(down.stdout, /^removed 2 container task\(s\) of w1$/m);
  t.same(await labelled(w1.nodeId), [], "no container of the lab's worker is left");
  for (const n of state.nodes) if (n.process) t.notOk(await isRunning(n.process), `${n.name} is stopped`);
  t.equal((await bystander.inspect()).State.Running, true, 'the other node’s container still runs');
  await t.rejects(stat(dir), { code: 'ENOENT' }, 'the lab directory is gone');
});
