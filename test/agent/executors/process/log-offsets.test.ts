import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  appendCheckpoint,
  MAX_CHECKPOINTS,
  readLogCheckpoints,
  resumeOffset,
  writeLogCheckpoints,
} from '../../../../agent/executors/process/log-offsets.ts';

t.test('resumeOffset picks the last checkpoint not later than sinceMs, or the beginning', async (t) => {
  const list = [
    [10, 100],
    [25, 200],
    [40, 200],
    [70, 300],
  ] as const;
  t.equal(resumeOffset(list, 99), 0);
  t.equal(resumeOffset(list, 100), 10);
  t.equal(resumeOffset(list, 250), 40, 'lines read at the same ms as sinceMs are not repeated');
  t.equal(resumeOffset(list, 10_000), 70);
  t.equal(resumeOffset([], 10_000), 0);
});

t.test('appendCheckpoint keeps the newest MAX_CHECKPOINTS', async (t) => {
  let list = appendCheckpoint([], [1, 1]);
  for (let i = 2; i <= MAX_CHECKPOINTS + 5; i++) list = appendCheckpoint(list, [i, i]);
  t.equal(list.length, MAX_CHECKPOINTS);
  t.same(list[0], [6, 6]);
  t.same(list.at(-1), [MAX_CHECKPOINTS + 5, MAX_CHECKPOINTS + 5]);
});

t.test('checkpoints round-trip through the file; a damaged or missing file means none', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-offsets-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'log-offsets.json');
  t.equal(await readLogCheckpoints(path), null);
  const value = { stdout: [[3, 1000] as const], stderr: [] };
  await writeLogCheckpoints(path, value);
  t.same(await readLogCheckpoints(path), value);
  await writeFile(path, '{"version":1,"stdout":[[1]],"stderr":[]}');
  t.equal(await readLogCheckpoints(path), null);
  await writeFile(path, '{"version":1,"stdout":[[1');
  t.equal(await readLogCheckpoints(path), null);
  await writeFile(path, '{"version":2,"stdout":[],"stderr":[]}');
  t.equal(await readLogCheckpoints(path), null);
});
