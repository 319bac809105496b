import t from 'tap';
import { replicasCell, SERVICE_HEADERS, serviceRows } from '../../../cli/commands/service-table.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { specWireForm } from '../../../cli/stack/spec-wire-form.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';

const service = (id: string, spec: ServiceSpec): Service__Output => ({
  id,
  meta: null,
  spec: specWireForm(spec),
  specVersion: 0,
  previousSpec: null,
  previousSpecVersion: 0,
  updateStatus: null,
  endpoint: null,
});

t.test('rows as `service ls` prints them', async (t) => {
  t.same(SERVICE_HEADERS, ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS']);
  const web = service('a'.repeat(25), {
    annotations: { name: 'web' },
    task: { container: { image: 'nginx:1' }, placement: { maxReplicasPerNode: 2 } },
    replicated: { replicas: 3 },
    endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }] },
  });
  const agent = service('b'.repeat(25), {
    annotations: { name: 'agent' },
    task: { container: { image: 'agent' } },
    global: {},
  });
  const rows = serviceRows(
    [web, agent],
    new Map([[web.id, { serviceId: web.id, desiredTasks: 3, runningTasks: 1 }]]),
  );
  t.same(rows, [
    ['a'.repeat(12), 'web', 'replicated', '1/3 (max 2 per node)', 'nginx:1', '*:8080->80/tcp'],
    ['b'.repeat(12), 'agent', 'global', '0/0', 'agent', ''],
  ]);
  t.equal(replicasCell(agent, { serviceId: agent.id, desiredTasks: 2, runningTasks: 2 }), '2/2');
});
