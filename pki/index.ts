// Public surface of covey's PKI building blocks (see README.md): root CA, node certificates, join
// tokens, identities of peers, renewal, TLS bundles and grpc-js credentials.
export * from './certificate-digest.ts';
export * from './client-bundle.ts';
export * from './csr.ts';
export * from './errors.ts';
export * from './grpc-credentials.ts';
export * from './join-token-hashes.ts';
export * from './join-token.ts';
export * from './key-pair.ts';
export * from './node-certificate.ts';
export * from './node-identity.ts';
export * from './node-role.ts';
export * from './random-bytes.ts';
export * from './remote-ca.ts';
export * from './renewal.ts';
export * from './root-ca.ts';
export * from './tls-bundle.ts';
export * from './tls-certificate-source.ts';
export * from './trust-anchor.ts';
