// The covey.v1.RaftService definition the transport serves and calls. Its request decoder never
// throws: bytes that do not parse become a RaftMessageDecodeError value, which the stream handler
// answers with INVALID_ARGUMENT (grpc-js would otherwise answer INTERNAL). Its request encoder
// skips proto-loader's fromObject() copy, because encodeBatch already emits canonical values.
import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { Message as ProtobufMessage } from 'protobufjs';
import type { RaftBatch, RaftBatch__Output } from '../../../proto/gen/covey/v1/RaftBatch.ts';
import type { StreamAck, StreamAck__Output } from '../../../proto/gen/covey/v1/StreamAck.ts';
import { loadProtobufRoot, loadRaftProto } from '../../../proto/load.ts';
import { RaftMessageDecodeError } from './errors.ts';

const RAFT_PROTO = 'covey/v1/raft.proto';

/** What the server hands the Stream handler for each received frame. */
export type ReceivedBatch = RaftBatch__Output | RaftMessageDecodeError;

export type RaftStreamMethod = MethodDefinition<RaftBatch, StreamAck, ReceivedBatch, StreamAck__Output>;

export interface RaftServiceDefinition extends grpc.ServiceDefinition {
  readonly Stream: RaftStreamMethod;
}

export function loadRaftServiceDefinition(): RaftServiceDefinition {
  const stream = loadRaftProto().covey.v1.RaftService.service.Stream;
  const batchType = loadProtobufRoot([RAFT_PROTO]).lookupType('covey.v1.RaftBatch');
  const decode = stream.requestDeserialize;
  return {
    Stream: {
      ...stream,
      // Only for values built by encodeBatch: numbers for uint64 and enums, Uint8Array for bytes.
      requestSerialize: (batch: RaftBatch): Buffer => {
        const bytes = batchType.encode(batch as ProtobufMessage).finish();
        return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
      requestDeserialize: (frame: Buffer): ReceivedBatch => {
        try {
          return decode(frame);
        } catch (err) {
          return new RaftMessageDecodeError('frame', 'not a covey.v1.RaftBatch', { cause: err });
        }
      },
    },
  };
}
