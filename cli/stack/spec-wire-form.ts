// A ServiceSpec as the managers hand it back: encoded and decoded through the very serializer of
// the control API, so it can be compared field for field with a service's stored spec (every
// absent scalar reads as its zero, absent messages as null, maps as plain objects).
import type { ServiceSpec, ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import { loadControlProto } from '../../proto/load.ts';

type CreateMethod = ReturnType<
  typeof loadControlProto
>['covey']['v1']['ControlService']['service']['CreateService'];

let method: CreateMethod | undefined;

export function specWireForm(spec: ServiceSpec): ServiceSpec__Output {
  method ??= loadControlProto().covey.v1.ControlService.service.CreateService;
  const decoded = method.requestDeserialize(method.requestSerialize({ spec }));
  // A present message never decodes as absent; this only guards the type.
  if (decoded.spec === null) throw new RangeError('a ServiceSpec decoded as absent');
  return decoded.spec;
}
