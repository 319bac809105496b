// Validates a ServiceSpec for CreateService/UpdateService, reporting every problem with its field
// path. The rules and bounds are those stated in specs.proto (SwarmKit's validateServiceSpec in spirit).
import type { EndpointSpec } from '../../proto/gen/covey/v1/EndpointSpec.ts';
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../proto/gen/covey/v1/PublishMode.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { UpdateConfig } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { at, checkCount, checkDuration, checkEnum, checkInt, checkMaxBytes } from './field-checks.ts';
import { intValue } from './spec-scalars.ts';
import { checkAnnotations } from './validate-annotations.ts';
import { checkTaskSpec } from './validate-task-spec.ts';
import { SpecProblems, type SpecValidationError } from './validation-error.ts';

/** Far beyond any real service, low enough that a typo (an extra few zeros) is caught. */
export const MAX_REPLICAS = 1_000_000;
export const MAX_PORTS = 128;
export const MAX_PORT_NAME_BYTES = 63;

function checkUpdateConfig(
  p: SpecProblems,
  field: string,
  u: UpdateConfig | null | undefined,
  rollback: boolean,
): void {
  if (u === null || u === undefined) return;
  checkInt(p, `${field}.parallelism`, u.parallelism, 0);
  checkDuration(p, `${field}.delay`, u.delay, 0);
  const action = checkEnum(p, `${field}.failureAction`, u.failureAction, UpdateFailureAction);
  if (rollback && action === UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK) {
    p.add(
      `${field}.failureAction`,
      'UPDATE_FAILURE_ACTION_ROLLBACK is not allowed for a rollback (use PAUSE or CONTINUE)',
    );
  }
  checkDuration(p, `${field}.monitor`, u.monitor, 0);
  const ratio = Number(u.maxFailureRatio ?? 0);
  if (!(ratio >= 0 && ratio <= 1))
    p.add(`${field}.maxFailureRatio`, `must be between 0 and 1, got ${u.maxFailureRatio}`);
  checkEnum(p, `${field}.order`, u.order, UpdateOrder);
}

function checkEndpoint(
  p: SpecProblems,
  field: string,
  e: EndpointSpec | null | undefined,
  isProcess: boolean,
): void {
  const ports = e?.ports;
  if (ports === undefined) return;
  checkCount(p, `${field}.ports`, ports, MAX_PORTS);
  const published = new Map<string, number>();
  ports.forEach((port, i) => {
    const f = at(`${field}.ports`, i);
    checkMaxBytes(p, `${f}.name`, port.name, MAX_PORT_NAME_BYTES);
    const protocol = checkEnum(p, `${f}.protocol`, port.protocol, PortProtocol);
    const target = port.targetPort ?? 0;
    const pub = port.publishedPort ?? 0;
    checkInt(p, `${f}.targetPort`, target, 1, 65535);
    checkInt(p, `${f}.publishedPort`, pub, 0, 65535);
    const mode = checkEnum(p, `${f}.publishMode`, port.publishMode, PublishMode);
    if (mode === PublishMode.PUBLISH_MODE_INGRESS) {
      p.add(
        `${f}.publishMode`,
        'PUBLISH_MODE_INGRESS is not supported (covey has no routing mesh); use PUBLISH_MODE_HOST',
      );
    }
    if (isProcess && pub !== 0 && pub !== target) {
      p.add(
        `${f}.publishedPort`,
        `a process task binds the host port itself: must equal targetPort ${target} or be 0`,
      );
    }
    if (pub === 0 || protocol === undefined) return;
    const key = `${pub}/${protocol}`;
    const first = published.get(key);
    const protoName = (Object.keys(PortProtocol)[protocol] ?? '').replace('PORT_PROTOCOL_', '').toLowerCase();
    if (first !== undefined)
      p.add(
        `${f}.publishedPort`,
        `${pub}/${protoName} is already published by ${at(`${field}.ports`, first)}`,
      );
    else published.set(key, i);
  });
}

/** Every problem in `spec`; empty when it is valid. `field` is the path of the spec in the request. */
export function serviceSpecProblems(spec: ServiceSpec, field = 'spec'): SpecValidationError[] {
  const p = new SpecProblems();
  checkAnnotations(p, `${field}.annotations`, spec.annotations, true);
  const replicated = spec.replicated ?? undefined;
  const global = spec.global ?? undefined;
  if (replicated !== undefined && global !== undefined) {
    p.add(`${field}.mode`, 'set exactly one of replicated or global, not both');
  }
  if (replicated !== undefined)
    checkInt(p, `${field}.replicated.replicas`, replicated.replicas, 0, MAX_REPLICAS);
  checkTaskSpec(p, `${field}.task`, spec.task);
  if (global !== undefined && intValue(spec.task?.placement?.maxReplicasPerNode) > 0) {
    p.add(
      `${field}.task.placement.maxReplicasPerNode`,
      'only applies to replicated services (a global service runs one task per node)',
    );
  }
  checkUpdateConfig(p, `${field}.updateConfig`, spec.updateConfig, false);
  checkUpdateConfig(p, `${field}.rollbackConfig`, spec.rollbackConfig, true);
  const isProcess = spec.task?.process !== undefined && spec.task.process !== null && !spec.task.container;
  checkEndpoint(p, `${field}.endpoint`, spec.endpoint, isProcess);
  return p.errors;
}

/** Throws SpecValidationErrors listing every problem in `spec`. */
export function validateServiceSpec(spec: ServiceSpec, field = 'spec'): void {
  const p = new SpecProblems();
  p.errors.push(...serviceSpecProblems(spec, field));
  p.throwIfAny();
}
