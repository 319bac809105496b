// An EventsRequest checked and turned into the store watch it needs: types and actions select kinds
// and operations, service_ids and node_ids become a predicate (a task matches through its service or
// node), `since`/`until` become the window. A `since` in the past (beyond a little clock skew) asks
// for history, which the event bus holds; the same filters then apply to its ClusterEvents.
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import type { EventsRequest__Output } from '../../proto/gen/covey/v1/EventsRequest.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import { timestampMs } from '../../proto/time.ts';
import type { StoreEvent, WatchFilter } from '../store/store-event.ts';
import type { StoreKind, StoreOp } from '../store/store-kind.ts';
import { MAX_FILTER_ENTRIES } from './control-filters.ts';
import { SpecProblems } from './validation-error.ts';

/** How far in the past `since` may be and still mean "from now" (clients' clocks differ). */
export const SINCE_SKEW_MS = 5_000;

const KIND_OF_TYPE: ReadonlyMap<number, StoreKind> = new Map([
  [EventType.EVENT_TYPE_SERVICE, 'service'],
  [EventType.EVENT_TYPE_TASK, 'task'],
  [EventType.EVENT_TYPE_NODE, 'node'],
  [EventType.EVENT_TYPE_CLUSTER, 'cluster'],
]);

const OP_OF_ACTION: ReadonlyMap<number, StoreOp> = new Map([
  [EventAction.EVENT_ACTION_CREATE, 'create'],
  [EventAction.EVENT_ACTION_UPDATE, 'update'],
  [EventAction.EVENT_ACTION_REMOVE, 'delete'],
]);

export interface EventSelection {
  readonly watch: WatchFilter;
  /** `since` lies in the past: the stream starts from the event bus's history. */
  readonly history: boolean;
  /** The same filters over a ClusterEvent from the bus (types, actions, services, nodes). */
  readonly matches: (event: ClusterEvent__Output) => boolean;
  /** Epoch ms; events proposed before it are skipped. */
  readonly sinceMs: number | undefined;
  /** Epoch ms; the stream ends once it passes. */
  readonly untilMs: number | undefined;
  readonly includeObjects: boolean;
}

/** The service a service or task event belongs to. */
function serviceIdOf(e: StoreEvent): string | undefined {
  if (e.kind === 'service') return e.object.id;
  if (e.kind === 'task') return e.object.serviceId;
  return undefined;
}

/** Whether a node or task event concerns one of `nodeIds` (a task before or after its assignment). */
function touchesNode(e: StoreEvent, nodeIds: ReadonlySet<string>): boolean {
  if (e.kind === 'node') return nodeIds.has(e.object.id);
  if (e.kind === 'task') {
    return nodeIds.has(e.object.nodeId) || (e.oldObject !== undefined && nodeIds.has(e.oldObject.nodeId));
  }
  return false;
}

function predicateOf(
  serviceIds: ReadonlySet<string> | undefined,
  nodeIds: ReadonlySet<string> | undefined,
): WatchFilter['predicate'] {
  if (serviceIds === undefined && nodeIds === undefined) return undefined;
  return (e) => {
    if (serviceIds !== undefined) {
      const id = serviceIdOf(e);
      if (id === undefined || !serviceIds.has(id)) return false;
    }
    return nodeIds === undefined || touchesNode(e, nodeIds);
  };
}

/** Checks `req` (INVALID_ARGUMENT naming every bad field) and builds the watch. */
export function eventSelection(req: EventsRequest__Output, nowMs: number): EventSelection {
  const p = new SpecProblems();
  const lists: [string, readonly unknown[]][] = [
    ['types', req.types],
    ['actions', req.actions],
    ['serviceIds', req.serviceIds],
    ['nodeIds', req.nodeIds],
  ];
  for (const [field, list] of lists) {
    if (list.length > MAX_FILTER_ENTRIES)
      p.add(field, `at most ${MAX_FILTER_ENTRIES} entries, got ${list.length}`);
  }
  const kinds: StoreKind[] = [];
  req.types.forEach((t, i) => {
    const kind = KIND_OF_TYPE.get(t);
    if (kind === undefined) p.add(`types[${i}]`, `unknown event type ${t}`);
    else kinds.push(kind);
  });
  const ops: StoreOp[] = [];
  req.actions.forEach((a, i) => {
    const op = OP_OF_ACTION.get(a);
    if (op === undefined) p.add(`actions[${i}]`, `unknown event action ${a}`);
    else ops.push(op);
  });
  const sinceMs = timestampMs(req.since);
  const untilMs = timestampMs(req.until);
  if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) {
    p.add('until', 'must not be before since');
  }
  p.throwIfAny();
  const serviceIds = req.serviceIds.length > 0 ? new Set(req.serviceIds) : undefined;
  const nodeIds = req.nodeIds.length > 0 ? new Set(req.nodeIds) : undefined;
  const predicate = predicateOf(serviceIds, nodeIds);
  return {
    watch: {
      ...(kinds.length > 0 ? { kinds } : {}),
      ...(ops.length > 0 ? { actions: ops } : {}),
      ...(predicate !== undefined ? { predicate } : {}),
    },
    history: sinceMs !== undefined && sinceMs < nowMs - SINCE_SKEW_MS,
    matches: clusterEventMatcher(req, serviceIds, nodeIds),
    sinceMs,
    untilMs,
    includeObjects: req.includeObjects,
  };
}

/** The request's filters over ClusterEvents (a task matches through its `service.id`/`node.id`). */
function clusterEventMatcher(
  req: EventsRequest__Output,
  serviceIds: ReadonlySet<string> | undefined,
  nodeIds: ReadonlySet<string> | undefined,
): (event: ClusterEvent__Output) => boolean {
  const types = new Set(req.types);
  const actions = new Set(req.actions);
  return (e) => {
    if (types.size > 0 && !types.has(e.type)) return false;
    if (actions.size > 0 && !actions.has(e.action)) return false;
    if (serviceIds !== undefined) {
      const id = e.type === EventType.EVENT_TYPE_SERVICE ? e.objectId : e.attributes['service.id'];
      if (id === undefined || !serviceIds.has(id)) return false;
    }
    if (nodeIds !== undefined) {
      const id = e.type === EventType.EVENT_TYPE_NODE ? e.objectId : e.attributes['node.id'];
      if (id === undefined || !nodeIds.has(id)) return false;
    }
    return true;
  };
}
