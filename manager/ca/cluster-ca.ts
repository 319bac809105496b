// The cluster's root CA as the store holds it (Cluster.root_ca): loaded once per certificate and
// cached, since every manager signs with the same replicated key.
import { loadRootCa, type RootCa } from '../../pki/root-ca.ts';
import type { Cluster__Output } from '../../proto/gen/covey/v1/Cluster.ts';
import type { MemoryStore } from '../store/memory-store.ts';

export class ClusterCa {
  private cached: { digest: string; ca: Promise<RootCa> } | undefined;

  constructor(private readonly store: MemoryStore) {}

  cluster(): Cluster__Output {
    const cluster = this.store.find('cluster')[0];
    if (!cluster?.rootCa)
      throw new Error('the cluster object has no root CA yet (is the manager initialised?)');
    return cluster;
  }

  /** The signing CA (certificate and key). */
  rootCa(): Promise<RootCa> {
    const rootCa = this.cluster().rootCa;
    if (!rootCa) throw new Error('the cluster object has no root CA');
    if (this.cached?.digest !== rootCa.caCertDigest) {
      this.cached = {
        digest: rootCa.caCertDigest,
        ca: loadRootCa(Buffer.from(rootCa.caCert).toString(), Buffer.from(rootCa.caKey).toString()),
      };
    }
    return this.cached.ca;
  }
}
