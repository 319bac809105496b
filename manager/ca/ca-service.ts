// CAService: hands out the root CA certificate, exchanges a join token + CSR for a node certificate
// whose node id and role the CA decides (and records the new Node in the store), and renews the
// certificates of members. Issuing writes the store, so a follower forwards it to the leader.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { type CheckedCsr, checkCsr } from '../../pki/csr.ts';
import { hashJoinToken, type JoinTokenHashes } from '../../pki/join-token-hashes.ts';
import { checkJoinToken } from '../../pki/join-token-hashes.ts';
import { parseJoinToken } from '../../pki/join-token.ts';
import { signCsr } from '../../pki/node-certificate.ts';
import type { NodeRole as PkiRole } from '../../pki/node-role.ts';
import type { CAServiceHandlers } from '../../proto/gen/covey/v1/CAService.ts';
import type { IssueNodeCertificateRequest__Output } from '../../proto/gen/covey/v1/IssueNodeCertificateRequest.ts';
import type { IssueNodeCertificateResponse } from '../../proto/gen/covey/v1/IssueNodeCertificateResponse.ts';
import type { Node } from '../../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { timestampFromMs } from '../../proto/time.ts';
import type { Authorizer } from '../grpc/authorize.ts';
import { NODE_ROLES_ANY } from '../grpc/authorize.ts';
import { RpcStatusError, statusOf, toServiceError } from '../grpc/error-status.ts';
import type { LeaderInfo } from '../leader-info.ts';
import { newObjectId } from '../object-id.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreProposer } from '../store/store-proposer.ts';
import type { CaForwarder } from './ca-forwarder.ts';
import { ClusterCa } from './cluster-ca.ts';

export interface CaServiceOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly leader: LeaderInfo;
  readonly authorizer: Authorizer;
  readonly forwarder: CaForwarder;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly newId?: () => string;
}

const DAY_MS = 86_400_000;
const MAX_CSR_BYTES = 16 * 1024;
const MAX_TOKEN_BYTES = 256;
const DEFAULT_VALIDITY_MS = 90 * DAY_MS;

export class CaService {
  private readonly ca: ClusterCa;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly log: Logger;

  constructor(private readonly o: CaServiceOptions) {
    this.ca = new ClusterCa(o.store);
    this.now = o.now ?? Date.now;
    this.newId = o.newId ?? newObjectId;
    this.log = o.logger.child({ component: 'ca' });
  }

  handlers(): CAServiceHandlers {
    return {
      GetRootCACertificate: (_call, callback) => {
        this.run(callback, async () => ({
          certificate: this.ca.cluster().rootCa?.caCert ?? Buffer.alloc(0),
        }));
      },
      IssueNodeCertificate: (call, callback) => {
        this.run(callback, () => this.issue(call.request));
      },
      RenewNodeCertificate: (call, callback) => {
        this.run(callback, async () => {
          const identity = await this.o.authorizer.authorize(call, NODE_ROLES_ANY);
          const node = this.o.store.get('node', identity.nodeId);
          if (!node) {
            throw new RpcStatusError(
              grpc.status.PERMISSION_DENIED,
              `node ${identity.nodeId} is not a member of this cluster (was it removed?)`,
            );
          }
          const role: PkiRole = node.role === NodeRole.NODE_ROLE_MANAGER ? 'manager' : 'worker';
          if (call.request.csr.length > MAX_CSR_BYTES) {
            throw new RpcStatusError(grpc.status.INVALID_ARGUMENT, `csr: larger than ${MAX_CSR_BYTES} bytes`);
          }
          const csr = await checkCsr(Buffer.from(call.request.csr).toString('utf8'));
          return this.sign(csr, identity.nodeId, role);
        });
      },
    };
  }

  private async issue(request: IssueNodeCertificateRequest__Output): Promise<IssueNodeCertificateResponse> {
    const cluster = this.ca.cluster();
    const rootCa = cluster.rootCa;
    if (!rootCa?.joinTokens) throw new Error('the cluster has no join tokens');
    if (request.token.length > MAX_TOKEN_BYTES) {
      throw new RpcStatusError(
        grpc.status.UNAUTHENTICATED,
        `invalid join token: longer than ${MAX_TOKEN_BYTES} bytes`,
      );
    }
    const role = checkJoinToken(request.token, {
      caDigest: rootCa.caCertDigest as `sha256:${string}`,
      hashes: tokenHashes(rootCa.joinTokens.worker, rootCa.joinTokens.manager),
    });
    if (request.csr.length > MAX_CSR_BYTES) {
      throw new RpcStatusError(grpc.status.INVALID_ARGUMENT, `csr: larger than ${MAX_CSR_BYTES} bytes`);
    }
    const csr = await checkCsr(Buffer.from(request.csr).toString('utf8'));
    if (!this.o.leader.isLeader()) return this.o.forwarder.issue(request);
    const nodeId = this.newId();
    const response = await this.sign(csr, nodeId, role);
    const proto = role === 'manager' ? NodeRole.NODE_ROLE_MANAGER : NodeRole.NODE_ROLE_WORKER;
    const node: Node = {
      id: nodeId,
      role: proto,
      spec: { desiredRole: proto, availability: request.availability },
      status: { state: NodeState.NODE_STATE_UNKNOWN, message: 'joined; waiting for its first session' },
      certificate: { role: proto, notAfter: response.expiresAt ?? null },
    };
    await this.o.proposer.propose([{ createNode: node }]);
    this.log.info({ nodeId, role }, 'issued a node certificate to a joining node');
    return response;
  }

  private async sign(
    csr: Uint8Array | CheckedCsr,
    nodeId: string,
    role: PkiRole,
  ): Promise<IssueNodeCertificateResponse> {
    const ca = await this.ca.rootCa();
    const nanos = this.ca.cluster().spec?.caConfig?.nodeCertExpiry;
    const validityMs = nanos
      ? Number(nanos.seconds) * 1000 + Math.floor(nanos.nanos / 1e6)
      : DEFAULT_VALIDITY_MS;
    const issued = await signCsr(ca, csr, {
      nodeId,
      role,
      now: new Date(this.now()),
      validityMs,
    });
    return {
      nodeId,
      role: role === 'manager' ? NodeRole.NODE_ROLE_MANAGER : NodeRole.NODE_ROLE_WORKER,
      certificate: Buffer.from(issued.certPem),
      rootCaCertificate: Buffer.from(ca.certPem),
      expiresAt: timestampFromMs(issued.identity.notAfter.getTime()),
    };
  }

  private run<T>(callback: grpc.sendUnaryData<T>, body: () => Promise<T>): void {
    body().then(
      (value) => callback(null, value),
      (err: unknown) => {
        if (!statusOf(err).known) this.log.error({ err }, 'CA request failed');
        callback(toServiceError(err));
      },
    );
  }
}

/** Hashes of the stored (whole) tokens: the store keeps them so `join-token` can print them again. */
function tokenHashes(worker: string, manager: string): JoinTokenHashes {
  return { worker: hashJoinToken(parseJoinToken(worker)), manager: hashJoinToken(parseJoinToken(manager)) };
}
