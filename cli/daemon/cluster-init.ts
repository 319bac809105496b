// `covey daemon --init`: a new cluster. Creates the root CA (ECDSA P-256), this node's manager
// certificate, the admin client bundle, the two join tokens (pinned to the CA digest), and the
// Cluster and Node objects the first leader writes into the store.
import { createJoinTokens } from '../../pki/join-token-hashes.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { createRootCa, exportRootCaKeyPem } from '../../pki/root-ca.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { newObjectId } from '../../manager/object-id.ts';
import type { Cluster } from '../../proto/gen/covey/v1/Cluster.ts';
import type { Node } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { Reachability } from '../../proto/gen/covey/v1/Reachability.ts';

export const ADMIN_CLIENT_ID = 'admin';

export interface InitialisedCluster {
  readonly nodeId: string;
  readonly node: TlsBundle;
  readonly admin: TlsBundle;
  readonly tokens: { readonly worker: string; readonly manager: string };
  readonly cluster: Cluster;
  readonly nodeObject: Node;
}

export async function initCluster(o: {
  readonly advertiseAddr: string;
  readonly availability: NodeAvailability;
  readonly now?: Date;
}): Promise<InitialisedCluster> {
  const now = o.now ?? new Date();
  const clusterId = newObjectId();
  const nodeId = newObjectId();
  const ca = await createRootCa({ clusterId, now });
  const [nodeCreds, adminCreds, caKeyPem] = await Promise.all([
    issueCredentials(ca, { nodeId, role: 'manager', now }),
    issueCredentials(ca, { nodeId: ADMIN_CLIENT_ID, role: 'admin', now }),
    exportRootCaKeyPem(ca),
  ]);
  const issued = createJoinTokens(ca.digest);
  const cluster: Cluster = {
    id: clusterId,
    spec: { annotations: { name: 'default' } },
    rootCa: {
      caCert: Buffer.from(ca.certPem),
      caKey: Buffer.from(caKeyPem),
      caCertDigest: ca.digest,
      joinTokens: { worker: issued.tokens.worker, manager: issued.tokens.manager },
    },
  };
  const nodeObject: Node = {
    id: nodeId,
    role: NodeRole.NODE_ROLE_MANAGER,
    spec: { desiredRole: NodeRole.NODE_ROLE_MANAGER, availability: o.availability },
    status: { state: NodeState.NODE_STATE_UNKNOWN, message: 'initialised the cluster' },
    managerStatus: {
      raftId: nodeId,
      addr: o.advertiseAddr,
      leader: true,
      reachability: Reachability.REACHABILITY_REACHABLE,
    },
  };
  return {
    nodeId,
    node: { caCert: ca.certPem, cert: nodeCreds.certPem, key: nodeCreds.keyPem },
    admin: { caCert: ca.certPem, cert: adminCreds.certPem, key: adminCreds.keyPem },
    tokens: issued.tokens,
    cluster,
    nodeObject,
  };
}
