// One-cell summaries of a service spec for tables: its image (or program) and published ports.
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import type { ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';

const PROTOCOL_NAMES = new Map<number, string>([
  [PortProtocol.PORT_PROTOCOL_TCP, 'tcp'],
  [PortProtocol.PORT_PROTOCOL_UDP, 'udp'],
  [PortProtocol.PORT_PROTOCOL_SCTP, 'sctp'],
]);

export function taskImage(task: TaskSpec__Output | null | undefined): string {
  if (task?.container) return task.container.image;
  if (task?.process) return task.process.command;
  return '';
}

export function serviceImage(spec: ServiceSpec__Output | null | undefined): string {
  return taskImage(spec?.task);
}

/** Docker's PORTS cell: `*:8080->80/tcp`. */
export function servicePorts(spec: ServiceSpec__Output | null | undefined): string {
  return (spec?.endpoint?.ports ?? [])
    .map(
      (p) => `*:${p.publishedPort || '?'}->${p.targetPort}/${PROTOCOL_NAMES.get(p.protocol) ?? p.protocol}`,
    )
    .join(', ');
}
