// Original file: covey/v1/ca.proto


export interface GetRootCACertificateResponse {
  'certificate'?: (Buffer | Uint8Array | string);
}

export interface GetRootCACertificateResponse__Output {
  'certificate': (Buffer);
}
