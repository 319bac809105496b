// `lab up` before and around its daemons, with a stand-in program so no cluster starts: a running
// lab refuses, a stale one is torn down with a note, a leftover folder is not taken over, and a
// daemon that dies is named with its log (and recorded, for `lab down`).
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import {
  LabAlreadyRunningError,
  LabDirOccupiedError,
  LabNotReadyError,
} from '../../../cli/lab/lab-errors.ts';
import { readLabState, writeLabState } from '../../../cli/lab/lab-state-file.ts';
import { labUp, type LabUpOptions } from '../../../cli/lab/lab-up.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { labState, nodeRecord, spawnSleeper, tempDir } from './lab-test-kit.ts';

function options(dir: string, change: Partial<LabUpOptions> = {}): LabUpOptions & { notes: string[] } {
  const notes: string[] = [];
  return {
    dir,
    managers: 1,
    workers: 0,
    runtime: 'process',
    ports: { kind: 'any' },
    timeoutMs: 10_000,
    report: () => {},
    note: (line) => void notes.push(line),
    // Nothing is spawned in the tests that pass none: they fail before.
    command: '/nonexistent/covey',
    notes,
    ...change,
  };
}

/** A `covey` that exits at once with a message on stderr, like a daemon refusing its flags. */
async function failingCovey(dir: string): Promise<string> {
  const path = join(dir, 'fake-covey');
  await writeFile(path, '#!/bin/sh\necho "cannot listen on 127.0.0.1:1: address in use" >&2\nexit 3\n');
  await chmod(path, 0o755);
  return path;
}

t.test('a running lab refuses, naming what runs, and nothing is started', async (t) => {
  const dir = await tempDir(t);
  const daemon = await spawnSleeper(t);
  await writeLabState(dir, labState(dir, [nodeRecord(dir, 'm1', { process: daemon.ref })]));
  const err = await labUp(options(dir)).catch((e: unknown) => e);
  t.ok(err instanceof LabAlreadyRunningError, String(err));
  t.match((err as Error).message, /a lab is already running in .* \(m1\); stop it with `covey lab down`/);
  t.same(await readdir(dir), ['lab.json']);
});

t.test('a stale lab is torn down with a note; a daemon that dies is named with its log', async (t) => {
  const dir = await tempDir(t);
  const gone = await spawnSleeper(t);
  gone.child.kill('SIGKILL');
  await gone.exited;
  const old = nodeRecord(dir, 'm1', { process: gone.ref });
  await mkdir(old.folder);
  await writeFile(join(old.folder, 'stale-marker'), '');
  await writeLabState(dir, labState(dir, [old]));
  const o = options(dir, { command: await failingCovey(await tempDir(t)) });
  const err = await labUp(o).catch((e: unknown) => e);
  t.same(o.notes, [`removed a stale lab from ${dir} (its daemons were gone)`]);
  t.ok(err instanceof LabNotReadyError, String(err));
  if (!(err instanceof LabNotReadyError)) return;
  t.equal(err.node, 'm1');
  t.equal(err.reason, 'exited while starting (3)');
  t.equal(err.logPath, join(dir, 'm1', 'daemon.log'));
  t.match(err.logTail, /cannot listen on 127\.0\.0\.1:1: address in use/);
  t.match(err.message, /covey lab down/);
  const state = await readLabState(dir);
  t.equal(state?.starter, null, 'no longer starting');
  t.type(state?.nodes[0]?.process?.pid, 'number', 'what was started is recorded for `lab down`');
  t.notOk((await readdir(join(dir, 'm1'))).includes('stale-marker'), 'the stale folder went');
});

t.test('a node folder no lab records is not taken over', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'w1'));
  const err = await labUp(options(dir, { workers: 1 })).catch((e: unknown) => e);
  t.ok(err instanceof LabDirOccupiedError);
  t.equal((err as LabDirOccupiedError).path, join(dir, 'w1'));
  t.same(await readdir(dir), ['w1'], 'no lab.json written');
});

t.test('a lab needs a manager', async (t) => {
  const dir = await tempDir(t);
  await t.rejects(labUp(options(dir, { managers: 0 })), UsageError);
  await t.rejects(labUp(options(dir, { workers: -1 })), UsageError);
});
