// Validates a ClusterSpec for UpdateCluster: timings that must be positive, a certificate lifetime
// long enough to renew within, and Raft ticks etcd would refuse.
import type { ClusterSpec } from '../../proto/gen/covey/v1/ClusterSpec.ts';
import { checkDuration, checkInt } from './field-checks.ts';
import { checkLabels } from './validate-annotations.ts';
import { SpecProblems, type SpecValidationError } from './validation-error.ts';

export const CLUSTER_NAME = 'default';
/** Swarm's minimum: shorter certificates would be renewing constantly. */
export const MIN_NODE_CERT_EXPIRY_NANOS = 3600e9;

export function clusterSpecProblems(spec: ClusterSpec, field = 'spec'): SpecValidationError[] {
  const p = new SpecProblems();
  const name = spec.annotations?.name ?? '';
  if (name !== '' && name !== CLUSTER_NAME) {
    p.add(
      `${field}.annotations.name`,
      `the cluster is named ${JSON.stringify(CLUSTER_NAME)}, got ${JSON.stringify(name)}`,
    );
  }
  checkLabels(p, `${field}.annotations.labels`, spec.annotations?.labels);
  // Negative keeps all history, so only the integer shape is checked.
  checkInt(
    p,
    `${field}.orchestration.taskHistoryRetentionLimit`,
    spec.orchestration?.taskHistoryRetentionLimit,
    Number.MIN_SAFE_INTEGER,
  );
  const d = spec.dispatcher ?? undefined;
  checkDuration(p, `${field}.dispatcher.heartbeatPeriod`, d?.heartbeatPeriod, 1, '> 0');
  checkDuration(p, `${field}.dispatcher.downGrace`, d?.downGrace, 1, '> 0');
  checkDuration(
    p,
    `${field}.caConfig.nodeCertExpiry`,
    spec.caConfig?.nodeCertExpiry,
    MIN_NODE_CERT_EXPIRY_NANOS,
    '≥ 1h',
  );
  const r = spec.raft ?? undefined;
  if (r !== undefined) {
    checkInt(p, `${field}.raft.snapshotInterval`, r.snapshotInterval, 0);
    checkInt(p, `${field}.raft.logEntriesForSlowFollowers`, r.logEntriesForSlowFollowers, 0);
    const heartbeat = checkInt(p, `${field}.raft.heartbeatTick`, r.heartbeatTick, 0);
    const election = checkInt(p, `${field}.raft.electionTick`, r.electionTick, 0);
    if (heartbeat > 0 && election > 0 && election <= heartbeat) {
      p.add(
        `${field}.raft.electionTick`,
        `must be greater than heartbeatTick (${heartbeat}), got ${election}`,
      );
    }
  }
  return p.errors;
}

/** Throws SpecValidationErrors listing every problem in `spec`. */
export function validateClusterSpec(spec: ClusterSpec, field = 'spec'): void {
  const p = new SpecProblems();
  p.errors.push(...clusterSpecProblems(spec, field));
  p.throwIfAny();
}
