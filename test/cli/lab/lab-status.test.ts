// Stale detection: `lab status` says which recorded daemons still run (pid and start time), a lab
// being started counts as running, and no lab.json is NoLabError.
import t from 'tap';
import { NoLabError } from '../../../cli/lab/lab-errors.ts';
import { processRef } from '../../../cli/lab/lab-process.ts';
import { writeLabState } from '../../../cli/lab/lab-state-file.ts';
import { labStatus, runningParts } from '../../../cli/lab/lab-status.ts';
import { labState, nodeRecord, spawnSleeper, tempDir } from './lab-test-kit.ts';

t.test('running and dead nodes, told apart by pid and start time', async (t) => {
  const dir = await tempDir(t);
  const alive = await spawnSleeper(t);
  const dead = await spawnSleeper(t);
  dead.child.kill('SIGKILL');
  await dead.exited;
  const state = labState(dir, [
    nodeRecord(dir, 'm1', { process: alive.ref }),
    nodeRecord(dir, 'w1', { process: dead.ref }),
    nodeRecord(dir, 'w2', { process: { pid: alive.ref.pid, startTime: (alive.ref.startTime ?? 0) - 1 } }),
    nodeRecord(dir, 'w3'),
  ]);
  await writeLabState(dir, state);
  const status = await labStatus(dir);
  t.same(
    status.nodes.map((n) => [n.record.name, n.running]),
    [
      ['m1', true],
      ['w1', false],
      ['w2', false],
      ['w3', false],
    ],
  );
  t.notOk(status.starting);
  t.notOk(status.nodes[0]?.leader, 'a process with no /healthz is no leader');
  t.same(await runningParts(state), ['m1']);
});

t.test('a lab whose processes are all gone is stale', async (t) => {
  const dir = await tempDir(t);
  const dead = await spawnSleeper(t);
  dead.child.kill('SIGKILL');
  await dead.exited;
  t.same(await runningParts(labState(dir, [nodeRecord(dir, 'm1', { process: dead.ref })])), []);
});

t.test('a `lab up` still starting it counts as running', async (t) => {
  const dir = await tempDir(t);
  const me = await processRef();
  const state = labState(dir, [nodeRecord(dir, 'm1')], { starter: me });
  await writeLabState(dir, state);
  t.ok((await labStatus(dir)).starting);
  t.same(await runningParts(state), [`\`lab up\` pid ${me.pid}`]);
});

t.test('no lab.json: NoLabError naming the dir', async (t) => {
  const dir = await tempDir(t);
  const err = await labStatus(dir).catch((e: unknown) => e);
  t.ok(err instanceof NoLabError);
  t.match((err as Error).message, `no lab in ${dir}`);
});
