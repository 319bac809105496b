import t from 'tap';
import { nodeConstraintMatcher } from '../../../manager/orchestrator/orchestrator-loop-constraints.ts';
import type { ConstraintSyntaxError } from '../../../manager/scheduler/errors.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { makeNode } from './world.ts';

t.test("matches with the scheduler's rules", (t) => {
  const match = nodeConstraintMatcher();
  const east = makeNode('n1', { labels: { zone: 'east' } });
  t.ok(match(east, []));
  t.ok(match(east, ['node.labels.zone==east']));
  t.notOk(match(east, ['node.labels.zone==west']));
  t.ok(match(east, ['node.labels.zone!=west', 'node.id==n1']));
  t.notOk(match(east, ['node.labels.zone==east', 'node.role==manager']));
  t.ok(
    match({ ...east, role: NodeRole.NODE_ROLE_MANAGER }, ['node.role==MANAGER']),
    'role is case-insensitive',
  );
  t.notOk(match(makeNode('n2'), ['node.labels.zone==east']), 'missing label');
  t.end();
});

t.test('an unreadable constraint list is reported once and ignored', (t) => {
  const errors: ConstraintSyntaxError[] = [];
  const match = nodeConstraintMatcher((e) => errors.push(e));
  const n = makeNode('n1');
  t.ok(match(n, ['zone=east']));
  t.ok(match(makeNode('n2'), ['zone=east']));
  t.equal(errors.length, 1);
  t.equal(errors[0]?.constraint, 'zone=east');
  t.end();
});
