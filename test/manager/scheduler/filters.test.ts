// Each filter passes and fails with its reason text; the pipeline explains a node's first failure
// and aggregates reasons over nodes.
import t from 'tap';
import {
  availabilityFilter,
  constraintsFilter,
  FILTERS,
  hostPortsFilter,
  maxReplicasFilter,
  readyFilter,
  resourcesFilter,
  runtimeFilter,
} from '../../../manager/scheduler/filters.ts';
import { NodeInfo } from '../../../manager/scheduler/node-info.ts';
import { Pipeline } from '../../../manager/scheduler/pipeline.ts';
import { taskRequirements } from '../../../manager/scheduler/task-requirements.ts';
import { taskUsage } from '../../../manager/scheduler/task-usage.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { CPU, GiB, type NodeOptions, makeNode, makeTask, type TaskOptions } from './fixtures.ts';

const node = (o: NodeOptions = {}) => new NodeInfo(makeNode('n1', o));
const req = (o: TaskOptions = {}) => taskRequirements(makeTask('t1', o));

t.test('ready', async (t) => {
  t.equal(readyFilter.check(node(), req()), undefined);
  t.equal(readyFilter.check(node({ state: NodeState.NODE_STATE_DOWN }), req()), 'down');
  t.equal(readyFilter.check(node({ state: NodeState.NODE_STATE_DISCONNECTED }), req()), 'disconnected');
  t.equal(readyFilter.check(node({ state: NodeState.NODE_STATE_UNKNOWN }), req()), 'not yet ready');
});

t.test('availability', async (t) => {
  t.equal(availabilityFilter.check(node(), req()), undefined);
  t.equal(
    availabilityFilter.check(node({ availability: NodeAvailability.NODE_AVAILABILITY_PAUSE }), req()),
    'paused',
  );
  t.equal(
    availabilityFilter.check(node({ availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }), req()),
    'drained',
  );
});

t.test('runtime', async (t) => {
  const docker = req({ runtime: RuntimeKind.RUNTIME_KIND_DOCKER });
  const proc = req({ runtime: RuntimeKind.RUNTIME_KIND_PROCESS });
  const dockerOnly = node({ runtimes: [RuntimeKind.RUNTIME_KIND_DOCKER] });
  t.equal(runtimeFilter.check(dockerOnly, docker), undefined);
  t.equal(runtimeFilter.check(dockerOnly, proc), 'runtime process not supported');
  const hollow = node({ runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW] });
  t.equal(runtimeFilter.check(hollow, docker), undefined, 'hollow takes every kind');
  t.equal(runtimeFilter.check(hollow, proc), undefined);
  const sick = node({
    runtimes: [RuntimeKind.RUNTIME_KIND_DOCKER, RuntimeKind.RUNTIME_KIND_PROCESS],
    runtimeHealth: [{ runtime: RuntimeKind.RUNTIME_KIND_DOCKER, available: false, message: 'engine down' }],
  });
  t.equal(runtimeFilter.check(sick, docker), 'runtime docker unavailable');
  t.equal(runtimeFilter.check(sick, proc), undefined, 'other runtimes unaffected');
  t.equal(
    runtimeFilter.check(dockerOnly, req({ runtime: RuntimeKind.RUNTIME_KIND_UNKNOWN })),
    undefined,
    'spec oneof decides when runtime is unset',
  );
  const noKind = makeTask('t', { runtime: RuntimeKind.RUNTIME_KIND_UNKNOWN });
  if (noKind.spec) noKind.spec.runtime = undefined as never;
  t.equal(runtimeFilter.check(dockerOnly, taskRequirements(noKind)), 'runtime unknown not supported');
});

t.test('constraints', async (t) => {
  const n = node({ labels: { zone: 'east' } });
  t.notOk(constraintsFilter.enabled(req()), 'nothing to check without constraints');
  t.equal(
    constraintsFilter.check(n, req({ constraints: ['node.labels.zone==east', 'node.role==worker'] })),
    undefined,
  );
  t.equal(
    constraintsFilter.check(n, req({ constraints: ['node.role==worker', 'node.labels.zone==west'] })),
    'constraint node.labels.zone==west not satisfied',
  );
});

t.test('resources', async (t) => {
  const n = node({ nanoCpus: 2 * CPU, memoryBytes: 4 * GiB });
  t.notOk(resourcesFilter.enabled(req()), 'no reservation: nothing to check');
  t.equal(resourcesFilter.check(n, req({ nanoCpus: 2 * CPU, memoryBytes: 4 * GiB })), undefined, 'exact fit');
  t.equal(resourcesFilter.check(n, req({ memoryBytes: 4 * GiB + 1 })), 'insufficient memory');
  t.equal(resourcesFilter.check(n, req({ nanoCpus: 2 * CPU + 1 })), 'insufficient CPU');
  n.addTask(taskUsage(makeTask('held', { nodeId: 'n1', memoryBytes: 3 * GiB, nanoCpus: CPU })));
  t.equal(
    resourcesFilter.check(n, req({ memoryBytes: 2 * GiB })),
    'insufficient memory',
    'reservations count',
  );
  t.equal(resourcesFilter.check(n, req({ memoryBytes: GiB, nanoCpus: CPU })), undefined);
});

t.test('host ports', async (t) => {
  const n = node();
  t.notOk(hostPortsFilter.enabled(req()));
  n.addTask(taskUsage(makeTask('held', { nodeId: 'n1', hostPorts: ['80', '53/udp'] })));
  t.equal(hostPortsFilter.check(n, req({ hostPorts: ['80'] })), 'host port 80/tcp in use');
  t.equal(hostPortsFilter.check(n, req({ hostPorts: ['53/udp'] })), 'host port 53/udp in use');
  t.equal(
    hostPortsFilter.check(n, req({ hostPorts: ['53', '443'] })),
    undefined,
    'protocol is part of the port',
  );
  const engineChosen = makeTask('t', {});
  engineChosen.endpoint = {
    spec: null,
    ports: [{ name: '', protocol: 0, targetPort: 80, publishedPort: 0, publishMode: 0 }],
  };
  t.notOk(hostPortsFilter.enabled(taskRequirements(engineChosen)), 'published port 0 never conflicts');
  const ingress = makeTask('t', {});
  ingress.endpoint = {
    spec: null,
    ports: [{ name: '', protocol: 0, targetPort: 80, publishedPort: 80, publishMode: 1 }],
  };
  t.notOk(hostPortsFilter.enabled(taskRequirements(ingress)), 'ingress ports are not host ports');
});

t.test('max replicas per node', async (t) => {
  const n = node();
  t.notOk(maxReplicasFilter.enabled(req()));
  const r = req({ serviceId: 'a', maxReplicasPerNode: 2 });
  t.equal(maxReplicasFilter.check(n, r), undefined);
  n.addTask(taskUsage(makeTask('a1', { serviceId: 'a', nodeId: 'n1' })));
  n.addTask(taskUsage(makeTask('b1', { serviceId: 'b', nodeId: 'n1' })));
  t.equal(maxReplicasFilter.check(n, r), undefined, 'other services do not count');
  n.addTask(taskUsage(makeTask('a2', { serviceId: 'a', nodeId: 'n1' })));
  t.equal(maxReplicasFilter.check(n, r), 'max replicas per node (2) reached');
});

t.test('pipeline explains and aggregates', async (t) => {
  const r = req({ memoryBytes: 6 * GiB });
  const nodes = [
    new NodeInfo(makeNode('a', { memoryBytes: 4 * GiB })),
    new NodeInfo(makeNode('b', { memoryBytes: 2 * GiB })),
    new NodeInfo(makeNode('c', { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN, memoryBytes: GiB })),
  ];
  const p = new Pipeline(r);
  t.equal(p.explain(nodes[2] as NodeInfo), 'drained', 'first failing filter in order wins');
  t.equal(p.explainNoSuitableNode(nodes), 'no suitable node (3 nodes: 2 insufficient memory, 1 drained)');
  t.equal(p.explainNoSuitableNode([]), 'no suitable node (no nodes in the cluster)');
  t.equal(p.explainNoSuitableNode(nodes.slice(2)), 'no suitable node (1 node: 1 drained)');
  t.equal(FILTERS.length, 7);
  const fits = new NodeInfo(makeNode('d', { memoryBytes: 8 * GiB }));
  t.ok(p.passes(fits));
  t.ok(p.fitsNow(fits) && p.matchesConstraints(fits));
  t.notOk(p.passes(nodes[0] as NodeInfo));
  t.notOk(p.fitsNow(nodes[0] as NodeInfo));
});
