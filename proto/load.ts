// Loads covey's .proto files with the one set of proto-loader options that the generated types in
// proto/gen assume, so every service decodes 64-bit integers, bytes, enums and oneofs alike.
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { ProtoGrpcType as CaProtoGrpcType } from './gen/ca.ts';
import type { ProtoGrpcType as ControlProtoGrpcType } from './gen/control.ts';
import type { ProtoGrpcType as DispatcherProtoGrpcType } from './gen/dispatcher.ts';
import type { ProtoGrpcType as RaftProtoGrpcType } from './gen/raft.ts';

/** The include directory: files are named by package path, e.g. `covey/v1/raft.proto`. */
export const PROTO_ROOT: string = fileURLToPath(new URL('.', import.meta.url));

/**
 * Must agree with the flags of the `proto` script in package.json, which generated proto/gen:
 * - longs as Number: indexes, terms and sizes stay below 2^53 (decoders reject anything above);
 * - enums as numbers (the default), matching the numeric enums of raft/types.ts;
 * - bytes as Buffer (the default), a zero-copy view of the received frame;
 * - defaults on, so a scalar field left at its zero value still reads as 0, '' or false;
 * - oneofs on, so a message with a `oneof body` says which member it carries in `body`.
 */
export const PROTO_LOADER_OPTIONS: Readonly<protoLoader.Options> = Object.freeze({
  keepCase: false,
  longs: Number,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
});

/** Parses .proto files (paths relative to PROTO_ROOT) into a grpc-js package definition. */
export function loadPackageDefinition(files: readonly string[]): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...files], { ...PROTO_LOADER_OPTIONS });
}

export type { RaftProtoGrpcType };

/** covey.v1 Raft service and messages, typed by the generated proto/gen/raft.ts. */
export function loadRaftProto(): RaftProtoGrpcType {
  const definition = loadPackageDefinition(['covey/v1/raft.proto']);
  // The generated ProtoGrpcType describes exactly what loadPackageDefinition builds for this file.
  return grpc.loadPackageDefinition(definition) as unknown as RaftProtoGrpcType;
}

export type { CaProtoGrpcType, ControlProtoGrpcType, DispatcherProtoGrpcType };

/** The whole covey.v1 API (every message and the four services), as one daemon serves it on one port. */
export type CoveyProtoGrpcType = RaftProtoGrpcType &
  ControlProtoGrpcType &
  DispatcherProtoGrpcType &
  CaProtoGrpcType;

/** Every covey.v1 file; the files without a service are reached through imports anyway. */
export const COVEY_PROTO_FILES: readonly string[] = Object.freeze([
  'covey/v1/types.proto',
  'covey/v1/specs.proto',
  'covey/v1/objects.proto',
  'covey/v1/control.proto',
  'covey/v1/dispatcher.proto',
  'covey/v1/ca.proto',
  'covey/v1/raft.proto',
  'covey/v1/store.proto',
]);

/** covey.v1 ControlService (the CLI's API) and the messages it uses. */
export function loadControlProto(): ControlProtoGrpcType {
  return grpc.loadPackageDefinition(
    loadPackageDefinition(['covey/v1/control.proto']),
  ) as unknown as ControlProtoGrpcType;
}

/** covey.v1 DispatcherService (the agents' API) and the messages it uses. */
export function loadDispatcherProto(): DispatcherProtoGrpcType {
  return grpc.loadPackageDefinition(
    loadPackageDefinition(['covey/v1/dispatcher.proto']),
  ) as unknown as DispatcherProtoGrpcType;
}

/** covey.v1 CAService (join and certificate renewal) and the messages it uses. */
export function loadCaProto(): CaProtoGrpcType {
  return grpc.loadPackageDefinition(
    loadPackageDefinition(['covey/v1/ca.proto']),
  ) as unknown as CaProtoGrpcType;
}

/** Every covey.v1 file parsed once, for a daemon that serves all four services. */
export function loadCoveyProto(): CoveyProtoGrpcType {
  return grpc.loadPackageDefinition(
    loadPackageDefinition(COVEY_PROTO_FILES),
  ) as unknown as CoveyProtoGrpcType;
}

/**
 * The same files as protobufjs reflection types (field names camelCased, as proto-loader does), for
 * hot paths that encode plain objects already in canonical form and so can skip proto-loader's
 * per-message fromObject() copy.
 */
export function loadProtobufRoot(files: readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(PROTO_ROOT, target));
  return root.loadSync([...files], { keepCase: false });
}
