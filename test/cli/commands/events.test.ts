// `covey events` end to end: the real `cli/bin/covey` against an in-process lab cluster (3 managers,
// hollow runtime): live events in order, history with --since/--until, JSON lines, a manager lost
// mid-stream (resumed on another --host without repeats) and no manager at all (exit 1).
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { type CoveyRun, runCovey } from '../../fixtures/covey-cli.ts';
import { COVEY_BIN } from '../../../scripts/lab/process-cluster.ts';
import { freePort, LabCluster, waitFor } from '../../e2e/lab-cluster.ts';
import { replicated } from '../../e2e/service-fixtures.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

/** A `covey events` left running: its output so far, and its exit. */
interface Follow {
  readonly child: ChildProcess;
  out: string;
  err: string;
  readonly exited: Promise<number | null>;
}

const lab = await LabCluster.start({ managers: 3, workers: 0 });
t.teardown(() => lab.stop());
const control = lab.control();
const [m1] = lab.nodes;
if (!m1) throw new Error('lab has no manager');
const certDir = join(m1.dataDir, 'client');
const started: ChildProcess[] = [];
t.teardown(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

function covey(hosts: readonly string[], ...args: string[]): Promise<CoveyRun> {
  return runCovey(['--host', hosts.join(','), '--cert-dir', certDir, ...args], { timeoutMs: 20_000 });
}

function follow(hosts: readonly string[], ...args: string[]): Follow {
  const child = spawn(COVEY_BIN, ['--host', hosts.join(','), '--cert-dir', certDir, 'events', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const f: Follow = {
    child,
    out: '',
    err: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (d: Buffer) => {
    f.out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    f.err += d.toString();
  });
  return f;
}

let probes = 0;
/**
 * Waits until `f`'s stream is open, by creating probe services (no replicas) until one shows: the
 * CLI has no readiness signal of its own, and a change made before the watch is in place is not sent.
 */
async function streaming(f: Follow): Promise<void> {
  await waitFor(
    async () => {
      if (/name=probe-/.test(f.out)) return true;
      await control.createService({ spec: replicated(`probe-${++probes}`, 0) });
      await new Promise((r) => setTimeout(r, 300));
      return /name=probe-/.test(f.out);
    },
    `covey events to stream (stderr: ${f.err})`,
    15_000,
    0,
  );
}

const lines = (out: string, name: string): string[] =>
  out.split('\n').filter((l) => l.includes(`(name=${name}`) || l.includes(`"name":"${name}"`));

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z service (create|update|remove) [a-z0-9]+ \(name=web/;
let windowStart = '';
let windowEnd = '';
let webId = '';

t.test('live: a service create, update and remove in order (--filter type=service)', async (t) => {
  const f = follow([m1.addr], '--filter', 'type=service');
  await streaming(f);
  windowStart = new Date(Date.now() - 1000).toISOString();
  const created = await control.createService({ spec: replicated('web', 1) });
  webId = created.service?.id ?? '';
  const read = (await control.getService(webId)).service;
  await control.updateService({
    serviceId: webId,
    serviceVersion: read?.meta?.version ?? 0,
    spec: replicated('web', 2),
  });
  await control.removeService(webId);
  await waitFor(() => f.out.includes(`service remove ${webId}`), 'the remove event');
  windowEnd = new Date(Date.now() + 1000).toISOString();

  const web = lines(f.out, 'web');
  for (const line of web) t.match(line, LINE, 'a Docker-style line');
  const actions = web.map((l) => l.split(' ')[2]);
  t.equal(actions[0], 'create', 'first the create');
  t.equal(actions.at(-1), 'remove', 'last the remove');
  t.ok(actions.length >= 3, `an update between (${actions.join(', ')})`);
  t.same(new Set(actions.slice(1, -1)), new Set(['update']), 'only updates between');
  t.notOk(
    f.out.split('\n').some((l) => l !== '' && !/ service /.test(l)),
    'no event of another type',
  );

  f.child.kill('SIGINT');
  t.equal(await f.exited, 0, 'Ctrl-C exits 0');
  t.equal(f.err, '', 'nothing on stderr');
});

t.test('--since reads the history, --until ends it (exit 0), --format json', async (t) => {
  const [r, relative] = await Promise.all([
    covey(
      [m1.addr],
      'events',
      '--since',
      windowStart,
      '--until',
      windowEnd,
      '--filter',
      'type=service',
      '--filter',
      'event=create',
      '--filter',
      'event=remove',
      '--format',
      'json',
    ),
    covey([m1.addr], 'events', '--since', '1h', '--until', '0s', '--filter', 'type=service'),
  ]);
  t.equal(r.code, 0, r.stderr);
  const events = r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; action: string; id: string; version: number });
  const web = events.filter((e) => e.id === webId);
  t.same(
    web.map((e) => e.action),
    ['create', 'remove'],
    'the create and the remove of web, no update',
  );
  t.ok(
    events.every((e) => e.type === 'service'),
    'only service events',
  );
  const versions = events.map((e) => e.version);
  t.same(
    versions,
    [...versions].sort((a, b) => a - b),
    'in version order',
  );

  t.equal(relative.code, 0, relative.stderr);
  t.equal(
    lines(relative.stdout, 'web').length,
    lines(relative.stdout, 'web').filter((l) => LINE.test(l)).length,
    'Docker-style lines',
  );
  t.ok(relative.stdout.includes(`service create ${webId} (name=web)`), 'durations ago work too');
});

t.test('a lost manager: the stream resumes on another --host without repeats', async (t) => {
  const leader = lab.leader();
  const [first, ...rest] = lab.nodes.filter((n) => n !== leader);
  if (!first || !leader) throw new Error('no follower');
  const f = follow([first.addr, leader.addr, ...rest.map((n) => n.addr)], '--filter', 'type=service');
  await streaming(f);
  const before = await control.createService({ spec: replicated('before', 0) });
  await waitFor(() => f.out.includes(`create ${before.service?.id}`), 'the create of "before"');
  await lab.crashNode(first);
  const after = await control.createService({ spec: replicated('after', 0) });
  await waitFor(() => f.out.includes(`create ${after.service?.id}`), 'the create of "after"', 20_000);
  t.equal(lines(f.out, 'before').length, 1, 'the event seen before the loss is not repeated');
  t.equal(lines(f.out, 'after').length, 1, 'the event made after the loss arrives');
  t.match(f.err, /event stream from .* broke .*; resuming from /, 'says it resumed');
  f.child.kill('SIGINT');
  t.equal(await f.exited, 0);
});

t.test('no manager answers: exit 1 with one line', async (t) => {
  const nobody = `127.0.0.1:${await freePort()}`;
  // A bundle with no managers remembered from earlier runs (known-managers.ts), so --host is all.
  const fresh = await mkdtemp(join(tmpdir(), 'covey-events-certs-'));
  t.teardown(() => rm(fresh, { recursive: true, force: true }));
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) await copyFile(join(certDir, f), join(fresh, f));
  const r = await runCovey(['--host', nobody, '--cert-dir', fresh, 'events'], { timeoutMs: 60_000 });
  t.equal(r.code, 1);
  t.match(r.stderr, /^covey: lost the event stream: no manager at 127\.0\.0\.1:\d+ took it up/m);
  t.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
});

t.test('bad filters and times are usage errors (exit 2)', async (t) => {
  const [badFilter, badUntil] = await Promise.all([
    covey([m1.addr], 'events', '--filter', 'colour=red'),
    covey([m1.addr], 'events', '--until', 'soon'),
  ]);
  t.equal(badFilter.code, 2);
  t.match(badFilter.stderr, /invalid value "colour=red" for --filter/);
  t.equal(badUntil.code, 2);
  t.match(badUntil.stderr, /invalid value "soon" for --until/);
});
