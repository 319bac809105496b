// One message onto a server stream with the transport's flow control: when its buffer is full the
// writer waits for 'drain' — or for its own end (`signal`) — so a slow client slows only its own
// stream. Both listeners are removed whichever fires first: a long follow stream writes many times.

/** The part of a grpc-js server writable stream this uses. */
export interface FlowControlledStream<T> {
  write(message: T): boolean;
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

export async function writeWithBackpressure<T>(
  stream: FlowControlledStream<T>,
  message: T,
  signal: AbortSignal,
): Promise<void> {
  if (stream.write(message) || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    stream.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
