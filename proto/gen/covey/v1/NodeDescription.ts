// Original file: covey/v1/objects.proto

import type { Platform as _covey_v1_Platform, Platform__Output as _covey_v1_Platform__Output } from '../../covey/v1/Platform.ts';
import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from '../../covey/v1/Resources.ts';
import type { EngineDescription as _covey_v1_EngineDescription, EngineDescription__Output as _covey_v1_EngineDescription__Output } from '../../covey/v1/EngineDescription.ts';
import type { RuntimeKind as _covey_v1_RuntimeKind, RuntimeKind__Output as _covey_v1_RuntimeKind__Output } from '../../covey/v1/RuntimeKind.ts';

export interface NodeDescription {
  'hostname'?: (string);
  'platform'?: (_covey_v1_Platform | null);
  'resources'?: (_covey_v1_Resources | null);
  'engine'?: (_covey_v1_EngineDescription | null);
  'runtimes'?: (_covey_v1_RuntimeKind)[];
  'coveyVersion'?: (string);
}

export interface NodeDescription__Output {
  'hostname': (string);
  'platform': (_covey_v1_Platform__Output | null);
  'resources': (_covey_v1_Resources__Output | null);
  'engine': (_covey_v1_EngineDescription__Output | null);
  'runtimes': (_covey_v1_RuntimeKind__Output)[];
  'coveyVersion': (string);
}
