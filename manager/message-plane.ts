// Where a manager's task logs and cluster events live: the embedded buses (in this process; logs
// reach the leader, where agents publish, and followers relay reads there) or NATS JetStream shared
// by every manager (agents publish to it directly, so logs outlive the node and the leader).
import { EmbeddedEventBus } from '../bus/embedded-event-bus.ts';
import { EmbeddedLogBus } from '../bus/embedded-log-bus.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { LogBus } from '../bus/log-bus.ts';

export interface MessagePlane {
  readonly logs: LogBus;
  readonly events: EventBus;
  /** NATS servers agents publish logs to; empty: agents use the leader's PublishLogs. */
  readonly natsUrls: readonly string[];
  /** Every manager reads the same buses (NATS); false: this process's own (embedded). */
  readonly shared: boolean;
}

export function embeddedPlane(): MessagePlane {
  return { logs: new EmbeddedLogBus(), events: new EmbeddedEventBus(), natsUrls: [], shared: false };
}
