// The end of a daemon's log for an error message: the last lines, whole, and '' for no log.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { readLogTail } from '../../../cli/lab/log-tail.ts';
import { tempDir } from './lab-test-kit.ts';

t.test('the last lines of a short log', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'daemon.log');
  await writeFile(path, 'one\ntwo\nthree\nfour\n');
  t.equal(await readLogTail(path, 2), 'three\nfour');
  t.equal(await readLogTail(path, 10), 'one\ntwo\nthree\nfour');
});

t.test('a long log: only whole lines from its end', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'daemon.log');
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
  await writeFile(path, `${lines.join('\n')}\n`);
  const tail = (await readLogTail(path, 1000)).split('\n');
  t.ok(tail.length < 1000, 'bounded by the bytes read');
  t.equal(tail.at(-1), lines.at(-1));
  t.match(tail[0] ?? '', /^line \d+ x{20}$/, 'the first line is whole');
});

t.test('no log yet', async (t) => {
  t.equal(await readLogTail('/nonexistent/covey/daemon.log'), '');
});
