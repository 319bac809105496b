import t from 'tap';
import { composeDeploy } from '../../../cli/stack/compose-deploy.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import { composeError, composeRoot, composeValue } from './compose-source.ts';

const deploy = (yaml: string) => composeDeploy(composeValue(`deploy:\n${yaml}`, 'deploy'));

t.test('no deploy section: replicated, replicas unspecified', async (t) => {
  t.same(composeDeploy(undefined), { mode: 'replicated', labels: {} });
  t.same(deploy('  replicas: 0\n'), { mode: 'replicated', replicas: 0, labels: {} }, '0 is a count');
});

t.test('global mode, labels as a list', async (t) => {
  t.same(deploy('  mode: global\n  labels: [a=1, b]\n'), { mode: 'global', labels: { a: '1', b: '' } });
});

t.test('placement, restart policy and resources', async (t) => {
  const d = deploy(
    [
      '  placement:',
      '    constraints: [node.role == manager]',
      '    preferences:',
      '      - spread: node.labels.rack',
      '    max_replicas_per_node: 1',
      '  restart_policy:',
      '    condition: none',
      '  resources:',
      '    limits: {cpus: "1.5", memory: 1G}',
      '    reservations: {memory: 512M}',
      '',
    ].join('\n'),
  );
  t.same(d.placement, {
    constraints: ['node.role == manager'],
    preferences: [{ spread: { spreadDescriptor: 'node.labels.rack' } }],
    maxReplicasPerNode: 1,
  });
  t.same(d.restart, { condition: RestartCondition.RESTART_CONDITION_NONE });
  t.same(d.resources, {
    limits: { nanoCpus: 1_500_000_000, memoryBytes: 1024 ** 3 },
    reservations: { memoryBytes: 512 * 1024 ** 2 },
  });
});

t.test('keys Swarm ignores warn; mistakes fail at their key', async (t) => {
  const { root, warnings } = composeRoot(
    'deploy:\n  endpoint_mode: dnsrr\n  resources:\n    limits: {pids: 10}\n    reservations:\n      devices: []\n',
  );
  composeDeploy(root.get('deploy'));
  t.same(
    warnings.map((w) => w.key),
    ['deploy.endpoint_mode', 'deploy.resources.limits.pids', 'deploy.resources.reservations.devices'],
  );
  const fail = (yaml: string) => composeError(() => deploy(yaml));
  t.match(fail('  mode: replicated-job\n'), { key: 'deploy.mode', line: 2, reason: /covey has no jobs/ });
  t.match(fail('  mode: everywhere\n').reason, /"everywhere" is not supported: use replicated or global/);
  t.match(fail('  mode: global\n  replicas: 2\n'), {
    key: 'deploy.replicas',
    reason: /only applies to mode replicated/,
  });
  t.match(fail('  replicas: "abc"\n'), { key: 'deploy.replicas', reason: 'must be a non-negative integer' });
  t.match(
    fail('  restart_policy: {condition: always}\n').reason,
    /"always" is not one of any, on-failure, none/,
  );
  t.match(fail('  restart_policy: {delay: 5}\n').reason, /a duration with a unit/);
  t.match(fail('  resources: {limits: {memory: 12Q}}\n'), {
    key: 'deploy.resources.limits.memory',
    reason: 'invalid value "12Q": expected a size like 512M or 1G',
  });
  t.match(fail('  resources: {limits: {cpus: lots}}\n').reason, /a number of CPUs/);
  t.match(fail('  placement: {preferences: [{pack: x}]}\n').reason, /unknown key/);
  t.match(
    fail('  mode: global\n  placement: {max_replicas_per_node: 1}\n').reason,
    /only applies to mode replicated/,
  );
  t.match(fail('  replica: 2\n'), { key: 'deploy.replica', reason: /unknown key/ });
});
