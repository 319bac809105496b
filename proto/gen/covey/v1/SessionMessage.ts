// Original file: covey/v1/dispatcher.proto

import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';
import type { WeightedPeer as _covey_v1_WeightedPeer, WeightedPeer__Output as _covey_v1_WeightedPeer__Output } from '../../covey/v1/WeightedPeer.ts';
import type { SessionRedirect as _covey_v1_SessionRedirect, SessionRedirect__Output as _covey_v1_SessionRedirect__Output } from '../../covey/v1/SessionRedirect.ts';

export interface SessionMessage {
  'sessionId'?: (string);
  'nodeId'?: (string);
  'node'?: (_covey_v1_Node | null);
  'managers'?: (_covey_v1_WeightedPeer)[];
  'redirect'?: (_covey_v1_SessionRedirect | null);
  'natsUrls'?: (string)[];
}

export interface SessionMessage__Output {
  'sessionId': (string);
  'nodeId': (string);
  'node': (_covey_v1_Node__Output | null);
  'managers': (_covey_v1_WeightedPeer__Output)[];
  'redirect': (_covey_v1_SessionRedirect__Output | null);
  'natsUrls': (string)[];
}
