// The heap pops nodes in exactly the order a full sort by (service tasks, total tasks, rank) gives,
// including after its top's score grows.
import t from 'tap';
import { compareNodes, NodeHeap } from '../../../manager/scheduler/node-heap.ts';
import { NodeInfo } from '../../../manager/scheduler/node-info.ts';
import { taskUsage } from '../../../manager/scheduler/task-usage.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { makeNode, makeTask } from './fixtures.ts';

function randomNodes(rnd: SeededRandom, n: number): NodeInfo[] {
  return Array.from({ length: n }, (_, i) => {
    const info = new NodeInfo(makeNode(`n${i}`));
    info.rank = i;
    info.groupServiceTasks = rnd.intn(3);
    const total = rnd.intn(4);
    for (let k = 0; k < total; k++) info.addTask(taskUsage(makeTask(`t${i}-${k}`, { nodeId: info.id })));
    return info;
  });
}

t.test('pops in sorted order', async (t) => {
  for (let seed = 0; seed < 50; seed++) {
    const rnd = new SeededRandom(seed);
    const nodes = randomNodes(rnd, rnd.intn(40));
    const want = [...nodes].sort(compareNodes).map((n) => n.id);
    const heap = new NodeHeap([...nodes]);
    const got: string[] = [];
    for (let n = heap.pop(); n !== undefined; n = heap.pop()) got.push(n.id);
    t.same(got, want, `seed ${seed}`);
  }
});

t.test('topChanged keeps the order when the top gains a task', async (t) => {
  const rnd = new SeededRandom(7);
  const nodes = randomNodes(rnd, 25);
  const heap = new NodeHeap([...nodes]);
  for (let i = 0; i < 200; i++) {
    const top = heap.peek();
    if (top === undefined) break;
    const min = [...nodes].sort(compareNodes)[0];
    t.equal(top, min, `step ${i}`);
    top.groupServiceTasks++;
    heap.topChanged();
  }
  t.equal(heap.size, 25);
});
