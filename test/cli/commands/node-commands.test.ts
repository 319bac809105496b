// `covey node promote|demote|rm` end to end: the real `cli/bin/covey` against an in-process lab
// cluster (1 manager, 2 hollow workers), `node ls` showing the roles, and the managers' refusals as
// one line saying what to run.
import t, { type Test } from 'tap';
import type { CoveyRun } from '../../fixtures/covey-cli.ts';
import { startCliLab } from '../../e2e/lab-cli.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { Reachability } from '../../../proto/gen/covey/v1/Reachability.ts';
import { waitFor } from '../../e2e/lab-cluster.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const { lab, covey } = await startCliLab(t, { managers: 1, workers: 2 });
const w1 = lab.nodes[1];
if (!w1) throw new Error('lab has no worker');

/** The MANAGER STATUS cell of `node ls` for a hostname ('' for a worker), by column position. */
function managerStatus(ls: CoveyRun, hostname: string): string | undefined {
  const [header, ...rows] = ls.stdout.trimEnd().split('\n');
  const at = header?.indexOf('MANAGER STATUS') ?? -1;
  const end = header?.indexOf('VERSION') ?? -1;
  const row = rows.find((r) => r.split(/\s{3,}/)[1] === hostname);
  return row && at >= 0 ? row.slice(at, end).trim() : undefined;
}

/** One line on stderr, no stack trace. */
function oneLine(t: Test, r: CoveyRun): void {
  t.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

await lab.allReady(3);

t.test('promote a worker: node ls shows it Reachable; demote it back', async (t) => {
  const control = lab.control();
  const id = w1.daemon?.nodeId ?? '';
  const promoted = await covey('node', 'promote', 'w1');
  t.equal(promoted.code, 0, promoted.stderr);
  t.equal(promoted.stdout, 'Node w1 promoted to a manager in the cluster.\n');
  await waitFor(
    async () =>
      (await control.getNode(id)).node?.managerStatus?.reachability === Reachability.REACHABILITY_REACHABLE,
    'w1 a reachable manager',
    20_000,
  );
  const [ls, again] = await Promise.all([covey('node', 'ls'), covey('node', 'promote', 'w1')]);
  t.equal(managerStatus(ls, 'w1'), 'Reachable');
  t.equal(managerStatus(ls, 'm1'), 'Leader');
  t.ok(w1.daemon?.manager, 'the daemon of w1 runs a manager');
  t.equal(again.stdout, 'Node w1 is already a manager.\n');

  const demoted = await covey('node', 'demote', 'w1');
  t.equal(demoted.code, 0, demoted.stderr);
  t.equal(demoted.stdout, 'Manager w1 demoted in the cluster.\n');
  await waitFor(
    async () => (await control.getNode(id)).node?.role === NodeRole.NODE_ROLE_WORKER,
    'w1 a worker again',
    20_000,
  );
  await waitFor(() => w1.daemon?.manager === undefined, 'the manager of w1 to stop', 20_000);
  t.equal((await control.getNode(id)).node?.managerStatus ?? null, null, 'no manager status for a worker');
});

t.test('refusals print one line saying what to run', async (t) => {
  const [lastManager, running, manager] = await Promise.all([
    covey('node', 'demote', 'm1'),
    covey('node', 'rm', 'w2'),
    covey('node', 'rm', '--force', 'm1'),
  ]);
  t.equal(lastManager.code, 1);
  t.match(
    lastManager.stderr,
    /^covey: refused: cannot demote node \w+: it is the last manager of the cluster; promote another node first/,
  );
  oneLine(t, lastManager);

  t.equal(running.code, 1);
  t.match(
    running.stderr,
    /^covey: cannot remove node \w+: it is ready, not down; .*\(covey node rm --force w2\)$/m,
  );
  oneLine(t, running);

  t.equal(manager.code, 1);
  t.match(manager.stderr, /^covey: cannot remove node \w+: it is a manager; .*\(covey node demote m1\)$/m);
  oneLine(t, manager);
  t.equal((await lab.control().listNodes()).nodes.length, 3, 'nothing removed');
});

t.test('node rm --force removes a running worker', async (t) => {
  const forced = await covey('node', 'rm', '--force', 'w2');
  t.equal(forced.code, 0, forced.stderr);
  t.equal(forced.stdout, 'w2\n');
  const { nodes } = await lab.control().listNodes();
  t.notOk(
    nodes.some((n) => n.description?.hostname === 'w2'),
    'w2 is gone',
  );
});
