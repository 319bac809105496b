// Original file: covey/v1/specs.proto

export const PortProtocol = {
  PORT_PROTOCOL_TCP: 0,
  PORT_PROTOCOL_UDP: 1,
  PORT_PROTOCOL_SCTP: 2,
} as const;

export type PortProtocol =
  | 'PORT_PROTOCOL_TCP'
  | 0
  | 'PORT_PROTOCOL_UDP'
  | 1
  | 'PORT_PROTOCOL_SCTP'
  | 2

export type PortProtocol__Output = typeof PortProtocol[keyof typeof PortProtocol]
