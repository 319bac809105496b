// Valid specs for the control API's validation tests, derived from the proto round-trip fixtures,
// and an assertion that a spec fails with exactly one named field.
import type { Test } from 'tap';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import { serviceFixture } from '../../proto/fixtures.ts';
import type { SpecValidationError } from '../../../manager/controlapi/validation-error.ts';

/**
 * serviceFixture's spec sets every field for round trips, including two combinations validation
 * refuses (tmpfs options on a volume mount, ingress publishing); this is the same spec without them.
 */
export function validServiceSpec(): ServiceSpec {
  const spec = structuredClone(serviceFixture.spec) as ServiceSpec;
  const mount = spec.task?.container?.mounts?.[0];
  if (mount === undefined) throw new Error('fixture changed: no mount');
  delete mount.tmpfsOptions;
  for (const port of spec.endpoint?.ports ?? []) port.publishMode = PublishMode.PUBLISH_MODE_HOST;
  return spec;
}

/** The one problem `errors` must hold: its field exactly, its reason by pattern. */
export function assertOneProblem(
  t: Test,
  errors: readonly SpecValidationError[],
  field: string,
  reason: RegExp,
): void {
  t.same(
    errors.map((e) => e.field),
    [field],
    `exactly one problem, at ${field} (got: ${errors.map((e) => e.message).join(' | ')})`,
  );
  t.match(errors[0]?.reason ?? '', reason);
  t.equal(errors[0]?.message, `${field}: ${errors[0]?.reason}`);
}
