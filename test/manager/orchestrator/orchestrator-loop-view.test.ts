import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import { DirtyServices } from '../../../manager/orchestrator/orchestrator-loop-dirty.ts';
import { OrchestratorView } from '../../../manager/orchestrator/orchestrator-loop-view.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { T0, makeNode, makeService } from './world.ts';

const web = makeService({ id: 'web', replicas: 2 });
const glob = {
  ...makeService({ id: 'glob', global: true }),
  spec: { ...makeService({ global: true }).spec!, annotations: { name: 'glob', labels: {} } },
};
const task = (id: string, serviceId: string, slot: number, nodeId: string, wanted = true): Task__Output => {
  const service = serviceId === 'web' ? web : makeService({ id: serviceId });
  const x = newTask({ service, slot, nodeId, now: T0, newId: () => id });
  return wanted ? x : { ...x, desiredState: TaskState.TASK_STATE_SHUTDOWN };
};
const scopes = (d: DirtyServices) =>
  Object.fromEntries(
    d.ids().map((id) => {
      const s = d.take(id)!;
      return [id, s.full ? 'full' : [...[...s.slots].sort(), ...[...s.nodes].sort()]];
    }),
  );

async function setup() {
  const store = new MemoryStore();
  const writer = new DirectProposer(store, () => T0);
  const write = (actions: StoreAction[]) => writer.propose(actions);
  await write([
    { createNode: makeNode('n1') },
    { createNode: makeNode('n2') },
    { createService: web },
    { createService: glob },
    { createTask: task('a', 'web', 1, 'n1') },
    { createTask: task('b', 'web', 2, 'n2') },
    { createTask: task('old', 'web', 1, 'n1', false) },
    { createTask: task('orphan', 'gone', 1, 'n1') },
  ]);
  const dirty = new DirtyServices();
  const view = new OrchestratorView(store, dirty);
  const events = store.watch();
  const apply = async (actions: StoreAction[]) => {
    await write(actions);
    while (events.pending > 0) view.apply((await events.next()).value);
  };
  return { store, dirty, view, apply };
}

t.test('load reads nodes and services and marks every service, orphans included', async (t) => {
  const { view, dirty } = await setup();
  view.load();
  t.same([...view.nodes.keys()].sort(), ['n1', 'n2']);
  t.same([...view.services.keys()].sort(), ['glob', 'web']);
  t.equal(view.historyLimit, 5);
  t.same(scopes(dirty), { glob: 'full', gone: 'full', web: 'full' });
});

t.test("a node change marks its wanted tasks' slots and every global service's node", async (t) => {
  const { store, view, dirty, apply } = await setup();
  view.load();
  dirty.clear();
  const n1 = store.get('node', 'n1')!;
  await apply([{ updateNode: { ...n1, status: { ...n1.status!, message: 'hello' } }, expectedVersion: 0 }]);
  t.same(scopes(dirty), {}, 'a message only: nothing');
  t.equal(view.nodes.get('n1')?.status?.message, 'hello', 'the view still follows it');
  const cur = store.get('node', 'n1')!;
  await apply([
    {
      updateNode: { ...cur, status: { ...cur.status!, state: NodeState.NODE_STATE_DOWN } },
      expectedVersion: 0,
    },
  ]);
  t.same(scopes(dirty), { glob: ['n1'], gone: [1], web: [1] }, 'history task "old" is not marked');
  await apply([{ createNode: makeNode('n3') }]);
  t.same(scopes(dirty), { glob: ['n3'] });
});

t.test('service and task changes; a new history limit marks every service', async (t) => {
  const { store, view, dirty, apply } = await setup();
  view.load();
  dirty.clear();
  const b = store.get('task', 'b')!;
  await apply([{ updateTask: { ...b, slot: 3 }, expectedVersion: 0 }]);
  t.same(scopes(dirty), { web: [2, 3] }, 'old and new slot');
  await apply([{ deleteService: { id: 'glob' }, expectedVersion: 0 }]);
  t.notOk(view.services.has('glob'));
  t.same(scopes(dirty), { glob: 'full' });
  const spec = {
    annotations: null,
    orchestration: { taskHistoryRetentionLimit: 2 },
    dispatcher: null,
    caConfig: null,
    raft: null,
  };
  await apply([{ createCluster: { id: 'c', spec } }]);
  t.equal(view.historyLimit, 2);
  t.same(scopes(dirty), { web: 'full' });
  await apply([{ updateCluster: { id: 'c', spec }, expectedVersion: 0 }]);
  t.same(scopes(dirty), {}, 'same limit: nothing');
});
