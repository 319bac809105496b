// Bytes ↔ the bus's messages (covey.v1.LogMessage, covey.v1.ClusterEvent), decoded into the shape
// proto-loader gives. Decoding trusts nothing: bytes found on a subject may be anyone's.
import type { Message as ProtobufMessage, Type } from 'protobufjs';
import type { ClusterEvent, ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import type { LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { loadProtobufRoot } from '../proto/load.ts';
import { MalformedBusMessageError } from './bus-errors.ts';
import { clusterEventIdentity } from './cluster-event.ts';
import { canonicalLogLine } from './log-line.ts';

/** The conversion proto-loader applies (proto/load.ts PROTO_LOADER_OPTIONS). */
const TO_OBJECT = Object.freeze({ longs: Number, defaults: true, oneofs: true });

interface BusTypes {
  readonly logMessage: Type;
  readonly clusterEvent: Type;
}

let types: BusTypes | undefined;
/** Built on first use (parsing the .proto files takes a few milliseconds). */
function busTypes(): BusTypes {
  if (types === undefined) {
    const root = loadProtobufRoot(['covey/v1/control.proto']);
    types = {
      logMessage: root.lookupType('covey.v1.LogMessage'),
      clusterEvent: root.lookupType('covey.v1.ClusterEvent'),
    };
  }
  return types;
}

/** A line already in canonical form (canonicalLogLine), encoded without a fromObject copy. */
export function encodeLogLine(line: LogMessage__Output): Uint8Array {
  return busTypes()
    .logMessage.encode(line as unknown as ProtobufMessage)
    .finish();
}

/** The line, or MalformedBusMessageError when the bytes are not a complete covey log line. */
export function decodeLogLine(data: Uint8Array): LogMessage__Output | MalformedBusMessageError {
  const { logMessage } = busTypes();
  let decoded: LogMessage__Output;
  try {
    decoded = logMessage.toObject(logMessage.decode(data), TO_OBJECT) as LogMessage__Output;
  } catch (err) {
    return new MalformedBusMessageError('log line', `not a covey.v1.LogMessage (${(err as Error).message})`, {
      cause: err,
    });
  }
  try {
    return canonicalLogLine(decoded, 0);
  } catch (err) {
    return new MalformedBusMessageError('log line', (err as Error).message, { cause: err });
  }
}

/** Any input shape proto-loader accepts (enum names, string or Long 64-bit values), via fromObject. */
export function encodeClusterEvent(event: ClusterEvent): Uint8Array {
  const { clusterEvent } = busTypes();
  return clusterEvent.encode(clusterEvent.fromObject(event as Record<string, unknown>)).finish();
}

/** The event, or MalformedBusMessageError when the bytes are not a covey cluster event with an identity. */
export function decodeClusterEvent(data: Uint8Array): ClusterEvent__Output | MalformedBusMessageError {
  const { clusterEvent } = busTypes();
  let decoded: ClusterEvent__Output;
  try {
    decoded = clusterEvent.toObject(clusterEvent.decode(data), TO_OBJECT) as ClusterEvent__Output;
  } catch (err) {
    return new MalformedBusMessageError(
      'cluster event',
      `not a covey.v1.ClusterEvent (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  try {
    clusterEventIdentity(decoded, 0);
  } catch (err) {
    return new MalformedBusMessageError('cluster event', (err as Error).message, { cause: err });
  }
  return decoded;
}
