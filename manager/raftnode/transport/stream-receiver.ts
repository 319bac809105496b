// Server side of RaftService.Stream: decodes each received batch whole, hands its messages to the
// transport in order, and ends a stream that carries anything invalid with INVALID_ARGUMENT.
import * as grpc from '@grpc/grpc-js';
import type { StreamAck } from '../../../proto/gen/covey/v1/StreamAck.ts';
import type { Message, NodeId } from '../../../raft/types.ts';
import { decodeBatch } from './codec.ts';
import { RaftMessageDecodeError } from './errors.ts';
import type { ReceivedBatch } from './raft-service.ts';
import type { TransportLogger } from './transport-options.ts';

export interface ReceiverStats {
  readonly openStreams: number;
  readonly receivedBatches: number;
  readonly receivedMessages: number;
  /** Batches refused with INVALID_ARGUMENT (each ends its stream). */
  readonly rejectedBatches: number;
  /** Messages addressed to another node, dropped. */
  readonly misaddressedMessages: number;
}

export class StreamReceiver {
  /** Ends each open stream; called on close(). */
  private readonly open = new Set<() => void>();
  private closed = false;
  private receivedBatches = 0;
  private receivedMessages = 0;
  private rejectedBatches = 0;
  private misaddressedMessages = 0;

  constructor(
    private readonly selfId: NodeId,
    private readonly logger: TransportLogger,
    private readonly deliver: (m: Message) => void,
  ) {}

  readonly handle = (
    call: grpc.ServerReadableStream<ReceivedBatch, StreamAck>,
    callback: grpc.sendUnaryData<StreamAck>,
  ): void => {
    if (this.closed) {
      callback({ code: grpc.status.UNAVAILABLE, details: 'raft transport is closed' });
      return;
    }
    const peer = call.getPeer();
    let done = false;
    const finish = (status: Partial<grpc.StatusObject> | null): void => {
      if (done) return;
      done = true;
      this.open.delete(abort);
      if (status === null) callback(null, {});
      else callback(status);
    };
    const abort = (): void => finish({ code: grpc.status.UNAVAILABLE, details: 'raft transport is closed' });
    this.open.add(abort);

    call.on('data', (batch: ReceivedBatch) => {
      if (done) return;
      const messages = batch instanceof RaftMessageDecodeError ? batch : decodeBatch(batch);
      if (messages instanceof RaftMessageDecodeError) {
        this.rejectedBatches++;
        this.logger.warn(
          { peer, field: messages.field, reason: messages.reason },
          'rejected an invalid raft batch; ending the stream',
        );
        finish({ code: grpc.status.INVALID_ARGUMENT, details: messages.message });
        return;
      }
      this.receivedBatches++;
      this.receivedMessages += messages.length;
      for (const m of messages) {
        if (m.to !== this.selfId) {
          this.misaddressedMessages++;
          this.logger.warn(
            { peer, from: m.from, to: m.to, type: m.type },
            'dropped a raft message addressed to another node',
          );
          continue;
        }
        this.deliver(m);
      }
    });
    call.on('end', () => finish(null));
    // A peer that goes away cancels the call; nothing is left to answer.
    call.on('cancelled', () => finish(null));
    call.on('error', (err: Error) => {
      this.logger.debug({ peer, err: err.message }, 'raft stream error');
      finish(null);
    });
    // Initial metadata tells the client the stream is accepted before it writes anything.
    call.sendMetadata(new grpc.Metadata());
  };

  stats(): ReceiverStats {
    return {
      openStreams: this.open.size,
      receivedBatches: this.receivedBatches,
      receivedMessages: this.receivedMessages,
      rejectedBatches: this.rejectedBatches,
      misaddressedMessages: this.misaddressedMessages,
    };
  }

  close(): void {
    this.closed = true;
    for (const abort of [...this.open]) abort();
  }
}
