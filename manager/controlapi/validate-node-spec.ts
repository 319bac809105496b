// Validates a NodeSpec for UpdateNode: optional name, labels, known role and availability. Whether a
// demotion is safe depends on the cluster, so the control API checks that separately.
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeSpec } from '../../proto/gen/covey/v1/NodeSpec.ts';
import { checkEnum } from './field-checks.ts';
import { checkAnnotations } from './validate-annotations.ts';
import { SpecProblems, type SpecValidationError } from './validation-error.ts';

export function nodeSpecProblems(spec: NodeSpec, field = 'spec'): SpecValidationError[] {
  const p = new SpecProblems();
  checkAnnotations(p, `${field}.annotations`, spec.annotations, false);
  checkEnum(p, `${field}.desiredRole`, spec.desiredRole, NodeRole);
  checkEnum(p, `${field}.availability`, spec.availability, NodeAvailability);
  return p.errors;
}

/** Throws SpecValidationErrors listing every problem in `spec`. */
export function validateNodeSpec(spec: NodeSpec, field = 'spec'): void {
  const p = new SpecProblems();
  p.errors.push(...nodeSpecProblems(spec, field));
  p.throwIfAny();
}
