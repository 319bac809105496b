// One server-streaming call as the dispatcher drives it: write while open, end it cleanly or with a
// status, and learn when the agent went away. grpc-js errors on writes after the end, so every
// write and end goes through the one `open` flag.
import type * as grpc from '@grpc/grpc-js';
import { toServiceError } from '../grpc/error-status.ts';

export class OutboundStream<T> {
  private open = true;
  private readonly closedListeners: Array<() => void> = [];

  constructor(private readonly call: grpc.ServerWritableStream<unknown, T>) {
    call.on('cancelled', () => this.closed());
    // The call's own error (a failed write to a vanished peer) ends it too.
    call.on('error', () => this.closed());
  }

  get isOpen(): boolean {
    return this.open && !this.call.cancelled;
  }

  /** Called once when the stream ends for any reason (agent cancel, end(), fail()). */
  onClosed(listener: () => void): void {
    if (!this.open) listener();
    else this.closedListeners.push(listener);
  }

  write(message: T): void {
    if (this.isOpen) this.call.write(message);
  }

  /** Ends the stream with OK (after the messages already written). */
  end(): void {
    const wasOpen = this.isOpen;
    this.closed();
    if (!wasOpen) return;
    this.call.end();
  }

  /** Ends the stream with the status of `err` (error-status.ts). */
  fail(err: unknown, metadata?: grpc.Metadata): void {
    const wasOpen = this.isOpen;
    this.closed();
    if (!wasOpen) return;
    this.call.emit('error', toServiceError(err, metadata));
  }

  private closed(): void {
    if (!this.open) return;
    this.open = false;
    for (const listener of this.closedListeners.splice(0)) listener();
  }
}
