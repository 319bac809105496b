// Store changes as ClusterEvents: Docker-style attributes (old/new only when changed), the proposal
// time (the local clock for deletes), the proto's attribute bounds.
import t from 'tap';
import { eventTime, toClusterEvent } from '../../../manager/controlapi/control-event-mapping.ts';
import type { StoreEvent } from '../../../manager/store/store-event.ts';
import { EventAction } from '../../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../../proto/gen/covey/v1/EventType.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';

const stamp = { seconds: 1_700_000_000, nanos: 0 };

function node(availability: number, state: number): Node__Output {
  return {
    id: 'n1',
    meta: { version: 9, createdAt: stamp, updatedAt: stamp },
    spec: { annotations: null, desiredRole: NodeRole.NODE_ROLE_WORKER, availability: availability as 0 },
    description: {
      hostname: 'alpha',
      platform: null,
      resources: null,
      engine: null,
      runtimes: [],
      coveyVersion: '',
    },
    status: { state: state as 0, message: '', addr: '', health: null },
    role: NodeRole.NODE_ROLE_WORKER,
    managerStatus: null,
    certificate: null,
  };
}

t.test('a node update names what changed', async (t) => {
  const before = node(NodeAvailability.NODE_AVAILABILITY_ACTIVE, NodeState.NODE_STATE_READY);
  const after = node(NodeAvailability.NODE_AVAILABILITY_DRAIN, NodeState.NODE_STATE_READY);
  const change: StoreEvent = { kind: 'node', action: 'update', object: after, oldObject: before, version: 9 };
  const event = toClusterEvent(change, eventTime(change, 0), false);
  t.same(event, {
    version: 9,
    time: stamp,
    type: EventType.EVENT_TYPE_NODE,
    action: EventAction.EVENT_ACTION_UPDATE,
    objectId: 'n1',
    attributes: {
      name: 'alpha',
      'availability.new': 'drain',
      'availability.old': 'active',
      'state.new': 'ready',
      'role.new': 'worker',
    },
  });
});

t.test('a delete is stamped with the local clock; a service update names its update state', async (t) => {
  const service: Service__Output = {
    id: 's1',
    meta: { version: 3, createdAt: stamp, updatedAt: stamp },
    spec: null,
    specVersion: 0,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: { state: UpdateState.UPDATE_STATE_PAUSED, startedAt: null, completedAt: null, message: '' },
    endpoint: null,
  };
  const removed: StoreEvent = { kind: 'service', action: 'delete', object: service, version: 10 };
  t.same(eventTime(removed, 1_700_000_005_500), { seconds: 1_700_000_005, nanos: 500_000_000 });
  const updated: StoreEvent = {
    kind: 'service',
    action: 'update',
    object: service,
    oldObject: {
      ...service,
      updateStatus: { ...service.updateStatus!, state: UpdateState.UPDATE_STATE_UPDATING },
    },
    version: 4,
  };
  t.same(toClusterEvent(updated, stamp, true).attributes, {
    name: '',
    'updatestate.new': 'paused',
    'updatestate.old': 'updating',
  });
  t.equal(toClusterEvent(updated, stamp, true).service, service);
});

t.test('attribute values are cut to 1 KiB', async (t) => {
  const long = node(0, 0);
  const change: StoreEvent = {
    kind: 'node',
    action: 'create',
    object: { ...long, description: { ...long.description!, hostname: 'é'.repeat(2000) } },
    version: 1,
  };
  const name = toClusterEvent(change, stamp, false).attributes?.name ?? '';
  t.ok(Buffer.byteLength(name) <= 1024);
  t.ok(name.length > 400, 'cut near the bound, not to nothing');
});
