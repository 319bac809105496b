// A service's task template: one runtime, resources, restart policy and placement. Constraints and
// spread descriptors are parsed by the scheduler's own parsers, so what validates is what schedules.
import type { Placement } from '../../proto/gen/covey/v1/Placement.ts';
import type { ResourceRequirements } from '../../proto/gen/covey/v1/ResourceRequirements.ts';
import type { Resources } from '../../proto/gen/covey/v1/Resources.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { RestartPolicy } from '../../proto/gen/covey/v1/RestartPolicy.ts';
import type { TaskSpec } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { parseConstraint } from '../scheduler/constraint.ts';
import { ConstraintSyntaxError, PlacementPreferenceError } from '../scheduler/errors.ts';
import { parseSpreadDescriptor } from '../scheduler/spread-descriptor.ts';
import { at, checkCount, checkDuration, checkEnum, checkInt, checkMaxBytes } from './field-checks.ts';
import { formatBytes } from './spec-scalars.ts';
import { checkContainerSpec, checkProcessSpec } from './validate-runtime-spec.ts';
import type { SpecProblems } from './validation-error.ts';

/** Docker refuses smaller memory limits. */
export const MIN_MEMORY_LIMIT_BYTES = 4 * 1024 * 1024;
export const MAX_CONSTRAINTS = 64;
export const MAX_CONSTRAINT_BYTES = 1024;
export const MAX_PREFERENCES = 8;

function checkResources(p: SpecProblems, field: string, r: Resources | null | undefined, isLimit: boolean) {
  if (r === null || r === undefined) return { cpu: 0, memory: 0 };
  const cpu = checkInt(p, `${field}.nanoCpus`, r.nanoCpus, 0);
  const memory = checkInt(p, `${field}.memoryBytes`, r.memoryBytes, 0);
  if (isLimit && memory > 0 && memory < MIN_MEMORY_LIMIT_BYTES) {
    p.add(
      `${field}.memoryBytes`,
      `must be ≥ ${formatBytes(MIN_MEMORY_LIMIT_BYTES)} (or 0 for no limit), got ${formatBytes(memory)}`,
    );
  }
  return { cpu, memory };
}

function checkResourceRequirements(
  p: SpecProblems,
  field: string,
  r: ResourceRequirements | null | undefined,
): void {
  if (r === null || r === undefined) return;
  const limit = checkResources(p, `${field}.limits`, r.limits, true);
  const reserve = checkResources(p, `${field}.reservations`, r.reservations, false);
  // 0 means "none" on either side, so only two set values are compared.
  if (limit.memory > 0 && reserve.memory > limit.memory) {
    p.add(
      `${field}.reservations.memoryBytes`,
      `${formatBytes(reserve.memory)} exceeds the limit ${formatBytes(limit.memory)}`,
    );
  }
  if (limit.cpu > 0 && reserve.cpu > limit.cpu) {
    p.add(`${field}.reservations.nanoCpus`, `${reserve.cpu} exceeds the limit ${limit.cpu}`);
  }
}

function checkRestartPolicy(p: SpecProblems, field: string, r: RestartPolicy | null | undefined): void {
  if (r === null || r === undefined) return;
  checkEnum(p, `${field}.condition`, r.condition, RestartCondition);
  checkDuration(p, `${field}.delay`, r.delay, 0);
  checkInt(p, `${field}.maxAttempts`, r.maxAttempts, 0);
  checkDuration(p, `${field}.window`, r.window, 0);
}

function checkPlacement(p: SpecProblems, field: string, pl: Placement | null | undefined): void {
  if (pl === null || pl === undefined) return;
  const constraints = pl.constraints ?? [];
  checkCount(p, `${field}.constraints`, constraints, MAX_CONSTRAINTS);
  constraints.forEach((c, i) => {
    const f = at(`${field}.constraints`, i);
    if (Buffer.byteLength(c) > MAX_CONSTRAINT_BYTES) {
      checkMaxBytes(p, f, c, MAX_CONSTRAINT_BYTES);
      return;
    }
    try {
      parseConstraint(c, i);
    } catch (err) {
      if (!(err instanceof ConstraintSyntaxError)) throw err;
      p.add(f, `${JSON.stringify(err.constraint)}: ${err.reason}`);
    }
  });
  const preferences = pl.preferences ?? [];
  checkCount(p, `${field}.preferences`, preferences, MAX_PREFERENCES);
  preferences.forEach((pref, i) => {
    const f = at(`${field}.preferences`, i);
    if (pref.spread === null || pref.spread === undefined) {
      p.add(f, 'must set spread');
      return;
    }
    const descriptor = pref.spread.spreadDescriptor ?? '';
    try {
      parseSpreadDescriptor(descriptor, i);
    } catch (err) {
      if (!(err instanceof PlacementPreferenceError)) throw err;
      p.add(`${f}.spread.spreadDescriptor`, `${JSON.stringify(err.descriptor)}: ${err.reason}`);
    }
  });
  checkInt(p, `${field}.maxReplicasPerNode`, pl.maxReplicasPerNode, 0);
}

export function checkTaskSpec(p: SpecProblems, field: string, t: TaskSpec | null | undefined): void {
  if (t === null || t === undefined) {
    p.add(field, 'required');
    return;
  }
  const container = t.container ?? undefined;
  const process = t.process ?? undefined;
  if (container !== undefined && process !== undefined) {
    p.add(`${field}.runtime`, 'set exactly one of container or process, not both');
  } else if (container === undefined && process === undefined) {
    p.add(`${field}.runtime`, 'required: set container or process');
  }
  if (container !== undefined) checkContainerSpec(p, `${field}.container`, container);
  if (process !== undefined) checkProcessSpec(p, `${field}.process`, process);
  checkResourceRequirements(p, `${field}.resources`, t.resources);
  checkRestartPolicy(p, `${field}.restart`, t.restart);
  checkPlacement(p, `${field}.placement`, t.placement);
  checkInt(p, `${field}.forceUpdate`, t.forceUpdate, 0);
}
