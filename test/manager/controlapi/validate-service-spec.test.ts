// Service spec validation: the fixture passes; each service-level rule fails with its exact field.
import t from 'tap';
import {
  serviceSpecProblems,
  validateServiceSpec,
} from '../../../manager/controlapi/validate-service-spec.ts';
import { SpecValidationErrors } from '../../../manager/controlapi/validation-error.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import type { UpdateConfig } from '../../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { serviceFixture } from '../../proto/fixtures.ts';
import { assertOneProblem, validServiceSpec } from './fixtures.ts';

function update(s: ServiceSpec): UpdateConfig {
  if (!s.updateConfig) throw new Error('fixture has no updateConfig');
  return s.updateConfig;
}

function ports(s: ServiceSpec) {
  const p = s.endpoint?.ports;
  if (!p) throw new Error('fixture has no ports');
  return p;
}

t.test('the fully populated fixture spec passes', async (t) => {
  t.same(serviceSpecProblems(validServiceSpec()), []);
  t.doesNotThrow(() => validateServiceSpec(validServiceSpec()));
});

t.test('the round-trip fixture as-is fails on exactly its two refused combinations', async (t) => {
  const spec = serviceFixture.spec;
  if (!spec) throw new Error('fixture has no spec');
  t.same(
    serviceSpecProblems(spec).map((e) => e.field),
    ['spec.task.container.mounts[0].tmpfsOptions', 'spec.endpoint.ports[0].publishMode'],
  );
});

t.test('a process service and a minimal container service pass', async (t) => {
  const previous = serviceFixture.previousSpec;
  if (!previous) throw new Error('fixture has no previousSpec');
  t.same(serviceSpecProblems(previous), []);
  t.same(serviceSpecProblems({ annotations: { name: 'a' }, task: { container: { image: 'nginx' } } }), []);
});

interface Case {
  name: string;
  mutate: (s: ServiceSpec) => void;
  field: string;
  reason: RegExp;
}

const cases: Case[] = [
  {
    name: 'name required',
    mutate: (s) => (s.annotations = { name: '' }),
    field: 'spec.annotations.name',
    reason: /^required$/,
  },
  {
    name: 'annotations absent',
    mutate: (s) => delete s.annotations,
    field: 'spec.annotations.name',
    reason: /^required$/,
  },
  {
    name: 'name too long',
    mutate: (s) => (s.annotations = { name: 'a'.repeat(64) }),
    field: 'spec.annotations.name',
    reason: /at most 63 characters, got 64/,
  },
  {
    name: 'name charset',
    mutate: (s) => (s.annotations = { name: '-web' }),
    field: 'spec.annotations.name',
    reason: /starting with a letter or digit/,
  },
  {
    name: 'label value too large',
    mutate: (s) => (s.annotations = { name: 'web', labels: { big: 'x'.repeat(4097) } }),
    field: 'spec.annotations.labels["big"]',
    reason: /at most 4 KiB/,
  },
  {
    name: 'label key too long',
    mutate: (s) => (s.annotations = { name: 'web', labels: { ['k'.repeat(256)]: 'v' } }),
    field: `spec.annotations.labels["${'k'.repeat(32)}…"]`,
    reason: /label key at most 255 bytes, got 256/,
  },
  {
    name: 'empty label key',
    mutate: (s) => (s.annotations = { name: 'web', labels: { '': 'v' } }),
    field: 'spec.annotations.labels',
    reason: /label key must not be empty/,
  },
  {
    name: 'too many labels',
    mutate: (s) =>
      (s.annotations = {
        name: 'web',
        labels: Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v'])),
      }),
    field: 'spec.annotations.labels',
    reason: /at most 128 labels, got 129/,
  },
  {
    name: 'both modes',
    mutate: (s) => {
      s.global = {};
      if (s.task?.placement) s.task.placement.maxReplicasPerNode = 0;
    },
    field: 'spec.mode',
    reason: /exactly one of replicated or global/,
  },
  {
    name: 'negative replicas',
    mutate: (s) => (s.replicated = { replicas: -1 }),
    field: 'spec.replicated.replicas',
    reason: /must be ≥ 0, got -1/,
  },
  {
    name: 'absurd replicas',
    mutate: (s) => (s.replicated = { replicas: 10_000_001 }),
    field: 'spec.replicated.replicas',
    reason: /must be ≤ 1000000/,
  },
  {
    name: 'replicas not an integer',
    mutate: (s) => (s.replicated = { replicas: 'ten' }),
    field: 'spec.replicated.replicas',
    reason: /must be an integer, got "ten"/,
  },
  {
    name: 'maxReplicasPerNode with global',
    mutate: (s) => {
      delete s.replicated;
      s.global = {};
    },
    field: 'spec.task.placement.maxReplicasPerNode',
    reason: /only applies to replicated services/,
  },
  { name: 'task required', mutate: (s) => delete s.task, field: 'spec.task', reason: /^required$/ },
  {
    name: 'update parallelism negative',
    mutate: (s) => (update(s).parallelism = -2),
    field: 'spec.updateConfig.parallelism',
    reason: /must be ≥ 0, got -2/,
  },
  {
    name: 'update delay negative',
    mutate: (s) => (update(s).delay = { seconds: -1, nanos: 0 }),
    field: 'spec.updateConfig.delay',
    reason: /must be ≥ 0s, got -1s/,
  },
  {
    name: 'update monitor negative',
    mutate: (s) => (update(s).monitor = { seconds: 0, nanos: -5_000_000 }),
    field: 'spec.updateConfig.monitor',
    reason: /must be ≥ 0s, got -5ms/,
  },
  {
    name: 'update monitor malformed',
    mutate: (s) => (update(s).monitor = { seconds: 1, nanos: -5 }),
    field: 'spec.updateConfig.monitor',
    reason: /malformed duration/,
  },
  {
    name: 'update maxFailureRatio above 1',
    mutate: (s) => (update(s).maxFailureRatio = 1.5),
    field: 'spec.updateConfig.maxFailureRatio',
    reason: /between 0 and 1, got 1.5/,
  },
  {
    name: 'update maxFailureRatio negative',
    mutate: (s) => (update(s).maxFailureRatio = -0.1),
    field: 'spec.updateConfig.maxFailureRatio',
    reason: /between 0 and 1/,
  },
  {
    name: 'update failure action unknown',
    mutate: (s) => (update(s).failureAction = 7 as UpdateConfig['failureAction'] & number),
    field: 'spec.updateConfig.failureAction',
    reason: /unknown value 7 \(expected one of UPDATE_FAILURE_ACTION_PAUSE/,
  },
  {
    name: 'update order unknown',
    mutate: (s) => (update(s).order = 'UPDATE_ORDER_SIDEWAYS' as UpdateConfig['order'] & string),
    field: 'spec.updateConfig.order',
    reason: /unknown value "UPDATE_ORDER_SIDEWAYS"/,
  },
  {
    name: 'rollback failure action ROLLBACK',
    mutate: (s) => (s.rollbackConfig = { failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK }),
    field: 'spec.rollbackConfig.failureAction',
    reason: /not allowed for a rollback/,
  },
  {
    name: 'rollback parallelism negative',
    mutate: (s) => (s.rollbackConfig = { parallelism: -1 }),
    field: 'spec.rollbackConfig.parallelism',
    reason: /must be ≥ 0/,
  },
  {
    name: 'port target 0',
    mutate: (s) => (s.endpoint = { ports: [{ targetPort: 0, publishedPort: 80 }] }),
    field: 'spec.endpoint.ports[0].targetPort',
    reason: /must be ≥ 1, got 0/,
  },
  {
    name: 'port target too high',
    mutate: (s) => (s.endpoint = { ports: [{ targetPort: 65536 }] }),
    field: 'spec.endpoint.ports[0].targetPort',
    reason: /must be ≤ 65535, got 65536/,
  },
  {
    name: 'published port too high',
    mutate: (s) => (s.endpoint = { ports: [{ targetPort: 80, publishedPort: 70000 }] }),
    field: 'spec.endpoint.ports[0].publishedPort',
    reason: /must be ≤ 65535/,
  },
  {
    name: 'port protocol unknown',
    mutate: (s) => (s.endpoint = { ports: [{ targetPort: 80, protocol: 9 as PortProtocol & number }] }),
    field: 'spec.endpoint.ports[0].protocol',
    reason: /unknown value 9/,
  },
  {
    name: 'ingress refused',
    mutate: (s) => (ports(s)[0] = { targetPort: 80, publishMode: PublishMode.PUBLISH_MODE_INGRESS }),
    field: 'spec.endpoint.ports[0].publishMode',
    reason: /not supported \(covey has no routing mesh\)/,
  },
  {
    name: 'port name too long',
    mutate: (s) => (s.endpoint = { ports: [{ targetPort: 80, name: 'n'.repeat(64) }] }),
    field: 'spec.endpoint.ports[0].name',
    reason: /at most 63 B, got 64 B/,
  },
  {
    name: 'duplicate published port',
    mutate: (s) =>
      (s.endpoint = {
        ports: [
          { targetPort: 80, publishedPort: 8080 },
          { targetPort: 81, publishedPort: 8081 },
          { targetPort: 82, publishedPort: 8080 },
        ],
      }),
    field: 'spec.endpoint.ports[2].publishedPort',
    reason: /^8080\/tcp is already published by spec\.endpoint\.ports\[0\]$/,
  },
  {
    name: 'too many ports',
    mutate: (s) => (s.endpoint = { ports: Array.from({ length: 129 }, () => ({ targetPort: 80 })) }),
    field: 'spec.endpoint.ports',
    reason: /at most 128 items, got 129/,
  },
  {
    name: 'process task publishing a different port',
    mutate: (s) => {
      s.task = { process: { command: 'server' } };
      s.endpoint = { ports: [{ targetPort: 8000, publishedPort: 9000 }] };
    },
    field: 'spec.endpoint.ports[0].publishedPort',
    reason: /must equal targetPort 8000 or be 0/,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const spec = validServiceSpec();
    c.mutate(spec);
    assertOneProblem(t, serviceSpecProblems(spec), c.field, c.reason);
  });
}

t.test('the same port on different protocols, or published 0 twice, is allowed', async (t) => {
  const spec = validServiceSpec();
  spec.endpoint = {
    ports: [
      { targetPort: 53, publishedPort: 53 },
      { targetPort: 53, publishedPort: 53, protocol: PortProtocol.PORT_PROTOCOL_UDP },
      { targetPort: 80 },
      { targetPort: 81 },
    ],
  };
  t.same(serviceSpecProblems(spec), []);
});

t.test('every problem is reported together, in field order, one per line', async (t) => {
  const spec = validServiceSpec();
  spec.annotations = { name: '' };
  spec.replicated = { replicas: -3 };
  const task = spec.task;
  if (!task?.container) throw new Error('fixture changed');
  task.container.image = '';
  task.resources = { limits: { memoryBytes: 1024 } };
  task.placement = { constraints: ['node.labels.zone==east', 'nonsense'] };
  update(spec).maxFailureRatio = 2;
  const err = t.throws(() => validateServiceSpec(spec)) as unknown;
  if (!(err instanceof SpecValidationErrors)) throw new Error('expected SpecValidationErrors');
  const fields = [
    'spec.annotations.name',
    'spec.replicated.replicas',
    'spec.task.container.image',
    'spec.task.resources.limits.memoryBytes',
    'spec.task.placement.constraints[1]',
    'spec.updateConfig.maxFailureRatio',
  ];
  t.same(
    err.errors.map((e) => e.field),
    fields,
  );
  const lines = err.message.split('\n');
  t.equal(lines[0], '6 problems in spec:');
  t.same(
    lines.slice(1).map((l) => l.slice(0, l.indexOf(': '))),
    fields,
  );
  t.match(
    err.message,
    'spec.task.resources.limits.memoryBytes: must be ≥ 4 MiB (or 0 for no limit), got 1 KiB',
  );
});

t.test('the field prefix follows the request', async (t) => {
  const spec = validServiceSpec();
  spec.annotations = { name: '' };
  t.same(
    serviceSpecProblems(spec, 'request.spec').map((e) => e.field),
    ['request.spec.annotations.name'],
  );
});

t.test('64-bit fields given as strings are read as numbers', async (t) => {
  const spec = validServiceSpec();
  spec.replicated = { replicas: '3' };
  t.same(serviceSpecProblems(spec), []);
  spec.replicated = { replicas: '-3' };
  t.same(
    serviceSpecProblems(spec).map((e) => e.message),
    ['spec.replicated.replicas: must be ≥ 0, got -3'],
  );
});
