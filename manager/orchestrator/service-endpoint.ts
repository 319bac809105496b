// A service's published endpoint as the manager records it from the spec: the spec's ports as they
// are (host mode; an unset published port is each task's engine's choice).
import type { Endpoint__Output } from '../../proto/gen/covey/v1/Endpoint.ts';
import type { ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';

export function serviceEndpoint(spec: ServiceSpec__Output): Endpoint__Output {
  return { spec: spec.endpoint, ports: spec.endpoint?.ports ?? [] };
}
