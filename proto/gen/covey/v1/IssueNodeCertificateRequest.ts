// Original file: covey/v1/ca.proto

import type { NodeAvailability as _covey_v1_NodeAvailability, NodeAvailability__Output as _covey_v1_NodeAvailability__Output } from '../../covey/v1/NodeAvailability.ts';

export interface IssueNodeCertificateRequest {
  'csr'?: (Buffer | Uint8Array | string);
  'token'?: (string);
  'availability'?: (_covey_v1_NodeAvailability);
}

export interface IssueNodeCertificateRequest__Output {
  'csr': (Buffer);
  'token': (string);
  'availability': (_covey_v1_NodeAvailability__Output);
}
