import t from 'tap';
import type { StackService } from '../../../cli/stack/compose-service-spec.ts';
import { specWireForm } from '../../../cli/stack/spec-wire-form.ts';
import { planStackDeploy } from '../../../cli/stack/stack-diff.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { composeStack } from './compose-source.ts';

const FILE = [
  'services:',
  '  web:',
  '    image: nginx:1',
  '    ports: ["8080:80"]',
  '    environment: {B: 2, A: 1}',
  '    labels: [tier=front]',
  '    healthcheck: {test: "true", interval: 5s}',
  '    deploy:',
  '      replicas: 3',
  '      update_config: {parallelism: 2}',
  '      resources: {limits: {memory: 64M}}',
  '  redis:',
  '    image: redis:7',
  '',
].join('\n');

/** What the managers would return for a service created (or updated) with `spec`. */
function stored(id: string, spec: ServiceSpec, version = 10): Service__Output {
  return {
    id,
    meta: { version, createdAt: null, updatedAt: null },
    spec: specWireForm(spec),
    specVersion: version,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: null,
    endpoint: null,
  };
}

const byKey = (services: readonly StackService[], key: string): StackService => {
  const s = services.find((x) => x.key === key);
  if (!s) throw new Error(`no ${key}`);
  return s;
};

t.test('a new stack: everything is created', async (t) => {
  const { services } = composeStack(FILE);
  const plan = planStackDeploy(services, []);
  t.same(
    plan.create.map((s) => s.name),
    ['demo_redis', 'demo_web'],
  );
  t.same([plan.update, plan.unchanged, plan.remove], [[], [], []]);
});

t.test('the same file again: nothing to update', async (t) => {
  const { services } = composeStack(FILE);
  const current = services.map((s, i) => stored(`id${i}`, s.spec));
  const plan = planStackDeploy(composeStack(FILE).services, current);
  t.same([plan.create, plan.update, plan.remove], [[], [], []]);
  t.same(
    plan.unchanged.map((u) => u.current.id),
    ['id0', 'id1'],
  );
});

t.test('one service changed: only it is updated, with the file spec', async (t) => {
  const current = composeStack(FILE).services.map((s, i) => stored(`id${i}`, s.spec));
  const changed = composeStack(FILE.replace('redis:7', 'redis:7.2'));
  const plan = planStackDeploy(changed.services, current);
  t.same(
    plan.update.map((u) => u.service.name),
    ['demo_redis'],
  );
  t.equal(plan.update[0]?.spec.task?.container?.image, 'redis:7.2');
  t.equal(plan.update[0]?.current.id, 'id0');
  t.same(
    plan.unchanged.map((u) => u.service.name),
    ['demo_web'],
  );
  for (const edit of [
    ['replicas: 3', 'replicas: 4'],
    ['B: 2', 'B: 3'],
    ['tier=front', 'tier=back'],
    ['interval: 5s', 'interval: 6s'],
    ['parallelism: 2', 'parallelism: 1'],
    ['memory: 64M', 'memory: 65M'],
    ['"8080:80"', '"8081:80"'],
  ] as const) {
    const plan = planStackDeploy(composeStack(FILE.replace(edit[0], edit[1])).services, current);
    t.same(
      plan.update.map((u) => u.service.name),
      ['demo_web'],
      `${edit[0]} → ${edit[1]} updates web`,
    );
  }
});

t.test('services dropped from the file are listed for removal', async (t) => {
  const current = composeStack(FILE).services.map((s, i) => stored(`id${i}`, s.spec));
  const plan = planStackDeploy(composeStack(FILE.slice(0, FILE.indexOf('  redis:'))).services, current);
  t.same(
    plan.remove.map((s) => s.spec?.annotations?.name),
    ['demo_redis'],
  );
  t.same(
    plan.unchanged.map((u) => u.service.name),
    ['demo_web'],
  );
});

t.test('a deploy keeps a forced update counter, and a scale when the file gives no replicas', async (t) => {
  const { services } = composeStack(FILE);
  const redis = byKey(services, 'redis');
  const web = byKey(services, 'web');
  const scaled = stored('r', { ...redis.spec, replicated: { replicas: 5 } });
  const forced = stored('w', { ...web.spec, task: { ...web.spec.task, forceUpdate: 2 } });
  const plan = planStackDeploy(services, [scaled, forced]);
  t.same(plan.update, [], 'neither differs from the file in what a deploy sets');

  const scaledWeb = stored('w', { ...web.spec, replicated: { replicas: 5 } });
  const replan = planStackDeploy(services, [scaledWeb]);
  t.same(replan.update[0]?.spec.replicated, { replicas: 3 }, 'deploy.replicas in the file wins');

  const changed = planStackDeploy(composeStack(FILE.replace('redis:7', 'redis:8')).services, [scaled]);
  t.same(changed.update[0]?.spec.replicated, { replicas: 5 }, 'an update keeps the scale');
});
