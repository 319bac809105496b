import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ProcessRecordError } from '../../../../agent/executors/process/process-errors.ts';
import {
  type ProcessRecord,
  readRecord,
  recordProblem,
  salvageIdentity,
  writeRecord,
} from '../../../../agent/executors/process/process-record.ts';

const record: ProcessRecord = {
  version: 1,
  taskId: 't1',
  serviceId: 's1',
  nodeId: 'n1',
  command: '/bin/sh',
  args: ['-c', 'true'],
  stopSignal: 'SIGTERM',
  paths: {
    stdout: '/d/t1/stdout.log',
    stderr: '/d/t1/stderr.log',
    exit: '/d/t1/run/exit',
    workdir: '/d/t1/work',
  },
  process: { pid: 4242, pgid: 4242, startTime: 987654, startedAtMs: 1_700_000_000_000 },
};

t.test('a record round-trips atomically, leaving no temporary file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-record-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'record.json');
  t.same(await readRecord(path), { kind: 'missing' });
  await writeRecord(path, record);
  t.same(await readRecord(path), { kind: 'ok', record });
  await writeRecord(path, { ...record, process: null });
  t.same(await readRecord(path), { kind: 'ok', record: { ...record, process: null } });
  t.same(await readdir(dir), ['record.json']);
});

t.test('a damaged record is corrupt, with the pid and start time when they are legible', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-record-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'record.json');
  const text = JSON.stringify(record, null, 2);
  await writeFile(path, text.slice(0, text.indexOf('"startedAtMs"')));
  const torn = await readRecord(path);
  t.equal(torn.kind, 'corrupt');
  if (torn.kind !== 'corrupt') return;
  t.type(torn.error, ProcessRecordError);
  t.match(torn.error.message, `process record ${path} is unreadable: not JSON`);
  t.same(torn.salvaged, { pid: 4242, pgid: 4242, startTime: 987654 });

  await writeFile(path, JSON.stringify({ ...record, version: 9 }));
  const future = await readRecord(path);
  t.match(future.kind === 'corrupt' && future.error.reason, 'unknown version 9');

  await writeFile(path, 'garbage');
  const garbage = await readRecord(path);
  t.same(garbage.kind === 'corrupt' && garbage.salvaged, null);
});

t.test('recordProblem names what is wrong', async (t) => {
  t.equal(recordProblem(record), null);
  t.equal(recordProblem([]), 'not an object');
  t.equal(recordProblem({ ...record, taskId: 3 }), 'taskId is not a string');
  t.equal(recordProblem({ ...record, args: [1] }), 'args is not a list of strings');
  t.equal(recordProblem({ ...record, paths: { stdout: 'x' } }), 'paths are incomplete');
  t.equal(recordProblem({ ...record, process: { ...record.process, pid: 1 } }), 'pid or pgid is not a pid');
  t.equal(recordProblem({ ...record, process: { ...record.process, startTime: null } }), null);
  t.equal(
    recordProblem({ ...record, process: { ...record.process, startTime: 'x' } }),
    'startTime is not a number',
  );
  t.equal(salvageIdentity('"pid": 12'), null, 'no start time: nothing to tell the pid is still ours');
});
