// The open Session stream of one agent: the first message (session and node IDs, the node, the
// managers, NATS URLs), then the whole message again whenever the node object or the manager list
// changes, so the agent always holds one consistent view.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { SessionMessage } from '../../proto/gen/covey/v1/SessionMessage.ts';
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';
import { managersKey } from './dispatcher-managers.ts';
import type { OutboundStream } from './dispatcher-outbound-stream.ts';

/** dispatcher.proto: at most 16 NATS URLs. */
export const MAX_NATS_URLS = 16;

export class SessionStream {
  private sentNodeVersion = -1;
  private sentManagers: string | undefined;
  /** Nothing is sent before start(): the first message follows the committed registration. */
  private started = false;

  constructor(
    readonly nodeId: string,
    readonly sessionId: string,
    readonly out: OutboundStream<SessionMessage>,
    private readonly natsUrls: readonly string[],
  ) {}

  /** Sends the first message. */
  start(node: Node__Output, managers: readonly WeightedPeer__Output[]): void {
    this.started = true;
    this.update(node, managers);
  }

  /** Sends the full message again when the node (a newer version) or the managers differ. */
  update(node: Node__Output, managers: readonly WeightedPeer__Output[]): void {
    if (!this.started) return;
    const key = managersKey(managers);
    const version = node.meta?.version ?? 0;
    if (version <= this.sentNodeVersion && key === this.sentManagers) return;
    this.sentNodeVersion = Math.max(version, this.sentNodeVersion);
    this.sentManagers = key;
    this.out.write({
      sessionId: this.sessionId,
      nodeId: this.nodeId,
      node,
      managers: [...managers],
      redirect: null,
      natsUrls: this.natsUrls.slice(0, MAX_NATS_URLS),
    });
  }
}
