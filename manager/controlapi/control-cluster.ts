// GetCluster and UpdateCluster. The cluster object leaves the managers without the root CA's private
// key but with the join tokens (an admin may print them again, as `docker swarm join-token` does);
// rotation replaces a token with a new one pinning the same CA.
import type { Cluster, Cluster__Output } from '../../proto/gen/covey/v1/Cluster.ts';
import type { GetClusterResponse } from '../../proto/gen/covey/v1/GetClusterResponse.ts';
import type { UpdateClusterRequest__Output } from '../../proto/gen/covey/v1/UpdateClusterRequest.ts';
import type { UpdateClusterResponse } from '../../proto/gen/covey/v1/UpdateClusterResponse.ts';
import { VersionConflictError } from '../store/errors.ts';
import type { ControlContext } from './control-context.ts';
import { ClusterNotFoundError } from './control-errors.ts';
import { requireField, requireVersion } from './control-request-fields.ts';
import { validateClusterSpec } from './validate-cluster-spec.ts';

const NO_KEY = Buffer.alloc(0);

/** The cluster as the control API and the event stream show it: ca_key cleared. */
export function redactCluster<C extends Cluster | Cluster__Output>(cluster: C): C {
  if (cluster.rootCa === null || cluster.rootCa === undefined) return cluster;
  return { ...cluster, rootCa: { ...cluster.rootCa, caKey: NO_KEY } };
}

function storedCluster(ctx: ControlContext): Cluster__Output {
  const cluster = ctx.store.find('cluster')[0];
  if (cluster === undefined) throw new ClusterNotFoundError('');
  return cluster;
}

export function getCluster(ctx: ControlContext): GetClusterResponse {
  return { cluster: redactCluster(storedCluster(ctx)) };
}

export async function updateCluster(
  ctx: ControlContext,
  req: UpdateClusterRequest__Output,
): Promise<UpdateClusterResponse> {
  const id = requireField('clusterId', req.clusterId);
  const expected = requireVersion('clusterVersion', req.clusterVersion);
  const spec = requireField('spec', req.spec);
  validateClusterSpec(spec);
  await ctx.readBarrier();
  const current = ctx.store.get('cluster', id);
  if (current === undefined) throw new ClusterNotFoundError(id);
  const actual = current.meta?.version ?? 0;
  if (actual !== expected) throw new VersionConflictError('cluster', id, expected, actual);
  const rootCa = current.rootCa;
  const tokens = rootCa?.joinTokens;
  const rotation = req.rotation;
  const next: Cluster = {
    ...current,
    spec,
    rootCa:
      rootCa === null
        ? null
        : {
            ...rootCa,
            joinTokens: {
              worker: rotation?.worker ? ctx.newJoinToken('worker') : (tokens?.worker ?? ''),
              manager: rotation?.manager ? ctx.newJoinToken('manager') : (tokens?.manager ?? ''),
            },
          },
  };
  const applied = await ctx.proposer.propose([{ updateCluster: next, expectedVersion: expected }]);
  const stored = ctx.store.get('cluster', id) ?? { ...next, meta: { ...next.meta, version: applied.index } };
  return { cluster: redactCluster(stored) };
}
