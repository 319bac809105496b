// ControlService services over real gRPC with mTLS: create/get/list (filters, paging), update
// (versions, previous spec, spec_version, rollback, immutable name and mode), remove, statuses.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import {
  NodeAvailability,
  type NodeAvailability__Output,
} from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState, type NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { controlClient, startControlServer, unary } from './control-harness.ts';

function spec(name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    annotations: { name, labels: { tier: 'front' } },
    task: { container: { image: 'nginx:1.25' } },
    replicated: { replicas: 2 },
    ...extra,
  };
}

t.test('create, get and list a service', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const { service } = await unary(client, 'CreateService', { spec: spec('web') });
  t.ok(service, 'the created service is returned');
  const id = service?.id ?? '';
  t.equal(id.length, 25, 'a 25-character id');
  t.equal(service?.meta?.version, server.store.lastBatchIndex, 'meta.version is the index of the batch');
  t.equal(service?.specVersion, 0);
  t.equal(server.store.get('service', id)?.spec?.annotations?.name, 'web', 'stored');
  t.same(service?.spec?.updateConfig, null, 'the spec is stored as given (no defaults written)');

  const got = await unary(client, 'GetService', { serviceId: id });
  t.same(got.service, service);
  const withDefaults = await unary(client, 'GetService', { serviceId: id, insertDefaults: true });
  t.equal(
    withDefaults.service?.spec?.updateConfig?.parallelism,
    1,
    'insert_defaults fills SwarmKit defaults',
  );
  t.equal(withDefaults.service?.spec?.task?.restart?.delay?.seconds, 5);
  t.ok(server.barriers >= 2, 'reads wait for the read barrier');

  const listed = await unary(client, 'ListServices', {});
  t.same(
    listed.services.map((s) => s.id),
    [id],
  );
  t.equal(listed.nextPageToken, '');
});

t.test('refusals: invalid spec, missing spec, duplicate name, unknown id', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  await t.rejects(
    unary(client, 'CreateService', {
      spec: spec('web', {
        task: { container: { image: 'nginx' }, resources: { limits: { memoryBytes: 1024 } } },
      }),
    }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: /^spec\.task\.resources\.limits\.memoryBytes: must be ≥ 4 MiB/,
    },
  );
  await t.rejects(unary(client, 'CreateService', {}), {
    code: grpc.status.INVALID_ARGUMENT,
    details: 'spec: required',
  });
  await t.rejects(
    unary(client, 'CreateService', { spec: { ...spec(''), task: { container: { image: '' } } } }),
    { code: grpc.status.INVALID_ARGUMENT, details: /2 problems in spec:\nspec\.annotations\.name: required/ },
  );
  t.equal(server.store.count('service'), 0, 'nothing was stored');

  const { service } = await unary(client, 'CreateService', { spec: spec('web') });
  await t.rejects(unary(client, 'CreateService', { spec: spec('WEB') }), {
    code: grpc.status.ALREADY_EXISTS,
    details: `service name "WEB" is already in use by service ${service?.id}`,
  });

  const missing = 'nosuchservice000000000000';
  await t.rejects(unary(client, 'GetService', { serviceId: missing }), {
    code: grpc.status.NOT_FOUND,
    details: `service ${missing} not found`,
  });
  await t.rejects(unary(client, 'RemoveService', { serviceId: missing }), { code: grpc.status.NOT_FOUND });
  await t.rejects(
    unary(client, 'UpdateService', { serviceId: missing, serviceVersion: 3, spec: spec('web') }),
    { code: grpc.status.NOT_FOUND, details: new RegExp(missing) },
  );
  await t.rejects(unary(client, 'GetTask', { taskId: missing }), {
    code: grpc.status.NOT_FOUND,
    details: `task ${missing} not found`,
  });
  await t.rejects(unary(client, 'GetService', { serviceId: '' }), {
    code: grpc.status.INVALID_ARGUMENT,
    details: 'serviceId: required',
  });
});

t.test('list filters and paging', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const ids: string[] = [];
  for (const [name, tier] of [
    ['a', 'front'],
    ['b', 'back'],
    ['c', 'front'],
    ['d', 'back'],
    ['e', ''],
  ] as const) {
    const labels: Record<string, string> = tier === '' ? {} : { tier };
    const { service } = await unary(client, 'CreateService', {
      spec: { ...spec(name), annotations: { name, labels } },
    });
    ids.push(service?.id ?? '');
  }
  const names = async (filters: object) =>
    (await unary(client, 'ListServices', { filters })).services.map((s) => s.spec?.annotations?.name);

  t.same(await names({ names: ['b', 'D', 'zzz'] }), ['b', 'd'], 'names, without case');
  t.same(await names({ labels: { tier: 'front' } }), ['a', 'c'], 'label with value');
  t.same(await names({ labels: { tier: '' } }), ['a', 'b', 'c', 'd'], 'label key only');
  t.same(await names({ idPrefixes: [ids[1], ids[3]] }), ['b', 'd'], 'id prefixes');
  t.same(await names({ names: ['a', 'b'], labels: { tier: 'back' } }), ['b'], 'filters combine with AND');

  const pages: string[][] = [];
  let token = '';
  do {
    const page = await unary(client, 'ListServices', { pageSize: 2, pageToken: token });
    pages.push(page.services.map((s) => s.id));
    token = page.nextPageToken;
  } while (token !== '');
  t.same(pages, [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)], 'pages of 2 in id order, last one ends it');

  const filtered = await unary(client, 'ListServices', {
    filters: { labels: { tier: 'back' } },
    pageSize: 1,
  });
  t.same(
    filtered.services.map((s) => s.id),
    [ids[1]],
  );
  t.equal(filtered.nextPageToken, ids[1], 'the token is the last id returned');
  const last = await unary(client, 'ListServices', {
    filters: { labels: { tier: 'back' } },
    pageSize: 1,
    pageToken: filtered.nextPageToken,
  });
  t.same(
    last.services.map((s) => s.id),
    [ids[3]],
  );
  t.equal(last.nextPageToken, '', 'no token when no further item matches');

  await t.rejects(
    unary(client, 'ListServices', { filters: { names: Array.from({ length: 101 }, (_, i) => `n${i}`) } }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: 'filters.names: at most 100 entries, got 101',
    },
  );
  await t.rejects(unary(client, 'ListServices', { pageToken: 'x'.repeat(300) }), {
    code: grpc.status.INVALID_ARGUMENT,
    details: /^pageToken:/,
  });
});

t.test('update: versions, previous spec, spec_version, rollback, fixed name and mode', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const created = (await unary(client, 'CreateService', { spec: spec('web') })).service;
  const id = created?.id ?? '';
  const v1 = created?.meta?.version ?? 0;

  const scaled = (
    await unary(client, 'UpdateService', {
      serviceId: id,
      serviceVersion: v1,
      spec: spec('web', { replicated: { replicas: 5 } }),
    })
  ).service;
  t.equal(scaled?.spec?.replicated?.replicas, 5);
  t.equal(scaled?.previousSpec?.replicated?.replicas, 2, 'the old spec moved to previous_spec');
  t.equal(scaled?.specVersion, 0, 'scaling leaves the template, so spec_version stays');
  const v2 = scaled?.meta?.version ?? 0;
  t.ok(v2 > v1);

  await t.rejects(unary(client, 'UpdateService', { serviceId: id, serviceVersion: v1, spec: spec('web') }), {
    code: grpc.status.FAILED_PRECONDITION,
    details: `service ${id} changed since it was read: the update expected version ${v1} but the stored version is ${v2}; read it again and retry`,
  });
  await t.rejects(unary(client, 'UpdateService', { serviceId: id, spec: spec('web') }), {
    code: grpc.status.INVALID_ARGUMENT,
    details: /^serviceVersion: required/,
  });

  const reimaged = (
    await unary(client, 'UpdateService', {
      serviceId: id,
      serviceVersion: v2,
      spec: spec('web', { replicated: { replicas: 5 }, task: { container: { image: 'nginx:1.26' } } }),
    })
  ).service;
  t.equal(reimaged?.specVersion, v2, 'a template change takes the version it was based on');
  t.equal(reimaged?.previousSpecVersion, 0);
  const v3 = reimaged?.meta?.version ?? 0;

  await t.rejects(unary(client, 'UpdateService', { serviceId: id, serviceVersion: v3, spec: spec('api') }), {
    code: grpc.status.INVALID_ARGUMENT,
    details: /^spec\.annotations\.name: a service cannot be renamed/,
  });
  await t.rejects(
    unary(client, 'UpdateService', {
      serviceId: id,
      serviceVersion: v3,
      spec: { annotations: { name: 'web' }, task: { container: { image: 'nginx' } }, global: {} },
    }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: /^spec\.mode: a service's mode cannot change \(replicated → global\)/,
    },
  );

  const rolled = (await unary(client, 'UpdateService', { serviceId: id, serviceVersion: v3, rollback: true }))
    .service;
  t.equal(rolled?.spec?.task?.container?.image, 'nginx:1.25', 'rollback restores the previous spec');
  t.equal(rolled?.specVersion, 0, 'with its version');
  t.equal(rolled?.previousSpec?.task?.container?.image, 'nginx:1.26');
  t.equal(rolled?.previousSpecVersion, v2);
  t.equal(rolled?.updateStatus?.state, UpdateState.UPDATE_STATE_ROLLBACK_STARTED);

  // A scale leaves a rollout going; a paused one is resumed (cleared) by any update.
  const rescaled = (
    await unary(client, 'UpdateService', {
      serviceId: id,
      serviceVersion: rolled?.meta?.version ?? 0,
      spec: { ...spec('web', { replicated: { replicas: 6 } }), task: rolled?.spec?.task ?? null },
    })
  ).service;
  t.equal(
    rescaled?.updateStatus?.state,
    UpdateState.UPDATE_STATE_ROLLBACK_STARTED,
    'a scale keeps the rollback',
  );
  const stored = server.store.get('service', id)!;
  const pausedStatus = { ...stored.updateStatus!, state: UpdateState.UPDATE_STATE_PAUSED };
  await server.proposer.propose([
    { updateService: { ...stored, updateStatus: pausedStatus }, expectedVersion: stored.meta!.version },
  ]);
  const paused = server.store.get('service', id)!;
  const resumed = (
    await unary(client, 'UpdateService', {
      serviceId: id,
      serviceVersion: paused.meta!.version,
      spec: { ...spec('web', { replicated: { replicas: 7 } }), task: rolled?.spec?.task ?? null },
    })
  ).service;
  t.equal(resumed?.updateStatus, null, 'an update resumes a paused rollout');

  const other = (await unary(client, 'CreateService', { spec: spec('other') })).service;
  await t.rejects(
    unary(client, 'UpdateService', {
      serviceId: other?.id ?? '',
      serviceVersion: other?.meta?.version ?? 0,
      rollback: true,
    }),
    { code: grpc.status.FAILED_PRECONDITION, details: /has no previous spec/ },
  );
});

t.test('remove a service', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const id = (await unary(client, 'CreateService', { spec: spec('web') })).service?.id ?? '';
  t.same(await unary(client, 'RemoveService', { serviceId: id }), {});
  t.equal(server.store.get('service', id), undefined);
  await t.rejects(unary(client, 'GetService', { serviceId: id }), { code: grpc.status.NOT_FOUND });
});

t.test('service statuses: replicas and eligible nodes against running tasks', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  const rep = (await unary(client, 'CreateService', { spec: spec('rep', { replicated: { replicas: 3 } }) }))
    .service;
  const glob = (
    await unary(client, 'CreateService', {
      spec: {
        annotations: { name: 'glob' },
        task: { container: { image: 'agent' }, placement: { constraints: ['node.labels.zone==east'] } },
        global: {},
      },
    })
  ).service;
  const node = (
    id: string,
    zone: string,
    state: NodeState__Output,
    availability: NodeAvailability__Output,
  ) => ({
    createNode: {
      id,
      spec: { annotations: { labels: { zone } }, availability, desiredRole: NodeRole.NODE_ROLE_WORKER },
      status: { state },
      role: NodeRole.NODE_ROLE_WORKER,
    },
  });
  await server.proposer.propose([
    node('n1', 'east', NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_ACTIVE),
    node('n2', 'east', NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_ACTIVE),
    node('n3', 'west', NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_ACTIVE),
    node('n4', 'east', NodeState.NODE_STATE_DOWN, NodeAvailability.NODE_AVAILABILITY_ACTIVE),
    node('n5', 'east', NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_DRAIN),
  ]);
  const task = (id: string, serviceId: string, desired: TaskState__Output, state: TaskState__Output) => ({
    createTask: { id, serviceId, desiredState: desired, status: { state }, slot: 1 },
  });
  const R = TaskState.TASK_STATE_RUNNING;
  await server.proposer.propose([
    task('t1', rep?.id ?? '', R, R),
    task('t2', rep?.id ?? '', R, TaskState.TASK_STATE_PREPARING),
    task('t3', rep?.id ?? '', TaskState.TASK_STATE_SHUTDOWN, R),
    task('t4', glob?.id ?? '', R, R),
  ]);
  const { statuses } = await unary(client, 'ListServiceStatuses', {
    serviceIds: [glob?.id ?? '', 'missing', rep?.id ?? ''],
  });
  t.same(statuses, [
    { serviceId: glob?.id, desiredTasks: 2, runningTasks: 1 },
    { serviceId: rep?.id, desiredTasks: 3, runningTasks: 1 },
  ]);
  await t.rejects(
    unary(client, 'ListServiceStatuses', { serviceIds: Array.from({ length: 1001 }, () => 'x') }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: 'serviceIds: at most 1000 entries, got 1001',
    },
  );
});
