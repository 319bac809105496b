import t from 'tap';
import { Network } from './network.ts';

t.test('three members elect a leader and replicate', async (t) => {
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  const leader = net.leader();
  t.equal(leader?.id, 'a');
  net.propose('a', 'x=1');
  net.propose('a', 'y=2');
  for (const id of ['a', 'b', 'c']) t.same(net.appliedData(id), ['x=1', 'y=2'], id);
});
