// What a deploy must do to bring a stack's services to a compose file: create what is missing,
// update what differs (the manager then rolls the tasks), leave the rest alone and, with prune,
// remove services the file no longer has. A spec is compared in the form the managers return it.
import { isDeepStrictEqual } from 'node:util';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { StackService } from './compose-service-spec.ts';
import { specWireForm } from './spec-wire-form.ts';

export interface StackUpdate {
  readonly service: StackService;
  readonly current: Service__Output;
  /** What to send: the file's spec, with what a deploy keeps from the running service. */
  readonly spec: ServiceSpec;
}

export interface StackPlan {
  readonly create: readonly StackService[];
  readonly update: readonly StackUpdate[];
  readonly unchanged: readonly StackUpdate[];
  /** Services of the stack the file no longer has: removed with --prune, kept otherwise. */
  readonly remove: readonly Service__Output[];
}

/** `current` are the services labelled with the stack. */
export function planStackDeploy(
  desired: readonly StackService[],
  current: readonly Service__Output[],
): StackPlan {
  const byName = new Map(current.map((s) => [s.spec?.annotations?.name ?? '', s]));
  const create: StackService[] = [];
  const update: StackUpdate[] = [];
  const unchanged: StackUpdate[] = [];
  for (const service of desired) {
    const existing = byName.get(service.name);
    if (!existing) {
      create.push(service);
      continue;
    }
    const spec = keptFromCurrent(service, existing);
    const same = existing.spec !== null && isDeepStrictEqual(specWireForm(spec), existing.spec);
    (same ? unchanged : update).push({ service, current: existing, spec });
  }
  const wanted = new Set(desired.map((s) => s.name));
  const remove = current.filter((s) => !wanted.has(s.spec?.annotations?.name ?? ''));
  return { create, update, unchanged, remove };
}

/**
 * A stack deploy has no --force, so a forced update's counter stays (Docker keeps it too), and a
 * file without deploy.replicas keeps the replica count the service has (`service scale`).
 */
function keptFromCurrent(service: StackService, current: Service__Output): ServiceSpec {
  const spec = service.spec;
  const forceUpdate = current.spec?.task?.forceUpdate ?? 0;
  const task = spec.task && forceUpdate !== 0 ? { ...spec.task, forceUpdate } : spec.task;
  const replicas = current.spec?.replicated?.replicas;
  const keepReplicas = !service.replicasFromFile && spec.replicated && replicas !== undefined;
  return {
    ...spec,
    ...(task ? { task } : {}),
    ...(keepReplicas ? { replicated: { replicas } } : {}),
  };
}
