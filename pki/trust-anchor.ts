// The cluster's root CA certificate as every node and client holds it: the one certificate whose
// signature makes a peer a member of this cluster, and whose digest join tokens pin.
import { type CertificateDigest, certificateDigest } from './certificate-digest.ts';
import { PemFormatError, RootCaInvalidError } from './errors.ts';
import { pemDecode, pemEncode } from './pem.ts';
import { x509 } from './x509.ts';

export const ROOT_CA_COMMON_NAME = 'covey-root-ca';

export interface TrustAnchor {
  /** The O of the CA's subject; every certificate the CA issues carries the same O. */
  readonly clusterId: string;
  readonly certificate: x509.X509Certificate;
  readonly der: Uint8Array;
  readonly certPem: string;
  readonly digest: CertificateDigest;
}

/**
 * Reads a covey root CA certificate (PEM or DER). RootCaInvalidError when it does not parse, is not a CA
 * (basicConstraints) or is not a covey root (`CN=covey-root-ca` and one `O=<clusterId>`). Whether it is
 * the *right* CA is decided by its digest (see verifyRemoteCa), not here.
 */
export function parseTrustAnchor(input: string | Uint8Array): TrustAnchor {
  let der: Uint8Array;
  let certificate: x509.X509Certificate;
  try {
    der = typeof input === 'string' ? pemDecode(input, 'CERTIFICATE') : input;
    certificate = new x509.X509Certificate(der);
  } catch (cause) {
    const detail =
      cause instanceof PemFormatError ? cause.message : 'the CA certificate is not a valid X.509 certificate';
    throw new RootCaInvalidError('malformed', detail, { cause });
  }
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (constraints === null || !constraints.ca) {
    throw new RootCaInvalidError('not-a-ca', `${certificate.subject} is not a CA certificate`);
  }
  const cn = certificate.subjectName.getField('CN');
  const o = certificate.subjectName.getField('O');
  if (
    cn.length !== 1 ||
    cn[0] !== ROOT_CA_COMMON_NAME ||
    o.length !== 1 ||
    o[0] === undefined ||
    o[0] === ''
  ) {
    throw new RootCaInvalidError(
      'not-covey',
      `${certificate.subject} is not a covey root CA (expected CN=${ROOT_CA_COMMON_NAME} and one O=<cluster id>)`,
    );
  }
  return {
    clusterId: o[0],
    certificate,
    der,
    certPem: pemEncode(der, 'CERTIFICATE'),
    digest: certificateDigest(der),
  };
}
