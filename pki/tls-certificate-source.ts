// A TLS bundle that can be swapped while servers and channels use it: renewal installs the new
// certificate for new handshakes without restarting the gRPC server (grpc-js's certificate provider API).
import type * as grpc from '@grpc/grpc-js';
import type { TlsBundle } from './tls-bundle.ts';

type CaListener = grpc.experimental.CaCertificateUpdateListener;
type IdentityListener = grpc.experimental.IdentityCertificateUpdateListener;

export class TlsCertificateSource implements grpc.experimental.CertificateProvider {
  #bundle: TlsBundle;
  readonly #caListeners = new Set<CaListener>();
  readonly #identityListeners = new Set<IdentityListener>();

  /** The bundle should have passed checkTlsBundle: grpc-js only logs a bad one and refuses connections. */
  constructor(bundle: TlsBundle) {
    this.#bundle = bundle;
  }

  get bundle(): TlsBundle {
    return this.#bundle;
  }

  /** New handshakes use `bundle`; established connections keep the certificate they negotiated. */
  update(bundle: TlsBundle): void {
    this.#bundle = bundle;
    for (const listener of this.#caListeners) listener(this.#caUpdate());
    for (const listener of this.#identityListeners) listener(this.#identityUpdate());
  }

  addCaCertificateListener(listener: CaListener): void {
    this.#caListeners.add(listener);
    // Deferred like grpc-js's own providers: the server registers its watcher after adding listeners.
    // Delivered at tick time, so an update() in between is not overwritten by the older bundle.
    process.nextTick(() => {
      if (this.#caListeners.has(listener)) listener(this.#caUpdate());
    });
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.#caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.#identityListeners.add(listener);
    process.nextTick(() => {
      if (this.#identityListeners.has(listener)) listener(this.#identityUpdate());
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.#identityListeners.delete(listener);
  }

  #caUpdate(): grpc.experimental.CaCertificateUpdate {
    return { caCertificate: Buffer.from(this.#bundle.caCert) };
  }

  #identityUpdate(): grpc.experimental.IdentityCertificateUpdate {
    return { certificate: Buffer.from(this.#bundle.cert), privateKey: Buffer.from(this.#bundle.key) };
  }
}
