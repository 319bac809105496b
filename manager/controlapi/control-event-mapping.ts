// A store change as the ClusterEvent the Events stream sends: type, action, Raft index, proposal
// time and Docker-style attributes (`name`, `service.id`, `node.id`, `state.old`/`state.new`, …),
// with the object itself on request — a cluster always without its CA key.
import type { ClusterEvent } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import type { Timestamp__Output } from '../../proto/gen/google/protobuf/Timestamp.ts';
import { timestampFromMs } from '../../proto/time.ts';
import type { StoreEvent, StoreEventOf } from '../store/store-event.ts';
import { redactCluster } from './control-cluster.ts';

export const MAX_EVENT_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_BYTES = 1024;

const TYPE_OF_KIND = {
  service: EventType.EVENT_TYPE_SERVICE,
  task: EventType.EVENT_TYPE_TASK,
  node: EventType.EVENT_TYPE_NODE,
  cluster: EventType.EVENT_TYPE_CLUSTER,
} as const;

const ACTION_OF_OP = {
  create: EventAction.EVENT_ACTION_CREATE,
  update: EventAction.EVENT_ACTION_UPDATE,
  delete: EventAction.EVENT_ACTION_REMOVE,
} as const;

/** `TASK_STATE_RUNNING` → `running`: the word Docker prints. */
function word(values: Readonly<Record<string, number>>, prefix: string, value: number): string {
  for (const [key, v] of Object.entries(values))
    if (v === value) return key.slice(prefix.length).toLowerCase();
  return String(value);
}

type Attributes = Record<string, string>;

/** `key.new` always (when known), `key.old` when an update changed it. */
function change(attrs: Attributes, key: string, now: string, before: string | undefined): void {
  attrs[`${key}.new`] = now;
  if (before !== undefined && before !== now) attrs[`${key}.old`] = before;
}

function serviceAttributes(e: StoreEventOf<'service'>): Attributes {
  const attrs: Attributes = { name: e.object.spec?.annotations?.name ?? '' };
  const state = e.object.updateStatus?.state;
  const before = e.oldObject?.updateStatus?.state;
  if (state !== undefined && state !== UpdateState.UPDATE_STATE_UNKNOWN && state !== before) {
    const name = (s: number) => word(UpdateState, 'UPDATE_STATE_', s);
    change(attrs, 'updatestate', name(state), before === undefined ? undefined : name(before));
  }
  return attrs;
}

function taskAttributes(e: StoreEventOf<'task'>): Attributes {
  const t = e.object;
  const service = t.serviceAnnotations?.name ?? '';
  const attrs: Attributes = {
    name: `${service}.${t.slot > 0 ? t.slot : t.nodeId}`,
    'service.id': t.serviceId,
  };
  if (t.nodeId !== '') attrs['node.id'] = t.nodeId;
  const name = (s: number) => word(TaskState, 'TASK_STATE_', s);
  const before = e.oldObject?.status?.state;
  change(
    attrs,
    'state',
    name(t.status?.state ?? TaskState.TASK_STATE_NEW),
    before === undefined ? undefined : name(before),
  );
  return attrs;
}

function nodeAttributes(e: StoreEventOf<'node'>): Attributes {
  const n = e.object;
  const old = e.oldObject;
  const attrs: Attributes = { name: n.description?.hostname || n.spec?.annotations?.name || n.id };
  const availability = (v: number) => word(NodeAvailability, 'NODE_AVAILABILITY_', v);
  const state = (v: number) => word(NodeState, 'NODE_STATE_', v);
  const role = (v: number) => word(NodeRole, 'NODE_ROLE_', v);
  change(
    attrs,
    'availability',
    availability(n.spec?.availability ?? 0),
    old && availability(old.spec?.availability ?? 0),
  );
  change(attrs, 'state', state(n.status?.state ?? 0), old && state(old.status?.state ?? 0));
  change(attrs, 'role', role(n.role), old && role(old.role));
  return attrs;
}

function attributesOf(e: StoreEvent): Attributes {
  switch (e.kind) {
    case 'service':
      return serviceAttributes(e);
    case 'task':
      return taskAttributes(e);
    case 'node':
      return nodeAttributes(e);
    case 'cluster':
      return { name: e.object.spec?.annotations?.name || 'default' };
  }
}

/** The proto's bounds: at most 32 entries of at most 1 KiB (values cut at a character boundary). */
function bounded(attrs: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs).slice(0, MAX_EVENT_ATTRIBUTES)) {
    let v = value;
    while (Buffer.byteLength(v) > MAX_ATTRIBUTE_BYTES) v = v.slice(0, Math.floor(v.length * 0.9));
    out[key] = v;
  }
  return out;
}

/**
 * The time the leader proposed the change: the store stamps it into meta.updated_at. A delete does
 * not touch meta, so it gets `nowMs` (this manager's clock when it saw the change).
 */
export function eventTime(e: StoreEvent, nowMs: number): Timestamp__Output {
  const stamped = e.action === 'delete' ? null : e.object.meta?.updatedAt;
  return stamped ?? timestampFromMs(nowMs);
}

export function toClusterEvent(e: StoreEvent, time: Timestamp__Output, includeObject: boolean): ClusterEvent {
  const event: ClusterEvent = {
    version: e.version,
    time,
    type: TYPE_OF_KIND[e.kind],
    action: ACTION_OF_OP[e.action],
    objectId: e.object.id,
    attributes: bounded(attributesOf(e)),
  };
  if (!includeObject) return event;
  switch (e.kind) {
    case 'service':
      return { ...event, service: e.object };
    case 'task':
      return { ...event, task: e.object };
    case 'node':
      return { ...event, node: e.object };
    case 'cluster':
      return { ...event, cluster: redactCluster(e.object) };
  }
}
