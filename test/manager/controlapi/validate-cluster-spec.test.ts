// Cluster spec validation: positive timings, certificate lifetime ≥ 1h, Raft ticks, the fixed name.
import t from 'tap';
import {
  clusterSpecProblems,
  validateClusterSpec,
} from '../../../manager/controlapi/validate-cluster-spec.ts';
import { SpecValidationErrors } from '../../../manager/controlapi/validation-error.ts';
import type { ClusterSpec } from '../../../proto/gen/covey/v1/ClusterSpec.ts';
import { assertOneProblem } from './fixtures.ts';

const valid = (): ClusterSpec => ({
  annotations: { name: 'default', labels: { env: 'prod' } },
  orchestration: { taskHistoryRetentionLimit: 5 },
  dispatcher: { heartbeatPeriod: { seconds: 1, nanos: 0 }, downGrace: { seconds: 3, nanos: 0 } },
  caConfig: { nodeCertExpiry: { seconds: 90 * 86400, nanos: 0 } },
  raft: { snapshotInterval: 10_000, logEntriesForSlowFollowers: 500, heartbeatTick: 1, electionTick: 10 },
});

t.test('a full spec, an empty one, and "keep all history" pass', async (t) => {
  t.same(clusterSpecProblems(valid()), []);
  t.same(clusterSpecProblems({}), []);
  t.same(clusterSpecProblems({ orchestration: { taskHistoryRetentionLimit: -1 } }), []);
  t.doesNotThrow(() => validateClusterSpec(valid()));
});

interface Case {
  name: string;
  mutate: (s: ClusterSpec) => void;
  field: string;
  reason: RegExp;
}

const cases: Case[] = [
  {
    name: 'another name',
    mutate: (s) => (s.annotations = { name: 'prod' }),
    field: 'spec.annotations.name',
    reason: /the cluster is named "default", got "prod"/,
  },
  {
    name: 'retention not an integer',
    mutate: (s) => (s.orchestration = { taskHistoryRetentionLimit: '5x' }),
    field: 'spec.orchestration.taskHistoryRetentionLimit',
    reason: /must be an integer/,
  },
  {
    name: 'heartbeat period zero',
    mutate: (s) => (s.dispatcher = { heartbeatPeriod: { seconds: 0, nanos: 0 } }),
    field: 'spec.dispatcher.heartbeatPeriod',
    reason: /^must be > 0, got 0s$/,
  },
  {
    name: 'down grace negative',
    mutate: (s) => (s.dispatcher = { downGrace: { seconds: -2, nanos: 0 } }),
    field: 'spec.dispatcher.downGrace',
    reason: /must be > 0, got -2s/,
  },
  {
    name: 'certificate expiry below 1h',
    mutate: (s) => (s.caConfig = { nodeCertExpiry: { seconds: 3599, nanos: 0 } }),
    field: 'spec.caConfig.nodeCertExpiry',
    reason: /^must be ≥ 1h, got 3599s$/,
  },
  {
    name: 'negative snapshot interval',
    mutate: (s) => (s.raft = { snapshotInterval: -1 }),
    field: 'spec.raft.snapshotInterval',
    reason: /must be ≥ 0/,
  },
  {
    name: 'election tick not above heartbeat tick',
    mutate: (s) => (s.raft = { heartbeatTick: 5, electionTick: 5 }),
    field: 'spec.raft.electionTick',
    reason: /must be greater than heartbeatTick \(5\), got 5/,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const s = valid();
    c.mutate(s);
    assertOneProblem(t, clusterSpecProblems(s), c.field, c.reason);
  });
}

t.test('all problems together', async (t) => {
  const s = valid();
  s.dispatcher = { heartbeatPeriod: { seconds: 0, nanos: 0 }, downGrace: { seconds: 0, nanos: 0 } };
  s.caConfig = { nodeCertExpiry: { seconds: 60, nanos: 0 } };
  const err = t.throws(() => validateClusterSpec(s)) as unknown;
  t.ok(err instanceof SpecValidationErrors);
  if (err instanceof SpecValidationErrors) t.equal(err.errors.length, 3);
});
