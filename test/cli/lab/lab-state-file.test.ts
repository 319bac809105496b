// lab.json: written and read back as is; absent is no lab; a damaged file is moved aside (never
// overwritten or guessed at) and the error says where it went.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { LabStateDamagedError } from '../../../cli/lab/lab-errors.ts';
import {
  LAB_STATE_FILE,
  labStatePath,
  readLabState,
  stateProblem,
  writeLabState,
} from '../../../cli/lab/lab-state-file.ts';
import { labState, nodeRecord, tempDir } from './lab-test-kit.ts';

t.test('what is written is read back; no file is no lab', async (t) => {
  const dir = await tempDir(t);
  t.equal(await readLabState(dir), undefined);
  const state = labState(dir, [
    nodeRecord(dir, 'm1', { process: { pid: 1234, startTime: 5678 }, nodeId: 'n1', availability: 'drain' }),
    nodeRecord(dir, 'w1'),
  ]);
  await writeLabState(dir, state);
  t.same(await readLabState(dir), state);
  t.same(await readdir(dir), [LAB_STATE_FILE], 'no temporary file is left beside it');
});

t.test('a file that is not JSON is moved aside with a clear error', async (t) => {
  const dir = await tempDir(t);
  await writeFile(labStatePath(dir), '{"version": 1, "nodes": [');
  const err = await readLabState(dir, () => new Date('2030-05-06T07:08:09.000Z')).catch((e: unknown) => e);
  t.ok(err instanceof LabStateDamagedError, String(err));
  if (!(err instanceof LabStateDamagedError)) return;
  t.equal(err.problem, 'not JSON');
  t.equal(err.setAsidePath, join(dir, 'lab.json.damaged-2030-05-06T070809.000Z'));
  t.match(err.message, /lab\.json is damaged \(not JSON\); moved aside to .*lab\.json\.damaged-/);
  t.same(await readdir(dir), ['lab.json.damaged-2030-05-06T070809.000Z'], 'lab.json itself is gone');
  t.equal(await readFile(err.setAsidePath ?? '', 'utf8'), '{"version": 1, "nodes": [', 'kept as it was');
  t.equal(await readLabState(dir), undefined, 'the next read finds no lab');
});

t.test('JSON that is not a lab is damaged too, naming what is wrong', async (t) => {
  const dir = await tempDir(t);
  const good = labState(dir, [nodeRecord(dir, 'm1')]);
  await writeFile(labStatePath(dir), JSON.stringify({ ...good, version: 7 }));
  await t.rejects(readLabState(dir), { name: 'LabStateDamagedError', problem: 'unknown version 7' });
});

t.test('stateProblem names the first thing wrong', async (t) => {
  const dir = '/lab';
  const good = labState(dir, [nodeRecord(dir, 'm1', { process: { pid: 99, startTime: null } })]);
  t.equal(stateProblem(good), null);
  t.equal(stateProblem([]), 'not an object');
  t.equal(stateProblem({ ...good, runtime: 'hollow' }), 'runtime is not docker or process');
  t.equal(stateProblem({ ...good, nodes: {} }), 'nodes is not a list');
  t.equal(stateProblem({ ...good, starter: { pid: 'x' } }), 'starter is not a process');
  t.equal(
    stateProblem({ ...good, nodes: [{ ...nodeRecord(dir, 'w1'), role: 'boss' }] }),
    'node 0: role is not manager or worker',
  );
  t.equal(
    stateProblem({
      ...good,
      nodes: [nodeRecord(dir, 'm1'), { ...nodeRecord(dir, 'w1'), process: { pid: 1 } }],
    }),
    'node 1: process is not a pid and start time',
  );
  const { grpc: _, ...noGrpc } = nodeRecord(dir, 'm1');
  t.equal(stateProblem({ ...good, nodes: [noGrpc] }), 'node 0: grpc is not a string');
});
