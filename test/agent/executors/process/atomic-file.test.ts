import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { writeFileAtomic } from '../../../../agent/executors/process/atomic-file.ts';

t.test(
  'replaces the content in one step, with the mode asked for, and leaves no temporary file',
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'covey-atomic-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'f');
    await writeFileAtomic(path, 'one', 0o600);
    await writeFileAtomic(path, 'two', 0o600);
    t.equal(await readFile(path, 'utf8'), 'two');
    t.equal((await stat(path)).mode & 0o777, 0o600);
    t.same(await readdir(dir), ['f']);
    await t.rejects(writeFileAtomic(join(dir, 'missing', 'f'), 'x'), { code: 'ENOENT' });
  },
);
