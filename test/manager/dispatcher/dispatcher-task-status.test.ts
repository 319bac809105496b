// UpdateTaskStatus over real gRPC: answers after the commit, ignores what must be ignored, coalesces
// many agents' reports into few store batches, survives a concurrent writer and a lost leadership.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import type { MemoryStore } from '../../../manager/store/memory-store.ts';
import { NotLeaderError } from '../../../raft/errors.ts';
import type { SessionMessage__Output } from '../../../proto/gen/covey/v1/SessionMessage.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import { TaskHealth } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { UpdateTaskStatusRequest } from '../../../proto/gen/covey/v1/UpdateTaskStatusRequest.ts';
import type { DispatcherServiceClient } from '../../../proto/gen/covey/v1/DispatcherService.ts';
import {
  bundles,
  failure,
  type Harness,
  OTHER_ID,
  StreamReader,
  startHarness,
  task,
  unary,
  WORKER_ID,
} from './dispatcher-harness.ts';

const S = TaskState;

async function register(h: Harness): Promise<{ client: DispatcherServiceClient; sessionId: string }> {
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(client.Session({})).next();
  return { client, sessionId };
}

function report(client: DispatcherServiceClient, request: UpdateTaskStatusRequest): Promise<unknown> {
  return unary(client.UpdateTaskStatus.bind(client), request);
}

function stateOf(store: MemoryStore, id: string): number | undefined {
  return store.get('task', id)?.status?.state;
}

t.test(
  'reports are committed before the answer; unknown, foreign and backward ones are ignored',
  async (t) => {
    const h = await startHarness(t, {
      tasks: [task('t1', WORKER_ID), task('t2', OTHER_ID), task('t3', WORKER_ID)],
    });
    const { client, sessionId } = await register(h);
    await report(client, {
      sessionId,
      updates: [
        { taskId: 't1', status: { state: S.TASK_STATE_ACCEPTED } },
        { taskId: 't1', status: { state: S.TASK_STATE_RUNNING, message: 'started' } },
        { taskId: 't2', status: { state: S.TASK_STATE_RUNNING } },
        { taskId: 'missing', status: { state: S.TASK_STATE_RUNNING } },
        { taskId: 't3', status: { state: S.TASK_STATE_FAILED, err: 'exit 1' } },
      ],
    });
    const t1 = h.store.get('task', 't1');
    t.equal(t1?.status?.state, S.TASK_STATE_RUNNING, 'several updates of one task apply in order');
    t.equal(t1?.status?.message, 'started');
    t.ok((t1?.status?.timestamp?.seconds ?? 0) > 0, 'a report without a timestamp is stamped');
    t.equal(stateOf(h.store, 't2'), S.TASK_STATE_ASSIGNED, "another node's task is untouched");
    t.equal(h.store.get('task', 't3')?.status?.err, 'exit 1');

    const before = h.proposer.batches.length;
    await report(client, {
      sessionId,
      updates: [
        { taskId: 't1', status: { state: S.TASK_STATE_STARTING } },
        { taskId: 't3', status: { state: S.TASK_STATE_RUNNING } },
      ],
    });
    t.equal(stateOf(h.store, 't1'), S.TASK_STATE_RUNNING, 'a regression is ignored, not an error');
    t.equal(stateOf(h.store, 't3'), S.TASK_STATE_FAILED, 'a terminal state stays');
    t.equal(h.proposer.batches.length, before, 'nothing to write, no batch');

    await report(client, {
      sessionId,
      updates: [
        { taskId: 't1', status: { state: S.TASK_STATE_RUNNING, health: TaskHealth.TASK_HEALTH_UNHEALTHY } },
      ],
    });
    t.equal(
      h.store.get('task', 't1')?.status?.health,
      TaskHealth.TASK_HEALTH_UNHEALTHY,
      'same state, news in health',
    );
  },
);

t.test("many agents' reports share store batches", async (t) => {
  const tasks = Array.from({ length: 200 }, (_, i) => task(`t${i}`, i % 2 === 0 ? WORKER_ID : OTHER_ID));
  const h = await startHarness(t, { tasks, service: { statusFlushDelayMs: 50 } });
  const mine = await register(h);
  const otherClient = h.client(bundles.other);
  const { sessionId: otherSession } = await new StreamReader<SessionMessage__Output>(
    otherClient.Session({}),
  ).next();
  const before = h.proposer.batches.length;
  await Promise.all(
    tasks.map((x, i) =>
      i % 2 === 0
        ? report(mine.client, {
            sessionId: mine.sessionId,
            updates: [{ taskId: x.id!, status: { state: S.TASK_STATE_RUNNING } }],
          })
        : report(otherClient, {
            sessionId: otherSession,
            updates: [{ taskId: x.id!, status: { state: S.TASK_STATE_RUNNING } }],
          }),
    ),
  );
  for (const x of tasks) t.equal(stateOf(h.store, x.id!), S.TASK_STATE_RUNNING);
  const batches = h.proposer.batches.length - before;
  t.ok(batches <= 10, `200 calls written in ${batches} batches`);
});

t.test('a task changed by another writer meanwhile is re-read and still updated', async (t) => {
  const h = await startHarness(t, { tasks: [task('t1', WORKER_ID)] });
  const { client, sessionId } = await register(h);
  const propose = h.proposer.propose.bind(h.proposer);
  let interfered = false;
  h.proposer.propose = async (actions: readonly StoreAction[], requestId?: string) => {
    if (!interfered && actions.some((a) => a.updateTask?.status?.state === S.TASK_STATE_RUNNING)) {
      interfered = true;
      // The orchestrator commits first: the dispatcher's batch now carries a stale version.
      const current = h.store.get('task', 't1')!;
      await propose([
        {
          updateTask: { ...current, desiredState: S.TASK_STATE_SHUTDOWN },
          expectedVersion: current.meta!.version,
        },
      ]);
    }
    return propose(actions, requestId);
  };
  await report(client, { sessionId, updates: [{ taskId: 't1', status: { state: S.TASK_STATE_RUNNING } }] });
  t.ok(interfered);
  const t1 = h.store.get('task', 't1');
  t.equal(t1?.status?.state, S.TASK_STATE_RUNNING, 'the report landed');
  t.equal(t1?.desiredState, S.TASK_STATE_SHUTDOWN, "the other writer's change is kept");
});

t.test('a report whose batch fails because leadership was lost is FAILED_PRECONDITION', async (t) => {
  const h = await startHarness(t, { tasks: [task('t1', WORKER_ID)] });
  const { client, sessionId } = await register(h);
  h.proposer.failWith = new NotLeaderError('manager1', 'manager2', 3);
  const err = await failure(
    report(client, { sessionId, updates: [{ taskId: 't1', status: { state: S.TASK_STATE_RUNNING } }] }),
  );
  t.equal(err.code, grpc.status.FAILED_PRECONDITION);
  t.equal(stateOf(h.store, 't1'), S.TASK_STATE_ASSIGNED);
});
