import t from 'tap';
import { DirtyServices } from '../../../manager/orchestrator/orchestrator-loop-dirty.ts';

t.test('slots and nodes accumulate until the service is taken', (t) => {
  const d = new DirtyServices();
  d.markTask({ serviceId: 'b', slot: 3, nodeId: 'n1' });
  d.markTask({ serviceId: 'b', slot: 0, nodeId: 'n2' });
  d.markSlot('a', 1);
  t.same(d.ids(), ['a', 'b'], 'in id order');
  const b = d.take('b');
  t.same(b && { full: b.full, slots: [...b.slots], nodes: [...b.nodes] }, {
    full: false,
    slots: [3],
    nodes: ['n2'],
  });
  t.notOk(d.has('b'));
  t.equal(d.size, 1);
  t.end();
});

t.test('a full mark absorbs narrower ones', (t) => {
  const d = new DirtyServices();
  d.markSlot('a', 1);
  d.markFull('a');
  d.markSlot('a', 2);
  d.markNode('a', 'n1');
  const a = d.take('a');
  t.same(a && { full: a.full, slots: a.slots.size, nodes: a.nodes.size }, { full: true, slots: 0, nodes: 0 });
  d.markFull('x');
  d.clear();
  t.equal(d.size, 0);
  t.end();
});
