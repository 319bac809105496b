// Who is calling: the identity proved by the client certificate of an mTLS call, checked against
// the roles the RPC allows. The port also serves joining nodes without certificates (CAService), so
// every other RPC must authorize first.
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { PkiError } from '../../pki/errors.ts';
import { type NodeIdentity, requireRole, verifyNodeCertificate } from '../../pki/node-identity.ts';
import type { NodeRole } from '../../pki/node-role.ts';
import type { TrustAnchor } from '../../pki/trust-anchor.ts';
import { RpcStatusError } from './error-status.ts';

/** Control API callers: the admin bundle and managers (which forward to the leader). */
export const CONTROL_ROLES: readonly NodeRole[] = Object.freeze(['admin', 'manager']);
/** Dispatcher callers: any node. */
export const NODE_ROLES_ANY: readonly NodeRole[] = Object.freeze(['manager', 'worker']);
/** Raft peers. */
export const RAFT_ROLES: readonly NodeRole[] = Object.freeze(['manager']);

/** The part of a grpc-js call this reads (every server call type has it). */
export interface CallWithAuth {
  getAuthContext(): { readonly sslPeerCertificate?: { readonly raw?: Uint8Array } | undefined } | null;
}

const CACHE_LIMIT = 10_000;

/**
 * Verifies callers against the cluster CA. A verification (ECDSA) costs about a millisecond, so
 * identities are cached by certificate digest; validity is re-checked against the clock each call.
 */
export class Authorizer {
  private readonly cache = new Map<string, NodeIdentity>();

  constructor(
    private readonly anchor: TrustAnchor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The caller's identity, or an UNAUTHENTICATED / PERMISSION_DENIED RpcStatusError. */
  async authorize(call: CallWithAuth, roles: readonly NodeRole[]): Promise<NodeIdentity> {
    const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
    if (!raw || raw.length === 0) {
      throw new RpcStatusError(
        grpc.status.UNAUTHENTICATED,
        'this call needs a client certificate from the cluster CA (use the admin bundle or join the cluster)',
      );
    }
    const now = this.now();
    const key = createHash('sha256').update(raw).digest('hex');
    let identity = this.cache.get(key);
    if (!identity) {
      try {
        identity = await verifyNodeCertificate({ raw }, this.anchor, now);
      } catch (err) {
        if (err instanceof PkiError) throw new RpcStatusError(grpc.status.UNAUTHENTICATED, err.message);
        throw err;
      }
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, identity);
    }
    if (identity.notAfter.getTime() < now.getTime()) {
      this.cache.delete(key);
      throw new RpcStatusError(
        grpc.status.UNAUTHENTICATED,
        `the client certificate of ${identity.nodeId} expired at ${identity.notAfter.toISOString()}`,
      );
    }
    try {
      requireRole(identity, roles);
    } catch (err) {
      throw new RpcStatusError(
        grpc.status.PERMISSION_DENIED,
        err instanceof Error ? err.message : String(err),
      );
    }
    return identity;
  }
}
