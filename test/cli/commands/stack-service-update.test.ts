import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { STACK_UPDATE_ATTEMPTS, updateStackService } from '../../../cli/commands/stack-service-update.ts';
import type { ControlClient } from '../../../cli/control-client.ts';
import { specWireForm } from '../../../cli/stack/spec-wire-form.ts';
import { planStackDeploy, type StackUpdate } from '../../../cli/stack/stack-diff.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import type { UpdateServiceRequest } from '../../../proto/gen/covey/v1/UpdateServiceRequest.ts';
import { composeStack } from '../stack/compose-source.ts';

const stored = (spec: ServiceSpec, version: number): Service__Output => ({
  id: 'svc',
  meta: { version, createdAt: null, updatedAt: null },
  spec: specWireForm(spec),
  specVersion: 1,
  previousSpec: null,
  previousSpecVersion: 0,
  updateStatus: null,
  endpoint: null,
});

const stale = (): grpc.ServiceError =>
  Object.assign(new Error('stale'), {
    code: grpc.status.FAILED_PRECONDITION,
    details: 'service svc changed since it was read',
    metadata: new grpc.Metadata(),
  });

/** A client whose service is at `versions[i]` on the i-th read; updates with another version fail. */
function fakeClient(service: (version: number) => Service__Output, versions: number[]) {
  const sent: UpdateServiceRequest[] = [];
  let reads = 0;
  let version = versions[0] ?? 1;
  const client: Pick<ControlClient, 'updateService' | 'getService'> = {
    async updateService(r) {
      sent.push(r);
      if (r.serviceVersion !== version) throw stale();
      return { service: null };
    },
    async getService() {
      version = versions[++reads] ?? version;
      return { service: service(version) };
    },
  };
  return { client, sent };
}

const [oldWeb] = composeStack('services:\n  web:\n    image: nginx:1\n').services;
const [newWeb] = composeStack('services:\n  web:\n    image: nginx:2\n').services;
if (!oldWeb || !newWeb) throw new Error('fixture');
const firstPlan = (version: number): StackUpdate => {
  const update = planStackDeploy([newWeb], [stored(oldWeb.spec, version)]).update[0];
  if (!update) throw new Error('expected an update');
  return update;
};

t.test('the version read is sent', async (t) => {
  const { client, sent } = fakeClient((v) => stored(oldWeb.spec, v), [5]);
  t.equal(await updateStackService(client, firstPlan(5)), true);
  t.same(
    sent.map((r) => r.serviceVersion),
    [5],
  );
  t.equal(sent[0]?.spec?.task?.container?.image, 'nginx:2');
});

t.test('a stale version is read again and retried', async (t) => {
  // Read at 5; a rolling update has moved it to 6 by the time the update arrives.
  const { client, sent } = fakeClient((v) => stored(oldWeb.spec, v), [6]);
  t.equal(await updateStackService(client, firstPlan(5)), true);
  t.same(
    sent.map((r) => r.serviceVersion),
    [5, 6],
  );
});

t.test('no update when the re-read service already matches the file', async (t) => {
  const { client, sent } = fakeClient(() => stored(newWeb.spec, 7), [6, 7]);
  t.equal(await updateStackService(client, firstPlan(5)), false);
  t.equal(sent.length, 1);
});

t.test('a version that keeps moving fails after a few attempts', async (t) => {
  const sent: UpdateServiceRequest[] = [];
  let version = 5;
  const client: Pick<ControlClient, 'updateService' | 'getService'> = {
    async updateService(r) {
      sent.push(r);
      version++; // written again before this update lands, every time
      throw stale();
    },
    async getService() {
      return { service: stored(oldWeb.spec, version) };
    },
  };
  await t.rejects(updateStackService(client, firstPlan(5)), { code: grpc.status.FAILED_PRECONDITION });
  t.equal(sent.length, STACK_UPDATE_ATTEMPTS);
  t.same(
    sent.map((r) => r.serviceVersion),
    [5, 6, 7],
  );
});

t.test('other failures are not retried', async (t) => {
  const sent: unknown[] = [];
  const client: Pick<ControlClient, 'updateService' | 'getService'> = {
    async updateService(r) {
      sent.push(r);
      throw Object.assign(new Error('bad'), { code: grpc.status.INVALID_ARGUMENT, details: 'bad spec' });
    },
    async getService() {
      throw new Error('not expected');
    },
  };
  await t.rejects(updateStackService(client, firstPlan(5)), { code: grpc.status.INVALID_ARGUMENT });
  t.equal(sent.length, 1);
});
