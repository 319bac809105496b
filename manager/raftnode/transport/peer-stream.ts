// Sending side towards one peer: a byte-bounded queue drained over one long-lived client stream, one
// batch per write, everything queued during a write going in the next one. A broken stream drops
// what is queued, reports the peer unreachable and reconnects after a backoff; Raft resends.
import type * as grpc from '@grpc/grpc-js';
import type { RaftBatch } from '../../../proto/gen/covey/v1/RaftBatch.ts';
import type { Message, NodeId } from '../../../raft/types.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { encodeBatch } from './codec.ts';
import { estimateMessageBytes } from './message-size.ts';
import type { RaftStreamMethod } from './raft-service.ts';
import { MAX_GRPC_MESSAGE_BYTES, type TransportLogger } from './transport-options.ts';

/**
 * idle: no stream (nothing sent yet, or the backoff after a failure has elapsed);
 * connecting: stream requested, queueing until the server's initial metadata says it is accepted;
 * open: writing; backoff: the stream broke, messages are dropped until the retry delay elapses.
 */
export type PeerStreamState = 'idle' | 'connecting' | 'open' | 'backoff' | 'closed';

export interface PeerStats {
  readonly addr: string;
  readonly state: PeerStreamState;
  readonly queuedMessages: number;
  readonly queuedBytes: number;
  /** Messages and batches handed to gRPC. */
  readonly sentMessages: number;
  readonly sentBatches: number;
  /** Messages refused (queue full, stream down, oversized) or lost with a broken stream. */
  readonly droppedMessages: number;
  readonly streamFailures: number;
}

export interface PeerStreamOptions {
  readonly logger: TransportLogger;
  readonly maxQueuedBytes: number;
  readonly maxBatchBytes: number;
  readonly backoff: BackoffOptions;
  readonly method: RaftStreamMethod;
  /** Called asynchronously, never from inside enqueue(). */
  readonly reportUnreachable: (peerId: NodeId) => void;
}

/** A message whose estimate exceeds this cannot fit in one gRPC message with its batch framing. */
const MAX_SINGLE_MESSAGE_BYTES = MAX_GRPC_MESSAGE_BYTES - 64 * 1024;

export class PeerStream {
  private state: PeerStreamState = 'idle';
  private queue: Message[] = [];
  private sizes: number[] = [];
  private queuedBytes = 0;
  private call: grpc.ClientWritableStream<RaftBatch> | undefined;
  /** Bumped for every new stream and on close, so callbacks of a dead stream are ignored. */
  private generation = 0;
  private writing = false;
  private tickScheduled = false;
  private unreachablePending = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private openedAt = 0;
  private consecutiveFailures = 0;
  private readonly backoff: Backoff;
  private sentMessages = 0;
  private sentBatches = 0;
  private droppedMessages = 0;
  private streamFailures = 0;

  constructor(
    readonly peerId: NodeId,
    readonly addr: string,
    private readonly client: grpc.Client,
    private readonly options: PeerStreamOptions,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  enqueue(m: Message): void {
    switch (this.state) {
      case 'closed':
        return;
      case 'backoff':
        this.drop(1);
        return;
    }
    const size = estimateMessageBytes(m);
    if (size > MAX_SINGLE_MESSAGE_BYTES) {
      this.options.logger.error(
        { peer: this.peerId, type: m.type, estimatedBytes: size, limit: MAX_GRPC_MESSAGE_BYTES },
        'dropped a raft message larger than the gRPC message limit',
      );
      this.drop(1);
      return;
    }
    if (this.queue.length > 0 && this.queuedBytes + size > this.options.maxQueuedBytes) {
      this.drop(1);
      return;
    }
    this.queue.push(m);
    this.sizes.push(size);
    this.queuedBytes += size;
    if (this.state === 'idle') this.connect();
    else if (this.state === 'open' && !this.writing) this.scheduleTick();
  }

  stats(): PeerStats {
    return {
      addr: this.addr,
      state: this.state,
      queuedMessages: this.queue.length,
      queuedBytes: this.queuedBytes,
      sentMessages: this.sentMessages,
      sentBatches: this.sentBatches,
      droppedMessages: this.droppedMessages,
      streamFailures: this.streamFailures,
    };
  }

  /** Drops what is queued, ends the stream and closes the channel. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.generation++;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.droppedMessages += this.queue.length;
    this.clearQueue();
    this.call?.cancel();
    this.call = undefined;
    this.client.close();
  }

  private drop(n: number): void {
    this.droppedMessages += n;
    this.unreachablePending = true;
    this.scheduleTick();
  }

  /** Coalesces everything enqueued in one synchronous run into one write and one unreachable report. */
  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    queueMicrotask(this.tick);
  }

  private readonly tick = (): void => {
    this.tickScheduled = false;
    if (this.state === 'closed') return;
    if (this.unreachablePending) {
      this.unreachablePending = false;
      this.options.reportUnreachable(this.peerId);
    }
    this.flush();
  };

  private connect(): void {
    this.state = 'connecting';
    const generation = ++this.generation;
    const { path, requestSerialize, responseDeserialize } = this.options.method;
    const call = this.client.makeClientStreamRequest(path, requestSerialize, responseDeserialize, (err) =>
      this.onStreamEnded(generation, err),
    );
    call.on('metadata', () => this.onStreamOpen(generation));
    // Errors arrive through the callback; a listener keeps a stray 'error' event from crashing.
    call.on('error', () => {});
    this.call = call;
  }

  private onStreamOpen(generation: number): void {
    if (generation !== this.generation || this.state !== 'connecting') return;
    this.state = 'open';
    this.openedAt = performance.now();
    if (this.consecutiveFailures > 0) {
      this.options.logger.info(
        { peer: this.peerId, addr: this.addr, failures: this.consecutiveFailures },
        'raft stream to peer re-established',
      );
    }
    this.consecutiveFailures = 0;
    this.flush();
  }

  private flush(): void {
    const call = this.call;
    if (this.state !== 'open' || this.writing || this.queue.length === 0 || call === undefined) return;
    let batch: Message[];
    if (this.queuedBytes <= this.options.maxBatchBytes) {
      batch = this.queue;
      this.clearQueue();
    } else {
      let n = 0;
      let bytes = 0;
      for (; n < this.sizes.length; n++) {
        const size = this.sizes[n]!;
        if (n > 0 && bytes + size > this.options.maxBatchBytes) break;
        bytes += size;
      }
      batch = this.queue.splice(0, n);
      this.sizes.splice(0, n);
      this.queuedBytes -= bytes;
    }
    this.writing = true;
    this.sentBatches++;
    this.sentMessages += batch.length;
    const generation = this.generation;
    call.write(encodeBatch(batch), () => this.onWritten(generation));
  }

  private onWritten(generation: number): void {
    if (generation !== this.generation) return;
    this.writing = false;
    this.flush();
  }

  private onStreamEnded(generation: number, err: grpc.ServiceError | null): void {
    if (generation !== this.generation || this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    const lost = this.queue.length;
    this.call = undefined;
    this.writing = false;
    this.droppedMessages += lost;
    this.clearQueue();
    this.streamFailures++;
    this.consecutiveFailures++;
    // A stream that stayed up a while earned a fast retry; one that breaks right after opening
    // (a peer rejecting us) keeps backing off.
    if (wasOpen && performance.now() - this.openedAt >= this.options.backoff.maxMs) this.backoff.reset();
    const delay = this.backoff.next();
    const record = {
      peer: this.peerId,
      addr: this.addr,
      code: err?.code,
      details: err?.details,
      dropped: lost,
      retryInMs: delay,
    };
    // The first failure is news; repeated failures to reach a peer that stays down are not.
    if (this.consecutiveFailures === 1) this.options.logger.warn(record, 'raft stream to peer failed');
    else this.options.logger.debug(record, 'raft stream to peer failed again');
    this.state = 'backoff';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // Reconnect lazily, on the next message: Raft heartbeats come soon enough.
      if (this.state === 'backoff') this.state = 'idle';
    }, delay);
    this.retryTimer.unref();
    this.options.reportUnreachable(this.peerId);
  }

  private clearQueue(): void {
    this.queue = [];
    this.sizes = [];
    this.queuedBytes = 0;
  }
}
