// The daemon's --label values reach the node description as engine labels, so placement constraints
// on engine.labels.KEY select the labelled daemon and skip the others (lab cluster, hollow runtime).
import t from 'tap';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { LabCluster, waitFor } from '../../e2e/lab-cluster.ts';
import { IMAGE, perNode, replicated, serviceTasks } from '../../e2e/service-fixtures.ts';

const lab = await LabCluster.start({ managers: 1, workers: 2, labels: { w1: { zone: 'east' } } });
t.teardown(() => lab.stop());
const control = lab.control();
await lab.allReady(3);
const idOf = (name: string): string => lab.nodes.find((n) => n.name === name)?.daemon?.nodeId ?? '';

function constrained(name: string, replicas: number, constraint: string) {
  return replicated(name, replicas, {
    task: { container: { image: IMAGE }, placement: { constraints: [constraint] } },
  });
}

t.test('the labels are in the description of that node only', async (t) => {
  const w1 = (await control.getNode(idOf('w1'))).node;
  t.same(w1?.description?.engine?.labels, { zone: 'east' });
  const w2 = (await control.getNode(idOf('w2'))).node;
  t.equal(w2?.description?.engine ?? null, null, 'no engine entry on an unlabelled hollow node');
});

t.test('engine.labels.zone==east places every task on the labelled daemon', async (t) => {
  const created = await control.createService({ spec: constrained('east', 3, 'engine.labels.zone==east') });
  const id = created.service?.id ?? '';
  const { running } = await waitFor(async () => {
    const tasks = await serviceTasks(control, id);
    return tasks.running.length === 3 ? tasks : undefined;
  }, 'three running tasks');
  t.same([...perNode(running).entries()], [[idOf('w1'), 3]], 'all on w1');
});

t.test("engine.labels.zone!=east keeps off it; node.labels are the operator's, not these", async (t) => {
  const other = await control.createService({ spec: constrained('other', 4, 'engine.labels.zone!=east') });
  const { running } = await waitFor(async () => {
    const tasks = await serviceTasks(control, other.service?.id ?? '');
    return tasks.running.length === 4 ? tasks : undefined;
  }, 'four running tasks');
  t.notOk(perNode(running).has(idOf('w1')), 'none on w1');

  const byNodeLabel = await control.createService({
    spec: constrained('spec-label', 1, 'node.labels.zone==east'),
  });
  const serviceId = byNodeLabel.service?.id ?? '';
  const pending = await waitFor(async () => {
    const all = (await serviceTasks(control, serviceId)).all;
    return all.length === 1 && all[0]?.status?.state === TaskState.TASK_STATE_PENDING ? all : undefined;
  }, 'the task to be pending');
  t.equal(pending[0]?.nodeId, '', 'the daemon label is not a node label: no node fits');
  const w2 = (await control.getNode(idOf('w2'))).node;
  await control.updateNode({
    nodeId: idOf('w2'),
    nodeVersion: w2?.meta?.version ?? 0,
    spec: { ...w2?.spec, annotations: { name: '', labels: { zone: 'east' } } },
  });
  const placed = await waitFor(async () => {
    const { running } = await serviceTasks(control, serviceId);
    return running.length === 1 ? running : undefined;
  }, 'the task to run once w2 has the node label');
  t.equal(placed[0]?.nodeId, idOf('w2'), 'on the node with the node label');
});
