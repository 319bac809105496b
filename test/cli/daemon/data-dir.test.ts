// The data dir's format version guards every start: a new, an empty, a known and an unknown one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  createDataDir,
  DATA_FORMAT,
  FORMAT_FILE,
  inspectDataDir,
  markInitialised,
} from '../../../cli/daemon/data-dir.ts';
import { UsageError } from '../../../cli/usage-error.ts';

const root = await mkdtemp(join(tmpdir(), 'covey-datadir-'));
t.teardown(() => rm(root, { recursive: true, force: true }));

t.test('absent, empty, then initialised', async (t) => {
  const dir = join(root, 'a');
  t.equal(await inspectDataDir(dir), 'absent');
  await mkdir(dir);
  t.equal(await inspectDataDir(dir), 'empty');
  const d = await createDataDir(dir);
  await markInitialised(d);
  t.equal(await inspectDataDir(dir), 'initialised');
});

t.test('a directory with other files is not taken over', async (t) => {
  const dir = join(root, 'b');
  await mkdir(dir);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  await t.rejects(inspectDataDir(dir), { name: 'UsageError', message: /not a covey data dir/ });
});

t.test('an unknown format is refused and named', async (t) => {
  const dir = join(root, 'c');
  await mkdir(dir);
  await writeFile(join(dir, FORMAT_FILE), 'covey-data 99\n');
  const err = await inspectDataDir(dir).catch((e: unknown) => e);
  t.ok(err instanceof UsageError);
  t.match((err as Error).message, /covey-data 99/);
  t.match((err as Error).message, new RegExp(DATA_FORMAT));
});
