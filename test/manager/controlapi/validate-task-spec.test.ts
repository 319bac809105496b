// Task template validation: runtime choice, resources, restart policy, and placement through the
// scheduler's parsers, each failing with its exact field path.
import t from 'tap';
import { serviceSpecProblems } from '../../../manager/controlapi/validate-service-spec.ts';
import type { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec } from '../../../proto/gen/covey/v1/TaskSpec.ts';
import { assertOneProblem, validServiceSpec } from './fixtures.ts';

function task(s: ServiceSpec): TaskSpec {
  if (!s.task) throw new Error('fixture has no task');
  return s.task;
}

interface Case {
  name: string;
  mutate: (t: TaskSpec) => void;
  field: string;
  reason: RegExp;
}

const MiB = 1024 * 1024;

const cases: Case[] = [
  {
    name: 'no runtime',
    mutate: (t) => delete t.container,
    field: 'spec.task.runtime',
    reason: /required: set container or process/,
  },
  {
    name: 'both runtimes',
    mutate: (t) => (t.process = { command: '/bin/true' }),
    field: 'spec.task.runtime',
    reason: /exactly one of container or process, not both/,
  },
  {
    name: 'memory limit below 4 MiB',
    mutate: (t) => (t.resources = { limits: { memoryBytes: 3 * MiB } }),
    field: 'spec.task.resources.limits.memoryBytes',
    reason: /^must be ≥ 4 MiB \(or 0 for no limit\), got 3 MiB$/,
  },
  {
    name: 'negative memory limit',
    mutate: (t) => (t.resources = { limits: { memoryBytes: -1 } }),
    field: 'spec.task.resources.limits.memoryBytes',
    reason: /must be ≥ 0, got -1/,
  },
  {
    name: 'negative CPU limit',
    mutate: (t) => (t.resources = { limits: { nanoCpus: -5 } }),
    field: 'spec.task.resources.limits.nanoCpus',
    reason: /must be ≥ 0, got -5/,
  },
  {
    name: 'negative CPU reservation',
    mutate: (t) => (t.resources = { reservations: { nanoCpus: -5 } }),
    field: 'spec.task.resources.reservations.nanoCpus',
    reason: /must be ≥ 0/,
  },
  {
    name: 'memory reservation above limit',
    mutate: (t) =>
      (t.resources = { limits: { memoryBytes: 64 * MiB }, reservations: { memoryBytes: 128 * MiB } }),
    field: 'spec.task.resources.reservations.memoryBytes',
    reason: /^128 MiB exceeds the limit 64 MiB$/,
  },
  {
    name: 'CPU reservation above limit',
    mutate: (t) => (t.resources = { limits: { nanoCpus: 1e9 }, reservations: { nanoCpus: 2e9 } }),
    field: 'spec.task.resources.reservations.nanoCpus',
    reason: /2000000000 exceeds the limit 1000000000/,
  },
  {
    name: 'restart delay negative',
    mutate: (t) => (t.restart = { delay: { seconds: -5, nanos: 0 } }),
    field: 'spec.task.restart.delay',
    reason: /must be ≥ 0s, got -5s/,
  },
  {
    name: 'restart window negative',
    mutate: (t) => (t.restart = { window: { seconds: 0, nanos: -1 } }),
    field: 'spec.task.restart.window',
    reason: /must be ≥ 0s, got -1ns/,
  },
  {
    name: 'restart max attempts negative',
    mutate: (t) => (t.restart = { maxAttempts: -1 }),
    field: 'spec.task.restart.maxAttempts',
    reason: /must be ≥ 0/,
  },
  {
    name: 'restart condition unknown',
    mutate: (t) => (t.restart = { condition: 'RESTART_CONDITION_SOMETIMES' as RestartCondition & string }),
    field: 'spec.task.restart.condition',
    reason: /unknown value "RESTART_CONDITION_SOMETIMES" \(expected one of RESTART_CONDITION_ANY/,
  },
  {
    name: 'constraint without operator',
    mutate: (t) => (t.placement = { constraints: ['node.role==manager', 'node.labels.zone'] }),
    field: 'spec.task.placement.constraints[1]',
    reason: /^"node\.labels\.zone": missing operator/,
  },
  {
    name: 'constraint on an unknown attribute',
    mutate: (t) => (t.placement = { constraints: ['node.colour==red'] }),
    field: 'spec.task.placement.constraints[0]',
    reason: /unknown attribute "node\.colour"/,
  },
  {
    name: 'constraint longer than 1 KiB',
    mutate: (t) => (t.placement = { constraints: [`node.labels.a==${'x'.repeat(1024)}`] }),
    field: 'spec.task.placement.constraints[0]',
    reason: /at most 1 KiB/,
  },
  {
    name: 'too many constraints',
    mutate: (t) =>
      (t.placement = { constraints: Array.from({ length: 65 }, (_, i) => `node.labels.k${i}==v`) }),
    field: 'spec.task.placement.constraints',
    reason: /at most 64 items, got 65/,
  },
  {
    name: 'spread descriptor not a label',
    mutate: (t) =>
      (t.placement = {
        preferences: [
          { spread: { spreadDescriptor: 'node.labels.az' } },
          { spread: { spreadDescriptor: 'node.hostname' } },
        ],
      }),
    field: 'spec.task.placement.preferences[1].spread.spreadDescriptor',
    reason: /^"node\.hostname": expected node\.labels\.KEY or engine\.labels\.KEY$/,
  },
  {
    name: 'spread descriptor without key',
    mutate: (t) => (t.placement = { preferences: [{ spread: { spreadDescriptor: 'engine.labels.' } }] }),
    field: 'spec.task.placement.preferences[0].spread.spreadDescriptor',
    reason: /missing label key/,
  },
  {
    name: 'preference without spread',
    mutate: (t) => (t.placement = { preferences: [{}] }),
    field: 'spec.task.placement.preferences[0]',
    reason: /must set spread/,
  },
  {
    name: 'too many preferences',
    mutate: (t) =>
      (t.placement = {
        preferences: Array.from({ length: 9 }, () => ({ spread: { spreadDescriptor: 'node.labels.a' } })),
      }),
    field: 'spec.task.placement.preferences',
    reason: /at most 8 items, got 9/,
  },
  {
    name: 'max replicas per node negative',
    mutate: (t) => (t.placement = { maxReplicasPerNode: -1 }),
    field: 'spec.task.placement.maxReplicasPerNode',
    reason: /must be ≥ 0/,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const spec = validServiceSpec();
    c.mutate(task(spec));
    assertOneProblem(t, serviceSpecProblems(spec), c.field, c.reason);
  });
}

t.test('every bad constraint is reported with its own index, not just the first', async (t) => {
  const spec = validServiceSpec();
  task(spec).placement = { constraints: ['bad', 'node.id==x', 'node.role==boss'] };
  const errors = serviceSpecProblems(spec);
  t.same(
    errors.map((e) => e.field),
    ['spec.task.placement.constraints[0]', 'spec.task.placement.constraints[2]'],
  );
  t.match(errors[1]?.reason ?? '', /node\.role must be manager or worker/);
});

t.test('limits of 0 mean none: any reservation fits, and exactly 4 MiB is allowed', async (t) => {
  const spec = validServiceSpec();
  task(spec).resources = {
    limits: { memoryBytes: 0, nanoCpus: 0 },
    reservations: { memoryBytes: 1e9, nanoCpus: 4e9 },
  };
  t.same(serviceSpecProblems(spec), []);
  task(spec).resources = { limits: { memoryBytes: 4 * MiB } };
  t.same(serviceSpecProblems(spec), []);
});

t.test('explicit zero durations are valid', async (t) => {
  const spec = validServiceSpec();
  task(spec).restart = { delay: { seconds: 0, nanos: 0 }, window: { seconds: 0, nanos: 0 } };
  t.same(serviceSpecProblems(spec), []);
});
