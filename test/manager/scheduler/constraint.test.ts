// Constraint parsing (every valid form and each kind of syntax error) and matching against nodes.
import t from 'tap';
import {
  matchesConstraint,
  parseConstraint,
  parseConstraints,
} from '../../../manager/scheduler/constraint.ts';
import { ConstraintSyntaxError } from '../../../manager/scheduler/errors.ts';
import { NodeInfo } from '../../../manager/scheduler/node-info.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { makeNode } from './fixtures.ts';

t.test('valid forms', async (t) => {
  t.same(parseConstraint('node.id==abc').attribute, { kind: 'node.id' });
  t.same(parseConstraint('node.hostname != web-1').attribute, { kind: 'node.hostname' });
  t.same(parseConstraint('node.role==manager').attribute, { kind: 'node.role' });
  t.same(parseConstraint('node.platform.os==linux').attribute, { kind: 'node.platform.os' });
  t.same(parseConstraint('node.platform.arch==x86_64').attribute, { kind: 'node.platform.arch' });
  t.same(parseConstraint('node.labels.zone==east').attribute, { kind: 'node.labels', key: 'zone' });
  t.same(parseConstraint('engine.labels.storage!=hdd').attribute, { kind: 'engine.labels', key: 'storage' });
  t.same(
    parseConstraint('Node.Labels.Zone==east').attribute,
    { kind: 'node.labels', key: 'Zone' },
    'prefix is caseless, key kept',
  );
  t.same(parseConstraint('node.labels.example.com/tier==db').attribute, {
    kind: 'node.labels',
    key: 'example.com/tier',
  });
  t.same(parseConstraint('node.labels.com.example.tier==db').attribute, {
    kind: 'node.labels',
    key: 'com.example.tier',
  });
  const c = parseConstraint('  node.labels.zone  ==  east  ');
  t.equal(c.operator, '==');
  t.equal(c.value, 'east');
  t.equal(c.text, 'node.labels.zone  ==  east');
  t.equal(parseConstraint('node.hostname!=a').operator, '!=');
  t.equal(parseConstraints(['node.role==worker', 'node.labels.a==b']).length, 2);
});

t.test('syntax errors name the constraint and say what is wrong', async (t) => {
  const cases: [string, RegExp][] = [
    ['node.labels.zone=east', /missing operator/],
    ['node.labels.zone', /missing operator/],
    ['==east', /missing attribute/],
    ['node.labels.zone==', /missing value/],
    ['node.labels.zone== ', /missing value/],
    ['node.labels.zone===east', /more than one operator/],
    ['node.labels.a==b==c', /more than one operator/],
    ['node.foo==bar', /unknown attribute "node.foo"/],
    ['labels.zone==east', /unknown attribute/],
    ['node.labels.==east', /missing label key/],
    ['engine.labels.==x', /missing label key/],
    ['1node.id==x', /invalid attribute/],
    ['node.labels.a b==x', /invalid label key "a b"/],
    ['node.labels.zone==east;rm', /invalid characters in value/],
    ['node.role==admin', /node.role must be manager or worker/],
  ];
  for (const [text, reason] of cases) {
    const err = t.throws(() => parseConstraint(text, 3), ConstraintSyntaxError, text) as unknown;
    t.ok(err instanceof ConstraintSyntaxError, text);
    if (err instanceof ConstraintSyntaxError) {
      t.equal(err.constraint, text);
      t.equal(err.index, 3);
      t.match(err.reason, reason, text);
      t.match(err.message, `invalid constraint ${JSON.stringify(text)}`);
    }
  }
  const err = t.throws(() => parseConstraints(['node.role==worker', 'bad'])) as unknown;
  t.ok(err instanceof ConstraintSyntaxError && err.index === 1, 'index of the bad one in the list');
});

t.test('matching', async (t) => {
  const node = new NodeInfo(
    makeNode('n1', {
      hostname: 'Web-1',
      role: NodeRole.NODE_ROLE_MANAGER,
      os: 'Linux',
      arch: 'aarch64',
      labels: { zone: 'East' },
      engineLabels: { storage: 'ssd' },
    }),
  );
  const m = (text: string) => matchesConstraint(node, parseConstraint(text));
  t.ok(m('node.id==n1'));
  t.notOk(m('node.id==N1'), 'ids are exact');
  t.ok(m('node.hostname==web-1'), 'hostname is caseless');
  t.ok(m('node.role==manager'));
  t.notOk(m('node.role==worker'));
  t.ok(m('node.role!=worker'));
  t.ok(m('node.platform.os==linux'));
  t.ok(m('node.platform.arch==AARCH64'));
  t.ok(m('node.labels.zone==East'));
  t.notOk(m('node.labels.zone==east'), 'label values are exact');
  t.ok(m('node.labels.zone!=west'));
  t.notOk(m('node.labels.rack==r1'), 'missing label fails ==');
  t.ok(m('node.labels.rack!=r1'), 'missing label satisfies !=');
  t.ok(m('engine.labels.storage==ssd'));
  t.notOk(m('engine.labels.storage!=ssd'));
  t.notOk(m('node.labels.storage==ssd'), 'engine labels are not node labels');
});
