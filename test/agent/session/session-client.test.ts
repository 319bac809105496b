import { pino } from 'pino';
import t, { type Test } from 'tap';
import { channelCredentials } from '../../../pki/grpc-credentials.ts';
import {
  NoSessionError,
  SessionClosedError,
  SessionRedirectError,
  SessionRpcError,
  SessionTimeoutError,
} from '../../../agent/session/errors.ts';
import { createDispatcherClient } from '../../../agent/session/dispatcher-client.ts';
import { SessionClient } from '../../../agent/session/session-client.ts';
import type { AssignmentSet } from '../../../agent/worker/assignment-set.ts';
import { systemClock } from '../../../agent/worker/clock.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';
import { createTestPki } from '../../fixtures/cluster-pki.ts';
import { makeTask } from '../task-fixtures.ts';
import { FakeDispatcher } from './fake-dispatcher.ts';

const pki = await createTestPki();
const managerBundle = await pki.bundle('manager1', 'manager');
const credentials = channelCredentials(await pki.bundle('agentnode', 'worker'));

async function fake(t: Test): Promise<FakeDispatcher> {
  const started = await FakeDispatcher.start(managerBundle, 'manager1');
  t.teardown(() => started.forceShutdown());
  return started;
}

function session(t: Test, addr: string, rpcTimeoutMs = 5_000) {
  const sets: AssignmentSet[] = [];
  let ready = 0;
  const client = new SessionClient({
    addr,
    client: createDispatcherClient(addr, credentials),
    describe: () => ({ hostname: 'h' }),
    resumeSessionId: '',
    taskSummary: () => ({ assigned: 0, running: 0 }),
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    rpcTimeoutMs,
    onAssignments: (set) => sets.push(set),
    onMessage: () => {},
    onReady: () => ready++,
  });
  t.teardown(() => client.close());
  return { client, sets, ready: () => ready };
}

t.test('no first message within the timeout: SessionTimeoutError, and the session is over', async (t) => {
  const manager = await fake(t);
  manager.mode = { kind: 'silent' };
  const { client } = session(t, manager.addr, 300);
  const opening = client.open();
  await t.rejects(opening, SessionTimeoutError);
  t.type(await client.ended, SessionTimeoutError);
  t.notOk(client.isOpen);
});

t.test('a follower that knows no leader: SessionRedirectError without an address', async (t) => {
  const manager = await fake(t);
  manager.mode = { kind: 'redirect', leaderAddr: '', leaderNodeId: '' };
  const { client } = session(t, manager.addr);
  const error = await client.open().then(
    () => null,
    (e: unknown) => e,
  );
  t.type(error, SessionRedirectError);
  t.equal((error as SessionRedirectError).leaderAddr, '');
});

t.test('status batches go only on an open session; an unknown session ends it', async (t) => {
  const manager = await fake(t);
  manager.periodMs = 20_000;
  manager.tasks = [makeTask('t1')];
  const { client, sets, ready } = session(t, manager.addr);
  const status = { taskId: 't1', status: { state: S.TASK_STATE_ACCEPTED, message: 'accepted' } };
  await t.rejects(client.updateTaskStatus([status]), NoSessionError);
  const first = await client.open();
  t.equal(first.sessionId, manager.sessionId);
  t.equal(client.sessionId, manager.sessionId);
  await manager.next('heartbeat');
  await client.updateTaskStatus([status]);
  t.same(
    manager.statusUpdates.map((u) => [u.taskId, u.status?.state]),
    [['t1', S.TASK_STATE_ACCEPTED]],
  );
  t.equal(ready(), 1, 'ready after the first heartbeat');
  t.equal(sets[0]?.kind, 'complete');
  manager.forgetSession();
  const refused = await client.updateTaskStatus([status]).then(
    () => null,
    (e: unknown) => e,
  );
  t.type(refused, SessionRpcError);
  t.equal((refused as SessionRpcError).kind, 'session-invalid');
  t.equal(await client.ended, refused, 'the session ended for that reason');
});

t.test('close() ends the session for good', async (t) => {
  const manager = await fake(t);
  const { client } = session(t, manager.addr);
  await client.open();
  client.close();
  t.type(await client.ended, SessionClosedError);
  await t.rejects(client.updateTaskStatus([]), NoSessionError);
});
