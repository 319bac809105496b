// `covey lab` end to end through the real `cli/bin/covey`: up (3 managers, 2 workers, process
// runtime) prints an env that `node ls` works with; a second up refuses; status tells running from
// dead; down stops the daemons and the task processes they left and removes the directory.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { coveyLab } from '../../fixtures/covey-cli.ts';
import { readRecord } from '../../../agent/executors/process/process-record.ts';
import { labDown } from '../../../cli/lab/lab-down.ts';
import { isRunning, type ProcessRef } from '../../../cli/lab/lab-process.ts';
import { type LabState, readLabState } from '../../../cli/lab/lab-state-file.ts';
import { waitFor } from '../../../cli/lab/wait-for.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const root = await mkdtemp(join(tmpdir(), 'covey-lab-cmd-'));
const dir = join(root, 'lab');
t.teardown(async () => {
  // Whatever the test got to: the daemons and tasks go (lab down did it already when it passed).
  await labDown(dir, { graceMs: 2_000, taskGraceMs: 1_000 }).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Rows of a table printed by the CLI, split on its column gaps. */
function rows(table: string): string[][] {
  return table
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s{3,}/));
}

/** The task processes the workers run, from the records the process runtime keeps. */
async function taskProcesses(state: LabState): Promise<ProcessRef[]> {
  const found: ProcessRef[] = [];
  for (const node of state.nodes) {
    const base = join(node.dataDir, 'agent', 'process');
    for (const task of await readdir(base).catch(() => [])) {
      const read = await readRecord(join(base, task, 'record.json'));
      if (read.kind === 'ok' && read.record.process !== null && (await isRunning(read.record.process)))
        found.push(read.record.process);
    }
  }
  return found;
}

const env: Record<string, string> = {};
let state: LabState | undefined;

t.test('lab up: ready, then prints the env', async (t) => {
  const up = await coveyLab([
    'lab',
    'up',
    '--managers',
    '3',
    '--workers',
    '2',
    '--runtime',
    'process',
    '--dir',
    dir,
    '--port-base',
    '0',
  ]);
  t.equal(up.code, 0, up.stderr);
  t.match(up.stderr, /^runtime: process \(asked for\)$/m);
  t.match(up.stderr, /^lab up in [\d.]+ s: 3 managers, 2 workers, runtime process, leader m\d/m);
  const lines = up.stdout.trimEnd().split('\n');
  t.equal(lines.length, 2, 'stdout is the env only');
  for (const line of lines) {
    const m = /^export (COVEY_HOST|COVEY_CERT_DIR)=(.+)$/.exec(line);
    if (m?.[1] && m[2]) env[m[1]] = m[2];
  }
  t.match(env.COVEY_HOST, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
  t.equal(env.COVEY_CERT_DIR, join(dir, 'm1', 'data', 'client'));
  state = await readLabState(dir);
  t.same(
    state?.nodes.map((n) => [n.name, n.role, n.availability]),
    [
      ['m1', 'manager', 'drain'],
      ['m2', 'manager', 'drain'],
      ['m3', 'manager', 'drain'],
      ['w1', 'worker', 'active'],
      ['w2', 'worker', 'active'],
    ],
  );
  for (const n of state?.nodes ?? []) {
    t.ok(n.process !== null && (await isRunning(n.process)), `${n.name} runs after \`lab up\` exited`);
    t.ok((await stat(n.logPath)).size > 0, `${n.name} logs to ${n.logPath}`);
  }
});

t.test('node ls through the printed env: 5 nodes READY, 1 leader', async (t) => {
  const ls = await coveyLab(['node', 'ls'], env);
  t.equal(ls.code, 0, ls.stderr);
  const nodes = rows(ls.stdout);
  t.same(nodes.map((r) => r[1]).sort(), ['m1', 'm2', 'm3', 'w1', 'w2']);
  t.ok(
    nodes.every((r) => r[2] === 'Ready'),
    ls.stdout,
  );
  t.equal(nodes.filter((r) => r[4] === 'Leader').length, 1, ls.stdout);
});

t.test('lab up again: one line, exit 1, the hint', async (t) => {
  const again = await coveyLab(['lab', 'up', '--dir', dir, '--runtime', 'process', '--port-base', '0']);
  t.equal(again.code, 1);
  t.equal(again.stderr.trimEnd().split('\n').length, 1, again.stderr);
  t.match(again.stderr, `covey: a lab is already running in ${dir}`);
  t.match(again.stderr, /stop it with `covey lab down`/);
  t.equal(again.stdout, '');
});

let tasks: ProcessRef[] = [];

t.test('tasks run on the workers', async (t) => {
  const created = await coveyLab(
    ['service', 'create', '--runtime', 'process', '--name', 'naps', '--replicas', '2', '/bin/sleep', '1000'],
    env,
  );
  t.equal(created.code, 0, created.stderr);
  const s = state;
  if (s === undefined) {
    t.fail('no lab state');
    return;
  }
  tasks = await waitFor(async () => {
    const found = await taskProcesses(s);
    return found.length === 2 ? found : undefined;
  }, 'two task processes');
  t.equal(tasks.length, 2);
});

t.test('lab status: every daemon running, one leader, the env', async (t) => {
  const status = await coveyLab(['lab', 'status', '--dir', dir]);
  t.equal(status.code, 0, status.stderr);
  t.match(status.stdout, /^NAME\s+ROLE\s+PID\s+STATE\s+GRPC\s+HTTP\s+RUNTIME\s+LEADER\n/);
  const table = rows(status.stdout.split('\n\n')[0] ?? '');
  t.same(
    table.map((r) => [r[0], r[3]]),
    ['m1', 'm2', 'm3', 'w1', 'w2'].map((n) => [n, 'running']),
  );
  t.same(
    table.map((r) => r[6]),
    ['process, drained', 'process, drained', 'process, drained', 'process', 'process'],
  );
  t.equal(table.filter((r) => r[7] === 'yes').length, 1, 'one leader');
  t.match(
    status.stdout,
    `\nexport COVEY_HOST=${env.COVEY_HOST}\nexport COVEY_CERT_DIR=${env.COVEY_CERT_DIR}\n`,
  );
});

t.test('a killed daemon shows as dead', async (t) => {
  const w2 = state?.nodes.find((n) => n.name === 'w2');
  if (w2?.process === undefined || w2.process === null) {
    t.fail('w2 was not recorded');
    return;
  }
  process.kill(w2.process.pid, 'SIGKILL');
  const w2Process = w2.process;
  await waitFor(async () => !(await isRunning(w2Process)), 'w2 to die');
  const status = await coveyLab(['lab', 'status', '--dir', dir, '--format', 'json']);
  t.equal(status.code, 0, status.stderr);
  const json = JSON.parse(status.stdout) as { nodes: { name: string; state: string; pid: number }[] };
  t.same(
    json.nodes.map((n) => [n.name, n.state]),
    [
      ['m1', 'running'],
      ['m2', 'running'],
      ['m3', 'running'],
      ['w1', 'running'],
      ['w2', 'dead'],
    ],
  );
  t.equal(json.nodes[4]?.pid, w2.process.pid);
});

t.test('lab down: daemons and task processes gone, directory removed', async (t) => {
  const recorded = state?.nodes.map((n) => n.process).filter((p): p is ProcessRef => p !== null) ?? [];
  t.equal(recorded.length, 5);
  // The tasks now include any the orchestrator started again on w1 for the dead w2.
  const s = state;
  const allTasks = s === undefined ? tasks : [...tasks, ...(await taskProcesses(s))];
  const down = await coveyLab(['lab', 'down', '--dir', dir]);
  t.equal(down.code, 0, down.stderr);
  t.match(down.stdout, /^stopped m1, m2, m3, w1$/m);
  t.match(down.stdout, /^not running: w2$/m);
  t.match(down.stdout, /^removed \d+ process task\(s\) of w1$/m);
  t.match(down.stdout, `removed ${dir}\n`);
  for (const p of recorded) t.notOk(await isRunning(p), `daemon pid ${p.pid} is gone`);
  for (const p of allTasks) t.notOk(await isRunning(p), `task pid ${p.pid} is gone`);
  await t.rejects(stat(dir), { code: 'ENOENT' }, 'the lab directory is gone');
});

t.test('lab status after: no lab, exit 1', async (t) => {
  const status = await coveyLab(['lab', 'status', '--dir', dir]);
  t.equal(status.code, 1);
  t.equal(status.stderr, `covey: no lab in ${dir} (start one with \`covey lab up\`)\n`);
  await t.rejects(readFile(join(dir, 'lab.json')), { code: 'ENOENT' });
});
