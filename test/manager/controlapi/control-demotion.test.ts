// The demotion check: never the last manager; never when the voters left could not form a quorum
// among the reachable ones (Raft §6: a configuration change must keep a majority available).
import t from 'tap';
import { demotionRefusal, quorumOf } from '../../../manager/controlapi/control-demotion.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';

const M = NodeRole.NODE_ROLE_MANAGER;
const W = NodeRole.NODE_ROLE_WORKER;

function node(id: string, role: number, desiredRole: number): Node__Output {
  return {
    id,
    meta: null,
    spec: { annotations: null, desiredRole: desiredRole as typeof M, availability: 0 },
    description: null,
    status: null,
    role: role as typeof M,
    managerStatus: null,
    certificate: null,
  };
}

const all = (ids: string[]) => new Set(ids);

t.test('quorum is a majority', async (t) => {
  t.same([1, 2, 3, 4, 5].map(quorumOf), [1, 2, 2, 3, 3]);
});

t.test('the last manager is never demoted', async (t) => {
  const nodes = [node('m1', M, M), node('w1', W, W), node('m2', M, W)];
  t.match(demotionRefusal('m1', nodes, { voters: ['m1'], reachable: all(['m1']) }), /last manager/);
  const promoting = [...nodes, node('w2', W, M)];
  t.match(
    demotionRefusal('m1', promoting, { voters: ['m1'], reachable: all(['m1']) }),
    /last manager/,
    'a node still being promoted does not count yet',
  );
});

t.test('quorum of the remaining voters among the reachable ones', async (t) => {
  const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => node(id, M, M));
  const five = ['a', 'b', 'c', 'd', 'e'];
  t.equal(demotionRefusal('a', nodes, { voters: five, reachable: all(five) }), undefined);
  // 4 remain, quorum 3: with d and e down only b and c are reachable.
  t.match(
    demotionRefusal('a', nodes, { voters: five, reachable: all(['a', 'b', 'c']) }),
    /leave 2 reachable of 4 remaining voters, fewer than the quorum of 3/,
  );
  // Demoting one of the unreachable ones: 4 remain (a, b, c reachable), quorum 3 holds.
  t.equal(demotionRefusal('e', nodes, { voters: five, reachable: all(['a', 'b', 'c']) }), undefined);
  t.equal(
    demotionRefusal('a', nodes, { voters: ['b', 'c', 'd', 'e'], reachable: all(['b']) }),
    undefined,
    'a manager that is not a voter (a learner) removes no vote',
  );
});
