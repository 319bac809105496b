// CreateService, GetService, ListServices, UpdateService and RemoveService against the store.
//
// - Specs are stored as the operator gave them (specs.proto: defaults apply where a spec is used);
//   GetService with insert_defaults shows them filled in.
// - spec_version changes only when the task template (spec.task) or the published ports change, so
//   scaling or relabelling a service never restarts its tasks. It takes the version the update was
//   based on (the service's meta.version before it), as SwarmKit does: the Raft index of the change
//   itself is unknown until it commits, and "the version read" is distinct and increasing too.
// - A service's name and mode are fixed: renaming or switching replicated↔global is refused.
import { isDeepStrictEqual } from 'node:util';
import type { CreateServiceRequest__Output } from '../../proto/gen/covey/v1/CreateServiceRequest.ts';
import type { CreateServiceResponse } from '../../proto/gen/covey/v1/CreateServiceResponse.ts';
import type { GetServiceRequest__Output } from '../../proto/gen/covey/v1/GetServiceRequest.ts';
import type { GetServiceResponse } from '../../proto/gen/covey/v1/GetServiceResponse.ts';
import type { ListServicesRequest__Output } from '../../proto/gen/covey/v1/ListServicesRequest.ts';
import type { ListServicesResponse } from '../../proto/gen/covey/v1/ListServicesResponse.ts';
import type { RemoveServiceRequest__Output } from '../../proto/gen/covey/v1/RemoveServiceRequest.ts';
import type { RemoveServiceResponse } from '../../proto/gen/covey/v1/RemoveServiceResponse.ts';
import type { Service, Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { UpdateServiceRequest__Output } from '../../proto/gen/covey/v1/UpdateServiceRequest.ts';
import type { UpdateServiceResponse } from '../../proto/gen/covey/v1/UpdateServiceResponse.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import { timestampFromMs } from '../../proto/time.ts';
import { serviceEndpoint } from '../orchestrator/service-endpoint.ts';
import { hasPreviousSpec, rolledBackService } from '../orchestrator/service-rollback.ts';
import { isPaused } from '../orchestrator/update-status.ts';
import { NotFoundError, VersionConflictError } from '../store/errors.ts';
import type { ControlContext } from './control-context.ts';
import { NoPreviousSpecError } from './control-errors.ts';
import { checkServiceFilters, serviceMatcher, sortedUnion } from './control-filters.ts';
import { takePage } from './control-paging.ts';
import { requireField, requireVersion } from './control-request-fields.ts';
import { withServiceDefaults } from './spec-defaults.ts';
import { validateServiceSpec } from './validate-service-spec.ts';
import { SpecValidationError } from './validation-error.ts';

function modeOf(spec: ServiceSpec__Output | null): 'replicated' | 'global' {
  return spec?.global !== null && spec?.global !== undefined ? 'global' : 'replicated';
}

/** Whether tasks made from `a` must be replaced to run `b`: the template or the published ports differ. */
function templateChanged(a: ServiceSpec__Output | null, b: ServiceSpec__Output): boolean {
  return !isDeepStrictEqual(a?.task ?? null, b.task) || !isDeepStrictEqual(a?.endpoint ?? null, b.endpoint);
}

export function getStoredService(ctx: ControlContext, id: string): Service__Output {
  const service = ctx.store.get('service', id);
  if (service === undefined) throw new NotFoundError('service', id);
  return service;
}

/** The stored object after a write; what was proposed when a later change already replaced it. */
function afterWrite(ctx: ControlContext, proposed: Service, index: number): Service {
  const id = proposed.id ?? '';
  const stored = ctx.store.get('service', id);
  return stored ?? { ...proposed, meta: { ...proposed.meta, version: index } };
}

export async function createService(
  ctx: ControlContext,
  req: CreateServiceRequest__Output,
): Promise<CreateServiceResponse> {
  const spec = requireField('spec', req.spec);
  validateServiceSpec(spec);
  const service: Service = {
    id: ctx.newId(),
    spec,
    specVersion: 0,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: null,
    endpoint: serviceEndpoint(spec),
  };
  // Name uniqueness is the store's: a NameConflictError comes back from apply.
  const applied = await ctx.proposer.propose([{ createService: service }]);
  return { service: afterWrite(ctx, service, applied.index) };
}

export function getService(ctx: ControlContext, req: GetServiceRequest__Output): GetServiceResponse {
  const service = getStoredService(ctx, requireField('serviceId', req.serviceId));
  if (!req.insertDefaults) return { service };
  return {
    service: {
      ...service,
      spec: service.spec === null ? null : withServiceDefaults(service.spec),
      previousSpec: service.previousSpec === null ? null : withServiceDefaults(service.previousSpec),
    },
  };
}

/** The most selective index lookup the filters allow, as id-sorted candidates. */
function candidates(ctx: ControlContext, req: ListServicesRequest__Output): readonly Service__Output[] {
  const f = req.filters;
  if (f === null) return ctx.store.find('service');
  if (f.names.length > 0) return sortedUnion(f.names.map((name) => ctx.store.find('service', { name })));
  if (f.idPrefixes.length > 0) {
    return sortedUnion(f.idPrefixes.map((idPrefix) => ctx.store.find('service', { idPrefix })));
  }
  const labels = Object.entries(f.labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  return ctx.store.find('service', labels.length > 0 ? { labels } : {});
}

export function listServices(ctx: ControlContext, req: ListServicesRequest__Output): ListServicesResponse {
  checkServiceFilters(req.filters);
  const page = takePage(candidates(ctx, req), serviceMatcher(req.filters), req);
  return { services: page.items, nextPageToken: page.nextPageToken };
}

function checkImmutable(current: ServiceSpec__Output | null, next: ServiceSpec__Output): void {
  const name = current?.annotations?.name ?? '';
  const nextName = next.annotations?.name ?? '';
  if (name !== nextName) {
    throw new SpecValidationError(
      'spec.annotations.name',
      `a service cannot be renamed (${JSON.stringify(name)} → ${JSON.stringify(nextName)}); create a new service`,
    );
  }
  const mode = modeOf(current);
  const nextMode = modeOf(next);
  if (mode !== nextMode) {
    throw new SpecValidationError(
      'spec.mode',
      `a service's mode cannot change (${mode} → ${nextMode}); remove the service and create it again`,
    );
  }
}

function rolledBack(ctx: ControlContext, current: Service__Output): Service__Output {
  if (!hasPreviousSpec(current)) throw new NoPreviousSpecError(current.id);
  return rolledBackService(current, {
    state: UpdateState.UPDATE_STATE_ROLLBACK_STARTED,
    startedAt: timestampFromMs(ctx.now()),
    completedAt: null,
    message: 'manually requested rollback',
  });
}

function updated(current: Service__Output, spec: ServiceSpec__Output): Service {
  validateServiceSpec(spec);
  checkImmutable(current.spec, spec);
  const version = current.meta?.version ?? 0;
  const changed = templateChanged(current.spec, spec);
  return {
    ...current,
    spec,
    specVersion: changed ? version : current.specVersion,
    previousSpec: current.spec,
    previousSpecVersion: current.specVersion,
    // A new template starts a new update, and any update resumes a paused one (the planner starts
    // afresh from a cleared status, as SwarmKit's does); a scale keeps a rollout's status going.
    updateStatus: changed || isPaused(current.updateStatus) ? null : current.updateStatus,
    endpoint: serviceEndpoint(spec),
  };
}

export async function updateService(
  ctx: ControlContext,
  req: UpdateServiceRequest__Output,
): Promise<UpdateServiceResponse> {
  const id = requireField('serviceId', req.serviceId);
  const expected = requireVersion('serviceVersion', req.serviceVersion);
  const spec = req.rollback ? null : requireField('spec', req.spec);
  // Read-modify-write: the local store must hold what the caller may have read elsewhere.
  await ctx.readBarrier();
  const current = getStoredService(ctx, id);
  const actual = current.meta?.version ?? 0;
  if (actual !== expected) throw new VersionConflictError('service', id, expected, actual);
  const next = spec === null ? rolledBack(ctx, current) : updated(current, spec);
  const applied = await ctx.proposer.propose([{ updateService: next, expectedVersion: expected }]);
  return { service: afterWrite(ctx, next, applied.index) };
}

export async function removeService(
  ctx: ControlContext,
  req: RemoveServiceRequest__Output,
): Promise<RemoveServiceResponse> {
  const id = requireField('serviceId', req.serviceId);
  await ctx.readBarrier();
  const current = getStoredService(ctx, id);
  // No version in the request: removal is unconditional (0 skips the check), and the orchestrator
  // then stops and reaps the tasks.
  await ctx.proposer.propose([{ deleteService: current, expectedVersion: 0 }]);
  return {};
}
