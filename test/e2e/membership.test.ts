// Manager membership on a lab cluster: managers join by token (learner, then voter), a worker is
// promoted and demoted while its daemon keeps running, and a restarted manager catches up — from a
// snapshot when the leader has compacted the entries it missed.
import t from 'tap';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { LabCluster, waitFor } from './lab-cluster.ts';
import { replicated } from './service-fixtures.ts';

const lab = await LabCluster.start({ managers: 3, workers: 2, snapshotEvery: 40 });
t.teardown(() => lab.stop());
const control = lab.control();

const voters = (): readonly string[] => lab.leader()?.daemon?.manager?.raft.status().confState.voters ?? [];

t.test('managers that joined with the manager token are voters', async (t) => {
  t.equal(voters().length, 3, '3 voters');
  const { nodes } = await control.listNodes();
  t.equal(
    nodes.filter((n) => n.role === NodeRole.NODE_ROLE_MANAGER).length,
    3,
    '3 nodes with the manager role',
  );
});

t.test('a worker is promoted to manager and demoted again without a restart', async (t) => {
  const w1 = lab.nodes.find((n) => n.name === 'w1');
  const id = w1?.daemon?.nodeId ?? '';
  const before = (await control.getNode(id)).node;
  await control.updateNode({
    nodeId: id,
    nodeVersion: before?.meta?.version ?? 0,
    spec: { ...before?.spec, desiredRole: NodeRole.NODE_ROLE_MANAGER },
  });
  await waitFor(() => voters().includes(id), 'w1 to become a raft voter', 20_000);
  t.ok(w1?.daemon?.manager, 'the daemon runs a manager now');
  t.equal(w1?.daemon?.identity.role, 'manager', 'with a manager certificate');
  const promoted = await waitFor(async () => {
    const n = (await control.getNode(id)).node;
    return n?.role === NodeRole.NODE_ROLE_MANAGER && n.managerStatus?.addr ? n : undefined;
  }, 'the node object to show the manager role');
  t.equal(promoted.managerStatus?.addr, w1?.addr, 'its manager address is recorded');

  await control.updateNode({
    nodeId: id,
    nodeVersion: promoted.meta?.version ?? 0,
    spec: { ...promoted.spec, desiredRole: NodeRole.NODE_ROLE_WORKER },
  });
  await waitFor(
    () => !voters().includes(id) && w1?.daemon?.manager === undefined,
    'w1 to leave raft',
    20_000,
  );
  await waitFor(
    async () => (await control.getNode(id)).node?.role === NodeRole.NODE_ROLE_WORKER,
    'worker role',
  );
  await waitFor(() => w1?.daemon?.identity.role === 'worker', 'a worker certificate again');
  t.equal(voters().length, 3, 'back to 3 voters');
});

t.test('a restarted manager catches up from a snapshot', async (t) => {
  const m3 =
    lab.nodes.find((n) => n.name === 'm3' && !n.daemon?.manager?.isLeader()) ??
    lab.nodes.find((n) => n.name === 'm2');
  if (!m3) return;
  const lastBefore = m3.daemon?.manager?.raft.status().lastIndex ?? 0;
  await lab.stopNode(m3);
  for (let i = 0; i < 60; i++) await control.createService({ spec: replicated(`while-down-${i}`, 1) });
  const leader = lab.leader()?.daemon?.manager;
  await waitFor(
    () => (leader?.raft.status().firstIndex ?? 0) > lastBefore + 1,
    'the leader to compact past m3',
  );
  t.ok(true, `leader log starts at ${leader?.raft.status().firstIndex}, m3 stopped at ${lastBefore}`);
  await lab.restart(m3);
  const want = leader?.store.count('service') ?? -1;
  await waitFor(() => m3.daemon?.manager?.store.count('service') === want, 'm3 to catch up', 20_000);
  t.equal(m3.daemon?.manager?.store.count('service'), want, `m3 has all ${want} services`);
  const commit = leader?.raft.status().commit ?? 0;
  await waitFor(
    () => (m3.daemon?.manager?.raft.status().applied ?? 0) >= commit,
    `m3 to apply up to ${commit}`,
  );
  t.pass(`m3 applied up to the leader's commit (${commit})`);
});
