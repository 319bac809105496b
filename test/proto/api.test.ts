// The covey.v1 API files: they load with the project's options, each service has the RPCs and
// streaming shapes the manager, agent and CLI rely on, fully populated objects survive the wire,
// the conventions of types.proto hold, and proto/gen is what `npm run proto` makes of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MethodDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import t from 'tap';
import { AssignmentsType } from '../../proto/gen/covey/v1/AssignmentsType.ts';
import type {
  ControlServiceClient,
  ControlServiceHandlers,
} from '../../proto/gen/covey/v1/ControlService.ts';
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import {
  COVEY_PROTO_FILES,
  loadCaProto,
  loadControlProto,
  loadCoveyProto,
  loadDispatcherProto,
  loadPackageDefinition,
  loadProtobufRoot,
  loadRaftProto,
  PROTO_ROOT,
} from '../../proto/load.ts';
import { nodeFixture, processTaskFixture, serviceFixture, taskFixture, ts } from './fixtures.ts';
import { listFiles, regenerateProto } from './regenerate.ts';

// ---------------------------------------------------------------------------------------------
// Reflection helpers (protobufjs, same field names as proto-loader)

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function isPopulated(field: protobuf.Field, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (field.map) return isRecord(v) && Object.keys(v).length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (Buffer.isBuffer(v)) return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'boolean') return v;
  return isRecord(v); // a present message, even an empty one like GlobalService
}

/** Adds `Type.field` for every field set to a non-default value anywhere in value. */
function markPopulated(type: protobuf.Type, value: Record<string, unknown>, seen: Set<string>): void {
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (!isPopulated(field, v)) continue;
    seen.add(`${type.fullName}.${field.name}`);
    const sub = field.resolvedType;
    if (!(sub instanceof protobuf.Type)) continue;
    const items: unknown[] = field.map && isRecord(v) ? Object.values(v) : Array.isArray(v) ? v : [v];
    for (const item of items) if (isRecord(item)) markPopulated(sub, item, seen);
  }
}

/** Every `Type.field` of the message types reachable from type. */
function reachableFields(
  type: protobuf.Type,
  out = new Set<string>(),
  visited = new Set<string>(),
): Set<string> {
  if (visited.has(type.fullName)) return out;
  visited.add(type.fullName);
  for (const field of type.fieldsArray) {
    out.add(`${type.fullName}.${field.name}`);
    if (field.resolvedType instanceof protobuf.Type) reachableFields(field.resolvedType, out, visited);
  }
  return out;
}

/** Every message type declared in covey.v1 outside raft.proto. */
function apiMessageTypes(root: protobuf.Root): protobuf.Type[] {
  const ns = root.lookup('covey.v1');
  if (!(ns instanceof protobuf.Namespace)) throw new Error('covey.v1 not found');
  return ns.nestedArray.filter(
    (n): n is protobuf.Type =>
      n instanceof protobuf.Type && !n.name.startsWith('Raft') && n.name !== 'StreamAck',
  );
}

function apiEnums(root: protobuf.Root): protobuf.Enum[] {
  const ns = root.lookup('covey.v1');
  if (!(ns instanceof protobuf.Namespace)) throw new Error('covey.v1 not found');
  return ns.nestedArray.filter(
    (n): n is protobuf.Enum => n instanceof protobuf.Enum && !n.name.startsWith('Raft'),
  );
}

const root = loadProtobufRoot(COVEY_PROTO_FILES);
root.resolveAll();

// ---------------------------------------------------------------------------------------------

t.test('every covey.v1 file loads with the project loader options', async (t) => {
  const onDisk = readdirSync(join(PROTO_ROOT, 'covey', 'v1'))
    .filter((f) => f.endsWith('.proto'))
    .map((f) => `covey/v1/${f}`)
    .sort();
  t.same([...COVEY_PROTO_FILES].sort(), onDisk, 'COVEY_PROTO_FILES lists every .proto file');
  for (const file of COVEY_PROTO_FILES) {
    const definition = loadPackageDefinition([file]);
    t.ok(Object.keys(definition).length > 0, `${file} loads on its own (its imports resolve)`);
  }
  const all = loadCoveyProto().covey.v1;
  t.ok(all.ControlService.service && all.DispatcherService.service, 'the combined loader has every service');
  t.ok(all.CAService.service && all.RaftService.service);
  t.equal(root.lookupType('google.protobuf.Timestamp').fullName, '.google.protobuf.Timestamp');
  t.same(
    Object.keys(root.lookupType('covey.v1.Task').fields).slice(0, 5),
    ['id', 'meta', 'spec', 'specVersion', 'serviceId'],
    'protobufjs reflection camelCases field names as proto-loader does',
  );
});

interface Shape {
  readonly stream: 'unary' | 'server' | 'client';
  readonly request: string;
  readonly response: string;
}

const unary = (name: string): Shape => ({
  stream: 'unary',
  request: `${name}Request`,
  response: `${name}Response`,
});

const EXPECTED: Record<string, Record<string, Shape>> = {
  ControlService: {
    CreateService: unary('CreateService'),
    GetService: unary('GetService'),
    ListServices: unary('ListServices'),
    UpdateService: unary('UpdateService'),
    RemoveService: unary('RemoveService'),
    ListServiceStatuses: unary('ListServiceStatuses'),
    GetTask: unary('GetTask'),
    ListTasks: unary('ListTasks'),
    GetNode: unary('GetNode'),
    ListNodes: unary('ListNodes'),
    UpdateNode: unary('UpdateNode'),
    RemoveNode: unary('RemoveNode'),
    GetCluster: unary('GetCluster'),
    UpdateCluster: unary('UpdateCluster'),
    Events: { stream: 'server', request: 'EventsRequest', response: 'EventsResponse' },
    ServiceLogs: { stream: 'server', request: 'ServiceLogsRequest', response: 'ServiceLogsResponse' },
  },
  DispatcherService: {
    Session: { stream: 'server', request: 'SessionRequest', response: 'SessionMessage' },
    Heartbeat: unary('Heartbeat'),
    Assignments: { stream: 'server', request: 'AssignmentsRequest', response: 'AssignmentsMessage' },
    UpdateTaskStatus: unary('UpdateTaskStatus'),
    PublishLogs: { stream: 'client', request: 'PublishLogsRequest', response: 'PublishLogsResponse' },
  },
  CAService: {
    GetRootCACertificate: unary('GetRootCACertificate'),
    IssueNodeCertificate: unary('IssueNodeCertificate'),
    RenewNodeCertificate: unary('RenewNodeCertificate'),
  },
  RaftService: {
    Stream: { stream: 'client', request: 'RaftBatch', response: 'StreamAck' },
  },
};

/** The `name` of a proto-loader type definition's descriptor (typed only as `object` there). */
function descriptorName(definition: unknown): unknown {
  return isRecord(definition) && isRecord(definition.type) ? definition.type.name : undefined;
}

t.test('each service has the expected RPCs, message types and streaming flags', async (t) => {
  const definitions: Record<string, grpc.ServiceDefinition> = {
    ControlService: loadControlProto().covey.v1.ControlService.service,
    DispatcherService: loadDispatcherProto().covey.v1.DispatcherService.service,
    CAService: loadCaProto().covey.v1.CAService.service,
    RaftService: loadRaftProto().covey.v1.RaftService.service,
  };
  for (const [service, methods] of Object.entries(EXPECTED)) {
    const definition = definitions[service];
    if (definition === undefined) {
      t.fail(`${service} missing`);
      continue;
    }
    t.same(Object.keys(definition).sort(), Object.keys(methods).sort(), `${service}: exactly these RPCs`);
    for (const [name, shape] of Object.entries(methods)) {
      const m = definition[name];
      if (m === undefined) continue;
      t.equal(m.path, `/covey.v1.${service}/${name}`, `${service}.${name} path`);
      t.equal(m.requestStream, shape.stream === 'client', `${service}.${name} request streaming`);
      t.equal(m.responseStream, shape.stream === 'server', `${service}.${name} response streaming`);
      const types = m as Partial<MethodDefinition<unknown, unknown>>;
      t.equal(descriptorName(types.requestType), shape.request, `${service}.${name} request type`);
      t.equal(descriptorName(types.responseType), shape.response, `${service}.${name} response type`);
    }
  }
});

t.test('every Update* RPC carries the version the caller read (optimistic updates)', async (t) => {
  const service = root.lookupService('covey.v1.ControlService');
  const updates = service.methodsArray.filter((m) => m.name.startsWith('Update'));
  t.same(updates.map((m) => m.name).sort(), ['UpdateCluster', 'UpdateNode', 'UpdateService']);
  for (const method of updates) {
    const request = root.lookupType(method.requestType);
    const noun = method.name.slice('Update'.length).toLowerCase();
    const version = request.fields[`${noun}Version`];
    t.equal(version?.type, 'uint64', `${method.requestType}.${noun}_version is a uint64 Raft index`);
    t.ok(request.fields[`${noun}Id`], `${method.requestType} names the object by ${noun}_id`);
  }
});

t.test('every stored object has id, meta {version, created_at, updated_at} and spec', async (t) => {
  for (const name of ['Cluster', 'Node', 'Service', 'Task', 'Secret', 'Config']) {
    const type = root.lookupType(`covey.v1.${name}`);
    t.equal(type.fields.id?.type, 'string', `${name}.id`);
    t.equal(type.fields.meta?.resolvedType?.fullName, '.covey.v1.Meta', `${name}.meta`);
    t.match(type.fields.spec?.resolvedType?.name, /Spec$/, `${name}.spec`);
  }
  const meta = root.lookupType('covey.v1.Meta');
  t.equal(meta.fields.version?.type, 'uint64');
  t.equal(meta.fields.createdAt?.resolvedType?.fullName, '.google.protobuf.Timestamp');
  t.equal(meta.fields.updatedAt?.resolvedType?.fullName, '.google.protobuf.Timestamp');
});

t.test('time is Timestamp and Duration everywhere, never raw integers', async (t) => {
  const pointInTime = /(At|^timestamp|^since|^until|^time|^notBefore|^notAfter)$/;
  const span = /(Period|period|[dD]elay|[mM]onitor|[iI]nterval|[tT]imeout|[wW]indow|[gG]race|[eE]xpiry)$/;
  let checked = 0;
  for (const type of apiMessageTypes(root)) {
    for (const field of type.fieldsArray) {
      const where = `${type.name}.${field.name}`;
      t.notMatch(field.name, /(Ms|Millis|Seconds|Nanos|Unix)$/, `${where}: no unit-suffixed time integers`);
      if (pointInTime.test(field.name)) {
        checked++;
        t.equal(field.resolvedType?.fullName, '.google.protobuf.Timestamp', `${where} is a Timestamp`);
      } else if (span.test(field.name)) {
        checked++;
        t.equal(field.resolvedType?.fullName, '.google.protobuf.Duration', `${where} is a Duration`);
      }
    }
  }
  t.ok(checked >= 25, `${checked} time fields checked`);
});

t.test('enum values carry their enum name as prefix (values are package-scoped)', async (t) => {
  const enums = apiEnums(root);
  t.ok(enums.length >= 15, `${enums.length} enums`);
  for (const e of enums) {
    const prefix = `${e.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_`;
    for (const value of Object.keys(e.values)) {
      if (!value.startsWith(prefix)) t.fail(`${e.name}.${value} does not start with ${prefix}`);
    }
  }
});

t.test('TaskState numbers follow the lifecycle (Swarm order and values)', async (t) => {
  const lifecycle = [
    'NEW',
    'PENDING',
    'ASSIGNED',
    'ACCEPTED',
    'PREPARING',
    'READY',
    'STARTING',
    'RUNNING',
    'COMPLETE',
    'SHUTDOWN',
    'FAILED',
    'REJECTED',
    'REMOVE',
    'ORPHANED',
  ].map((s) => `TASK_STATE_${s}`);
  const swarmNumbers = [0, 64, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 800, 832];
  t.same(Object.keys(TaskState), lifecycle, 'generated TaskState lists the states in lifecycle order');
  t.same(Object.values(TaskState), swarmNumbers, "with Swarm's numbers");
  for (let i = 1; i < swarmNumbers.length; i++) {
    const [before, after] = [swarmNumbers[i - 1] ?? -1, swarmNumbers[i] ?? -1];
    if (!(before < after)) t.fail(`${lifecycle[i - 1]} < ${lifecycle[i]}`);
  }
  const loaded: EnumTypeDefinition = loadCoveyProto().covey.v1.TaskState;
  const values: unknown = isRecord(loaded.type) ? loaded.type.value : undefined;
  t.same(
    Array.isArray(values) ? values.map((v: unknown) => (isRecord(v) ? [v.name, v.number] : v)) : values,
    lifecycle.map((name, i) => [name, swarmNumbers[i]]),
    'the loaded enum agrees with the generated one',
  );
  t.ok(TaskState.TASK_STATE_RUNNING > TaskState.TASK_STATE_ASSIGNED, '"only forward" is a comparison');
  t.ok(TaskState.TASK_STATE_FAILED > TaskState.TASK_STATE_RUNNING);
});

t.test('the fixtures set every field reachable from Service, Task and Node', async (t) => {
  const expected = new Set<string>();
  const seen = new Set<string>();
  const fixtures: [string, object[]][] = [
    ['Service', [serviceFixture]],
    ['Task', [taskFixture, processTaskFixture]],
    ['Node', [nodeFixture]],
  ];
  for (const [name, values] of fixtures) {
    const type = root.lookupType(`covey.v1.${name}`);
    reachableFields(type, expected);
    for (const value of values) markPopulated(type, value as Record<string, unknown>, seen);
  }
  const missing = [...expected].filter((f) => !seen.has(f));
  t.same(missing, [], 'no field is left at its default in every fixture');
  t.ok(expected.size > 100, `${expected.size} fields covered`);
});

t.test('Service, Task and Node round-trip through the generated method definitions', async (t) => {
  const control = loadControlProto().covey.v1.ControlService.service;
  const dispatcher = loadDispatcherProto().covey.v1.DispatcherService.service;

  const serviceFrame = control.GetService.responseSerialize({ service: serviceFixture });
  const service = control.GetService.responseDeserialize(serviceFrame).service;
  t.has(service, serviceFixture, 'Service: every field reads back');
  t.equal(service?.spec?.mode, 'replicated', 'the mode oneof is named');
  t.equal(service?.spec?.task?.runtime, 'container', 'the runtime oneof is named');
  t.equal(service?.previousSpec?.mode, 'global');
  t.equal(service?.previousSpec?.task?.runtime, 'process');
  t.equal(service?.spec?.updateConfig?.maxFailureRatio, 0.1, 'a double keeps 0.1 exact');
  // Not byte-identical: protobufjs writes every field present in the object, and defaults made the
  // decoded one carry its zeros too. The meaning must survive, though.
  const again = control.GetService.responseDeserialize(control.GetService.responseSerialize({ service }));
  t.same(again.service, service, 'a decoded object re-encodes to the same object');

  const taskFrame = dispatcher.Assignments.responseSerialize({
    changes: [{ assignment: { task: taskFixture } }, { assignment: { task: processTaskFixture } }],
  });
  const changes = dispatcher.Assignments.responseDeserialize(taskFrame).changes;
  t.has(changes[0]?.assignment?.task, taskFixture, 'Task (container): every field reads back');
  t.has(changes[1]?.assignment?.task, processTaskFixture, 'Task (process): every field reads back');
  t.equal(changes[0]?.assignment?.item, 'task');
  t.equal(changes[0]?.assignment?.task?.status?.runtimeStatus, 'containerStatus');
  t.equal(changes[1]?.assignment?.task?.status?.runtimeStatus, 'processStatus');
  t.equal(changes[1]?.assignment?.task?.status?.containerStatus, undefined, 'the other member stays absent');
  t.equal(changes[1]?.assignment?.task?.status?.timestamp, null, 'an absent message field reads as null');

  const nodeFrame = control.GetNode.responseSerialize({ node: nodeFixture });
  const node = control.GetNode.responseDeserialize(nodeFrame).node;
  t.has(node, nodeFixture, 'Node: every field reads back');
  t.equal(node?.status?.health?.loadAverage, 0.75);
  t.equal(typeof node?.meta?.createdAt?.seconds, 'number', 'int64 seconds decode as numbers');

  // Hot paths may encode with protobufjs directly (loadProtobufRoot): the same bytes.
  const Task = root.lookupType('covey.v1.Task');
  const direct = Buffer.from(Task.encode(Task.fromObject(taskFixture)).finish());
  const viaLoader = control.GetTask.responseSerialize({ task: taskFixture });
  const wrapped = Buffer.from(
    root
      .lookupType('covey.v1.GetTaskResponse')
      .encode({ task: Task.fromObject(taskFixture) })
      .finish(),
  );
  t.ok(Buffer.compare(viaLoader, wrapped) === 0, 'protobufjs and proto-loader encode a Task alike');
  t.ok(direct.length > 0 && wrapped.includes(direct), 'the task is embedded as is');
});

t.test('a typed client and server exchange the objects over gRPC', async (t) => {
  const api = loadControlProto().covey.v1;
  const server = new grpc.Server();
  const handlers: Pick<ControlServiceHandlers, 'GetService' | 'GetTask' | 'GetNode'> = {
    GetService: (call, callback) => {
      callback(null, call.request.serviceId === serviceFixture.id ? { service: serviceFixture } : {});
    },
    GetTask: (_call, callback) => callback(null, { task: processTaskFixture }),
    GetNode: (_call, callback) =>
      callback({ code: grpc.status.NOT_FOUND, details: 'node n9 not found', metadata: new grpc.Metadata() }),
  };
  server.addService(api.ControlService.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const client: ControlServiceClient = new api.ControlService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  t.teardown(() => {
    client.close();
    server.forceShutdown();
  });
  const call = <Res>(
    fn: (cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  ): Promise<Res | grpc.ServiceError> =>
    new Promise((resolve) => {
      fn((err, res) => resolve(err ?? (res as Res)));
    });

  const got = await call<{ service: unknown }>((cb) =>
    client.GetService({ serviceId: serviceFixture.id ?? '' }, cb),
  );
  t.has(got, { service: serviceFixture }, 'GetService returns the whole service');
  const task = await call<{ task: unknown }>((cb) => client.GetTask({ taskId: 'x' }, cb));
  t.has(task, { task: processTaskFixture }, 'GetTask returns the whole task');
  const missing = await call<object>((cb) => client.GetNode({ nodeId: 'n9' }, cb));
  t.match(missing, { code: grpc.status.NOT_FOUND, details: 'node n9 not found' }, 'errors carry a status');
  const unimplemented = await call<object>((cb) => client.ListNodes({}, cb));
  t.match(unimplemented, { code: grpc.status.UNIMPLEMENTED }, 'a handler left out is UNIMPLEMENTED');
});

t.test('events name the object they carry; a complete assignment set may span messages', async (t) => {
  const control = loadControlProto().covey.v1.ControlService.service;
  const frame = control.Events.responseSerialize({
    events: [
      {
        version: 7,
        time: ts(1_700_000_000),
        type: EventType.EVENT_TYPE_TASK,
        action: EventAction.EVENT_ACTION_UPDATE,
        objectId: taskFixture.id ?? '',
        attributes: { 'state.old': 'starting', 'state.new': 'running' },
        task: taskFixture,
      },
    ],
  });
  const [event] = control.Events.responseDeserialize(frame).events;
  t.equal(event?.object, 'task', 'the event names which object it carries');
  t.same(event?.attributes, { 'state.old': 'starting', 'state.new': 'running' });
  t.has(event?.task, taskFixture);

  const dispatcher = loadDispatcherProto().covey.v1.DispatcherService.service;
  const partial = dispatcher.Assignments.responseDeserialize(
    dispatcher.Assignments.responseSerialize({
      type: AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE,
      resultsIn: 'r1',
      more: true,
      changes: [],
    }),
  );
  t.same(
    { type: partial.type, appliesTo: partial.appliesTo, resultsIn: partial.resultsIn, more: partial.more },
    { type: AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE, appliesTo: '', resultsIn: 'r1', more: true },
    'a complete set may continue in the next message',
  );
});

t.test('proto/gen is what `npm run proto` generates from the .proto files', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'covey-api-gen-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  regenerateProto(out);
  const generated = listFiles(out);
  const committed = listFiles(join(PROTO_ROOT, 'gen'));
  t.same(committed, generated, 'same file list');
  for (const f of ['ca.ts', 'control.ts', 'dispatcher.ts', 'objects.ts', 'specs.ts', 'types.ts', 'raft.ts']) {
    t.ok(generated.includes(f), `${f} generated`);
  }
  t.ok(
    generated.includes('google/protobuf/Timestamp.ts') && generated.includes('google/protobuf/Duration.ts'),
  );
  let stale = 0;
  for (const f of generated) {
    if (readFileSync(join(out, f), 'utf8') !== readFileSync(join(PROTO_ROOT, 'gen', f), 'utf8')) {
      stale++;
      t.fail(`proto/gen/${f} is stale: run npm run proto`);
    }
  }
  t.equal(stale, 0, `${generated.length} generated files compared`);
});
