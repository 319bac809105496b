// Original file: covey/v1/objects.proto

import type { JoinTokens as _covey_v1_JoinTokens, JoinTokens__Output as _covey_v1_JoinTokens__Output } from '../../covey/v1/JoinTokens.ts';

export interface RootCA {
  'caCert'?: (Buffer | Uint8Array | string);
  'caKey'?: (Buffer | Uint8Array | string);
  'caCertDigest'?: (string);
  'joinTokens'?: (_covey_v1_JoinTokens | null);
}

export interface RootCA__Output {
  'caCert': (Buffer);
  'caKey': (Buffer);
  'caCertDigest': (string);
  'joinTokens': (_covey_v1_JoinTokens__Output | null);
}
