// Writes on a follower go to the leader: two (or more) real ControlService servers, each with its
// own store; a follower's fake LeaderInfo points at the leader. The follower's answer is the
// leader's, errors included; a forwarded call is never forwarded again.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { NotLeaderError } from '../../../raft/errors.ts';
import { controlClient, startControlServer, unary } from './control-harness.ts';

const spec = (name: string) => ({ annotations: { name }, task: { container: { image: 'nginx' } } });

t.test('a write on a follower lands in the leader store, and the answer is the leader’s', async (t) => {
  const leader = await startControlServer(t, { nodeId: 'mgr-leader' });
  const follower = await startControlServer(t, { nodeId: 'mgr-follower' });
  follower.leader.follow('mgr-leader', leader.address);
  const client = await controlClient(t, follower.address);

  const { service } = await unary(client, 'CreateService', { spec: spec('web') });
  const id = service?.id ?? '';
  t.same(service, leader.store.get('service', id), 'the response is the leader’s stored service');
  t.equal(follower.store.count('service'), 0, 'the follower store was not written');
  t.equal(follower.proposer.batches.length, 0, 'the follower proposed nothing');

  const updated = await unary(client, 'UpdateService', {
    serviceId: id,
    serviceVersion: service?.meta?.version ?? 0,
    spec: { ...spec('web'), replicated: { replicas: 4 } },
  });
  t.equal(leader.store.get('service', id)?.spec?.replicated?.replicas, 4);
  t.same(updated.service, leader.store.get('service', id));

  await t.rejects(unary(client, 'CreateService', { spec: spec('web') }), {
    code: grpc.status.ALREADY_EXISTS,
    details: `service name "web" is already in use by service ${id}`,
  });
  await t.rejects(unary(client, 'UpdateService', { serviceId: id, serviceVersion: 1, spec: spec('web') }), {
    code: grpc.status.FAILED_PRECONDITION,
    details: /expected version 1 but the stored version is/,
  });

  t.same((await unary(client, 'ListServices', {})).services, [], 'reads are answered from the local store');

  await unary(client, 'RemoveService', { serviceId: id });
  t.equal(leader.store.get('service', id), undefined, 'removed on the leader');
});

t.test('a forwarded call is not forwarded again; no known leader is UNAVAILABLE', async (t) => {
  const leader = await startControlServer(t, { nodeId: 'mgr-leader' });
  const a = await startControlServer(t, { nodeId: 'mgr-a' });
  const b = await startControlServer(t, { nodeId: 'mgr-b' });
  // b believes a leads, a believes b leads: without the marker the call would bounce forever.
  a.leader.follow('mgr-b', b.address);
  b.leader.follow('mgr-a', a.address);
  const client = await controlClient(t, a.address);
  await t.rejects(unary(client, 'CreateService', { spec: spec('web') }), {
    code: grpc.status.UNAVAILABLE,
    details: /^no leader, retry: manager mgr-b is not the leader either \(forwarded by mgr-a\)/,
  });
  t.equal(a.proposer.batches.length + b.proposer.batches.length + leader.proposer.batches.length, 0);

  a.leader.follow('', undefined);
  await t.rejects(unary(client, 'CreateService', { spec: spec('web') }), {
    code: grpc.status.UNAVAILABLE,
    details: 'no leader, retry: no leader is known (an election is in progress)',
  });
});

t.test('leadership lost mid-call: the write is forwarded to the new leader', async (t) => {
  const leader = await startControlServer(t, { nodeId: 'mgr-leader' });
  const old = await startControlServer(t, { nodeId: 'mgr-old' });
  // Still believes it leads, but Raft refuses the proposal and names the new leader.
  old.leader.leaderNodeId = 'mgr-leader';
  old.leader.addr = leader.address;
  old.proposer.failWith = new NotLeaderError('mgr-old', 'mgr-leader', 7);
  const client = await controlClient(t, old.address);
  const { service } = await unary(client, 'CreateService', { spec: spec('web') });
  t.same(service, leader.store.get('service', service?.id ?? ''));
  t.equal(old.store.count('service'), 0);
  await old.logs.waitFor((r) => r.msg === 'leadership moved during a write; forwarding it');
});
