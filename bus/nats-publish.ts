// Publishes a batch to JetStream with a window of publishes in flight: one connection keeps them in
// order, and waiting for each acknowledgement in turn would cost a round trip per line.
import type { JetStreamClient, JetStreamPublishOptions } from 'nats';
import { BusPublishError } from './bus-errors.ts';

export interface OutgoingMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** Nats-Msg-Id: the stream drops a second message with this id inside its duplicate window. */
  readonly msgId?: string | undefined;
}

/** Publishes in flight at once. */
const PUBLISH_WINDOW = 512;

/** Resolves once the stream acknowledged every message; else BusPublishError (with how many it did). */
export async function publishToStream(
  js: JetStreamClient,
  what: 'logs' | 'events',
  stream: string,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  let acknowledged = 0;
  let failure: { readonly error: unknown } | undefined;
  const inFlight = new Set<Promise<void>>();
  for (const message of messages) {
    if (failure !== undefined) break;
    // The expected stream makes a subject that no stream (or the wrong one) captures an error.
    const options: Partial<JetStreamPublishOptions> = { expect: { streamName: stream } };
    if (message.msgId !== undefined) options.msgID = message.msgId;
    const publish: Promise<void> = js.publish(message.subject, message.data, options).then(
      () => {
        acknowledged++;
        inFlight.delete(publish);
      },
      (error: unknown) => {
        failure ??= { error };
        inFlight.delete(publish);
      },
    );
    inFlight.add(publish);
    if (inFlight.size >= PUBLISH_WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) {
    throw new BusPublishError(what, stream, acknowledged, messages.length, { cause: failure.error });
  }
}
