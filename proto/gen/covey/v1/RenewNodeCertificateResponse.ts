// Original file: covey/v1/ca.proto

import type { NodeRole as _covey_v1_NodeRole, NodeRole__Output as _covey_v1_NodeRole__Output } from '../../covey/v1/NodeRole.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

export interface RenewNodeCertificateResponse {
  'nodeId'?: (string);
  'role'?: (_covey_v1_NodeRole);
  'certificate'?: (Buffer | Uint8Array | string);
  'rootCaCertificate'?: (Buffer | Uint8Array | string);
  'expiresAt'?: (_google_protobuf_Timestamp | null);
}

export interface RenewNodeCertificateResponse__Output {
  'nodeId': (string);
  'role': (_covey_v1_NodeRole__Output);
  'certificate': (Buffer);
  'rootCaCertificate': (Buffer);
  'expiresAt': (_google_protobuf_Timestamp__Output | null);
}
