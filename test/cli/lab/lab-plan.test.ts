// The nodes of a lab before they start: names, roles, folders, addresses; managers drained when
// there are workers, active (taking the tasks) when there are none.
import t from 'tap';
import { adminClientDir, describeNodeRuntime, planLab } from '../../../cli/lab/lab-plan.ts';

const ports = [
  { grpc: 4240, http: 4280 },
  { grpc: 4241, http: 4281 },
  { grpc: 4242, http: 4282 },
];

t.test('2 managers and a worker', async (t) => {
  const nodes = planLab('/lab', { managers: 2, workers: 1, runtime: 'docker' }, ports);
  t.same(
    nodes.map((n) => [n.name, n.role, n.runtime, n.availability, n.grpc, n.http]),
    [
      ['m1', 'manager', 'docker', 'drain', '127.0.0.1:4240', '127.0.0.1:4280'],
      ['m2', 'manager', 'docker', 'drain', '127.0.0.1:4241', '127.0.0.1:4281'],
      ['w1', 'worker', 'docker', 'active', '127.0.0.1:4242', '127.0.0.1:4282'],
    ],
  );
  const [m1] = nodes;
  t.same(m1 && [m1.folder, m1.dataDir, m1.logPath, m1.process, m1.nodeId], [
    '/lab/m1',
    '/lab/m1/data',
    '/lab/m1/daemon.log',
    null,
    '',
  ]);
  t.equal(m1 && adminClientDir(m1), '/lab/m1/data/client');
  t.equal(m1 && describeNodeRuntime(m1), 'docker, drained');
});

t.test('managers only: they run the tasks', async (t) => {
  const nodes = planLab('/lab', { managers: 1, workers: 0, runtime: 'process' }, ports);
  t.same(
    nodes.map((n) => [n.name, n.availability]),
    [['m1', 'active']],
  );
  t.equal(nodes[0] && describeNodeRuntime(nodes[0]), 'process');
});

t.test('too few ports is a bug, said at once', async (t) => {
  t.throws(() => planLab('/lab', { managers: 3, workers: 1, runtime: 'process' }, ports), RangeError);
});
