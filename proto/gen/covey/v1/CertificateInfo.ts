// Original file: covey/v1/objects.proto

import type { NodeRole as _covey_v1_NodeRole, NodeRole__Output as _covey_v1_NodeRole__Output } from '../../covey/v1/NodeRole.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

export interface CertificateInfo {
  'role'?: (_covey_v1_NodeRole);
  'notBefore'?: (_google_protobuf_Timestamp | null);
  'notAfter'?: (_google_protobuf_Timestamp | null);
  'serialNumber'?: (string);
}

export interface CertificateInfo__Output {
  'role': (_covey_v1_NodeRole__Output);
  'notBefore': (_google_protobuf_Timestamp__Output | null);
  'notAfter': (_google_protobuf_Timestamp__Output | null);
  'serialNumber': (string);
}
