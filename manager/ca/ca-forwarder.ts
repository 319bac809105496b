// On a follower, IssueNodeCertificate goes to the leader (issuing writes the store). One client per
// leader address, authenticated with this manager's own certificate.
import * as grpc from '@grpc/grpc-js';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { CAServiceClient } from '../../proto/gen/covey/v1/CAService.ts';
import type { IssueNodeCertificateRequest__Output } from '../../proto/gen/covey/v1/IssueNodeCertificateRequest.ts';
import type { IssueNodeCertificateResponse } from '../../proto/gen/covey/v1/IssueNodeCertificateResponse.ts';
import { loadCaProto } from '../../proto/load.ts';
import { RpcStatusError } from '../grpc/error-status.ts';
import { PeerClients } from '../grpc/peer-clients.ts';
import type { LeaderInfo } from '../leader-info.ts';

const FORWARD_TIMEOUT_MS = 15_000;

export class CaForwarder {
  private readonly clients: PeerClients<CAServiceClient>;

  constructor(
    bundle: TlsBundle,
    private readonly leader: LeaderInfo,
  ) {
    this.clients = new PeerClients(bundle, () => loadCaProto().covey.v1.CAService);
  }

  issue(request: IssueNodeCertificateRequest__Output): Promise<IssueNodeCertificateResponse> {
    const addr = this.leader.leaderAddr();
    if (!addr || this.leader.leaderId() === this.leader.nodeId) {
      return Promise.reject(
        new RpcStatusError(
          grpc.status.UNAVAILABLE,
          'no manager is the leader right now (an election is in progress); retry',
        ),
      );
    }
    const client = this.clients.get(addr);
    return new Promise((resolve, reject) => {
      client.IssueNodeCertificate(request, { deadline: Date.now() + FORWARD_TIMEOUT_MS }, (err, response) => {
        if (err) reject(new RpcStatusError(err.code, err.details));
        else if (!response)
          reject(new RpcStatusError(grpc.status.INTERNAL, 'empty response from the leader'));
        else resolve(response);
      });
    });
  }

  close(): void {
    this.clients.close();
  }
}
