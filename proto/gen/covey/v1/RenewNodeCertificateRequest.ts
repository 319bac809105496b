// Original file: covey/v1/ca.proto


export interface RenewNodeCertificateRequest {
  'csr'?: (Buffer | Uint8Array | string);
}

export interface RenewNodeCertificateRequest__Output {
  'csr': (Buffer);
}
