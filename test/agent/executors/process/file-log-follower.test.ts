import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { TaskLogLine } from '../../../../agent/executors/executor.ts';
import { FileLogFollower } from '../../../../agent/executors/process/file-log-follower.ts';
import { MAX_LINE_BYTES } from '../../../../agent/executors/process/log-line-splitter.ts';
import { type Clock, systemClock } from '../../../../agent/worker/clock.ts';
import { waitFor } from './process-test-kit.ts';

/** Real timers, a wall time the test sets, so read times are known exactly. */
class SetTimeClock implements Clock {
  time = 1_000;
  now(): number {
    return this.time;
  }
  schedule(delayMs: number, fn: () => void) {
    return systemClock.schedule(delayMs, fn);
  }
}

async function files(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'covey-follow-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return {
    stdout: join(dir, 'stdout.log'),
    stderr: join(dir, 'stderr.log'),
    offsets: join(dir, 'log-offsets.json'),
  };
}

function exitSignal() {
  let exit: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    exit = resolve;
  });
  return { ended, exit };
}

function follow(
  t: Test,
  paths: Awaited<ReturnType<typeof files>>,
  options: { sinceMs?: number; ended?: Promise<void>; clock?: Clock; saveEveryMs?: number } = {},
) {
  const lines: TaskLogLine[] = [];
  const follower = new FileLogFollower({
    files: { stdout: paths.stdout, stderr: paths.stderr },
    offsetsPath: paths.offsets,
    sinceMs: options.sinceMs ?? 0,
    onLine: (line) => lines.push(line),
    ended: options.ended ?? new Promise(() => {}),
    clock: options.clock ?? systemClock,
    pollMs: 10,
    saveEveryMs: options.saveEveryMs ?? 20,
  });
  t.teardown(() => follower.close());
  const texts = (stream?: 'stdout' | 'stderr') =>
    lines.filter((l) => stream === undefined || l.stream === stream).map((l) => l.data.toString());
  return { follower, lines, texts };
}

t.test('follows both files line by line, from before they exist, each line once', async (t) => {
  const paths = await files(t);
  const { follower, texts } = follow(t, paths);
  await appendFile(paths.stdout, 'one\ntw');
  await appendFile(paths.stderr, 'oops\n');
  await waitFor(() => texts().length === 2, 'one and oops');
  await appendFile(paths.stdout, 'o\nthree\n');
  await waitFor(() => texts('stdout').length === 3, 'two and three');
  t.same(texts('stdout'), ['one', 'two', 'three'], 'a line split across writes arrives whole');
  t.same(texts('stderr'), ['oops']);
  await follower.close();
  await appendFile(paths.stdout, 'after close\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(texts().length, 4, 'nothing after close()');
});

t.test(
  'once the process has exited: the rest is read, a last line without newline delivered, done',
  async (t) => {
    const paths = await files(t);
    const { ended, exit } = exitSignal();
    const { follower, texts } = follow(t, paths, { ended });
    const long = 'L'.repeat(MAX_LINE_BYTES + 10);
    await appendFile(paths.stdout, `${long}\nfinal words`);
    await waitFor(() => texts().length === 2, 'the pieces of the long line');
    t.same(
      texts().map((s) => s.length),
      [MAX_LINE_BYTES, 10],
    );
    await appendFile(paths.stderr, 'late\n');
    exit();
    await follower.done;
    t.same(texts('stdout').slice(2), ['final words']);
    t.same(texts('stderr'), ['late']);
  },
);

t.test('checkpoints are saved in batches, and a resume starts after the lines read by sinceMs', async (t) => {
  const paths = await files(t);
  const clock = new SetTimeClock();
  const first = follow(t, paths, { clock, saveEveryMs: 60_000 });
  await appendFile(paths.stdout, 'a\n');
  await waitFor(() => first.texts().length === 1, 'a');
  clock.time = 2_000;
  await appendFile(paths.stdout, 'b\n');
  await appendFile(paths.stderr, 'e\n');
  await waitFor(() => first.texts().length === 3, 'b and e');
  t.same(
    first.lines.map((l) => l.timeMs),
    [1_000, 2_000, 2_000],
    'timeMs is the read time',
  );
  await t.rejects(stat(paths.offsets), { code: 'ENOENT' }, 'not saved before the batch is due');
  await first.follower.close();
  await stat(paths.offsets);

  await appendFile(paths.stdout, 'c\n');
  clock.time = 3_000;
  const fromB = follow(t, paths, { clock, sinceMs: 1_000 });
  await waitFor(() => fromB.texts().length === 3, 'b, e and c');
  t.same(fromB.texts().sort(), ['b', 'c', 'e'], 'what was read after 1000 ms, and what came since');
  await fromB.follower.close();

  const fromLatest = follow(t, paths, { clock, sinceMs: 3_000 });
  await appendFile(paths.stdout, 'd\n');
  await waitFor(() => fromLatest.texts().length > 0, 'd');
  t.same(fromLatest.texts(), ['d'], 'no repeat after the last delivered line');
  await fromLatest.follower.close();

  const fromStart = follow(t, paths, { clock, sinceMs: 0 });
  await waitFor(() => fromStart.texts().length === 5, 'everything');
  await fromStart.follower.close();
});

t.test('a throwing onLine rejects done and stops the follower', async (t) => {
  const paths = await files(t);
  const follower = new FileLogFollower({
    files: { stdout: paths.stdout, stderr: paths.stderr },
    offsetsPath: paths.offsets,
    sinceMs: 0,
    onLine: () => {
      throw new Error('sink broke');
    },
    ended: new Promise(() => {}),
    clock: systemClock,
    pollMs: 10,
  });
  t.teardown(() => follower.close());
  await appendFile(paths.stdout, 'x\n');
  await t.rejects(follower.done, { message: 'sink broke' });
  await follower.close();
});
