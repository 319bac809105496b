// The node filters, in the order a failing node is explained: each is one rule with a short reason
// (`insufficient memory`) that aggregates well across nodes. Static filters depend only on the node
// and the spec; dynamic ones on the node's load, which changes as a batch places tasks.
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import { matchesConstraint } from './constraint.ts';
import type { NodeInfo } from './node-info.ts';
import type { TaskRequirements } from './task-requirements.ts';

export interface Filter {
  readonly name: string;
  /** Dynamic filters are re-checked after each placement on a node; static ones once per group. */
  readonly dynamic: boolean;
  /** False when the requirements give the filter nothing to check. */
  enabled(req: TaskRequirements): boolean;
  /** undefined when the node passes, else why not. */
  check(node: NodeInfo, req: TaskRequirements): string | undefined;
}

const STATE_REASONS: Readonly<Record<number, string>> = {
  [NodeState.NODE_STATE_UNKNOWN]: 'not yet ready',
  [NodeState.NODE_STATE_DOWN]: 'down',
  [NodeState.NODE_STATE_DISCONNECTED]: 'disconnected',
};

export const readyFilter: Filter = {
  name: 'ready',
  dynamic: false,
  enabled: () => true,
  check: (node) =>
    node.state === NodeState.NODE_STATE_READY ? undefined : (STATE_REASONS[node.state] ?? 'not ready'),
};

export const availabilityFilter: Filter = {
  name: 'availability',
  dynamic: false,
  enabled: () => true,
  check: (node) => {
    if (node.availability === NodeAvailability.NODE_AVAILABILITY_ACTIVE) return undefined;
    return node.availability === NodeAvailability.NODE_AVAILABILITY_DRAIN ? 'drained' : 'paused';
  },
};

const RUNTIME_NAMES: Readonly<Record<number, string>> = {
  [RuntimeKind.RUNTIME_KIND_UNKNOWN]: 'unknown',
  [RuntimeKind.RUNTIME_KIND_DOCKER]: 'docker',
  [RuntimeKind.RUNTIME_KIND_PROCESS]: 'process',
  [RuntimeKind.RUNTIME_KIND_HOLLOW]: 'hollow',
};

export const runtimeFilter: Filter = {
  name: 'runtime',
  dynamic: false,
  enabled: () => true,
  check: (node, req) => {
    const name = RUNTIME_NAMES[req.runtime] ?? String(req.runtime);
    const via = node.runtimeFor(req.runtime);
    if (via === undefined) return `runtime ${name} not supported`;
    if (node.unavailableRuntimes.has(via)) return `runtime ${RUNTIME_NAMES[via] ?? via} unavailable`;
    return undefined;
  },
};

export const constraintsFilter: Filter = {
  name: 'constraints',
  dynamic: false,
  enabled: (req) => req.constraints.length > 0,
  check: (node, req) => {
    for (const c of req.constraints) {
      if (!matchesConstraint(node, c)) return `constraint ${c.text} not satisfied`;
    }
    return undefined;
  },
};

export const resourcesFilter: Filter = {
  name: 'resources',
  dynamic: true,
  enabled: (req) => req.nanoCpus > 0 || req.memoryBytes > 0,
  check: (node, req) => {
    if (req.memoryBytes > node.totalMemoryBytes - node.reservedMemoryBytes) return 'insufficient memory';
    if (req.nanoCpus > node.totalNanoCpus - node.reservedNanoCpus) return 'insufficient CPU';
    return undefined;
  },
};

export const hostPortsFilter: Filter = {
  name: 'host-ports',
  dynamic: true,
  enabled: (req) => req.hostPorts.length > 0,
  check: (node, req) => {
    for (const p of req.hostPorts) if (node.hostPorts.has(p)) return `host port ${p} in use`;
    return undefined;
  },
};

export const maxReplicasFilter: Filter = {
  name: 'max-replicas',
  dynamic: true,
  enabled: (req) => req.maxReplicasPerNode > 0,
  check: (node, req) =>
    node.serviceTaskCount(req.serviceId) >= req.maxReplicasPerNode
      ? `max replicas per node (${req.maxReplicasPerNode}) reached`
      : undefined,
};

/** Every filter, in explanation order. */
export const FILTERS: readonly Filter[] = [
  readyFilter,
  availabilityFilter,
  runtimeFilter,
  constraintsFilter,
  resourcesFilter,
  hostPortsFilter,
  maxReplicasFilter,
];
