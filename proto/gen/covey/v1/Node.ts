// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { NodeSpec as _covey_v1_NodeSpec, NodeSpec__Output as _covey_v1_NodeSpec__Output } from '../../covey/v1/NodeSpec.ts';
import type { NodeDescription as _covey_v1_NodeDescription, NodeDescription__Output as _covey_v1_NodeDescription__Output } from '../../covey/v1/NodeDescription.ts';
import type { NodeStatus as _covey_v1_NodeStatus, NodeStatus__Output as _covey_v1_NodeStatus__Output } from '../../covey/v1/NodeStatus.ts';
import type { NodeRole as _covey_v1_NodeRole, NodeRole__Output as _covey_v1_NodeRole__Output } from '../../covey/v1/NodeRole.ts';
import type { ManagerStatus as _covey_v1_ManagerStatus, ManagerStatus__Output as _covey_v1_ManagerStatus__Output } from '../../covey/v1/ManagerStatus.ts';
import type { CertificateInfo as _covey_v1_CertificateInfo, CertificateInfo__Output as _covey_v1_CertificateInfo__Output } from '../../covey/v1/CertificateInfo.ts';

export interface Node {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_NodeSpec | null);
  'description'?: (_covey_v1_NodeDescription | null);
  'status'?: (_covey_v1_NodeStatus | null);
  'role'?: (_covey_v1_NodeRole);
  'managerStatus'?: (_covey_v1_ManagerStatus | null);
  'certificate'?: (_covey_v1_CertificateInfo | null);
}

export interface Node__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_NodeSpec__Output | null);
  'description': (_covey_v1_NodeDescription__Output | null);
  'status': (_covey_v1_NodeStatus__Output | null);
  'role': (_covey_v1_NodeRole__Output);
  'managerStatus': (_covey_v1_ManagerStatus__Output | null);
  'certificate': (_covey_v1_CertificateInfo__Output | null);
}
