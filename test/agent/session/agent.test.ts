import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import type { Executor, TaskController } from '../../../agent/executors/executor.ts';
import { HOLLOW_LABELS, HollowExecutor } from '../../../agent/executors/hollow-executor.ts';
import { Agent, type AgentOptions } from '../../../agent/session/agent.ts';
import { AgentStoppedError } from '../../../agent/session/errors.ts';
import type { TlsBundle } from '../../../pki/tls-bundle.ts';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import type { NodeDescription } from '../../../proto/gen/covey/v1/NodeDescription.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { WeightedPeer__Output } from '../../../proto/gen/covey/v1/WeightedPeer.ts';
import { waitFor } from '../../../scripts/lab/wait-for.ts';
import { createTestPki } from '../../fixtures/cluster-pki.ts';
import { FakeClock } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';
import { FakeDispatcher } from './fake-dispatcher.ts';
import { TcpProxy } from './tcp-proxy.ts';

const pki = await createTestPki();
const managerBundle = await pki.bundle('manager1', 'manager');
const workerBundle = await pki.bundle('agentnode', 'worker');

/** Counts controllers per task: a task the worker restarted would get a second one. */
class CountingExecutor implements Executor {
  readonly runtime: Executor['runtime'];
  readonly controllers = new Map<string, number>();
  constructor(private readonly inner: Executor) {
    this.runtime = inner.runtime;
  }
  describe() {
    return this.inner.describe();
  }
  controller(task: Task__Output): TaskController {
    this.controllers.set(task.id, (this.controllers.get(task.id) ?? 0) + 1);
    return this.inner.controller(task);
  }
}

const description: NodeDescription = {
  hostname: 'agent-host',
  runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW],
  resources: { nanoCpus: 4e9, memoryBytes: 8 * 1024 ** 3 },
};

async function fakes(t: Test, count: number): Promise<FakeDispatcher[]> {
  const started: FakeDispatcher[] = [];
  for (let i = 0; i < count; i++) {
    const fake = await FakeDispatcher.start(managerBundle, `manager${i + 1}`);
    t.teardown(() => fake.forceShutdown());
    started.push(fake);
  }
  return started;
}

function agentFor(
  t: Test,
  managers: string[],
  extra: Partial<AgentOptions> & { bundle?: TlsBundle } = {},
): { agent: Agent; executor: CountingExecutor } {
  const executor = new CountingExecutor(new HollowExecutor({ clock: new FakeClock() }));
  const agent = new Agent({
    bundle: workerBundle,
    managers,
    description: () => description,
    executor,
    logger: pino({ level: process.env.AGENT_TEST_LOG ?? 'silent' }),
    // 0: the first candidate is always picked and backoff delays are half their base.
    random: () => 0,
    ...extra,
  });
  t.teardown(() => agent.stop());
  agent.start();
  return { agent, executor };
}

/** A task as the dispatcher sends it (input form), with hollow behaviour labels. */
function task(id: string, labels: Record<string, string> = {}): Task__Output {
  return makeTask(id, { labels });
}

t.test('a session with the leader runs assigned tasks and reports them up to RUNNING', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  leader.tasks = [task('t1'), task('t2')];
  leader.managers = [{ nodeId: 'manager1', addr: leader.addr, weight: 10 }];
  const managerLists: WeightedPeer__Output[][] = [];
  const nodes: Node__Output[] = [];
  const { agent } = agentFor(t, [leader.addr], {
    onManagers: (list) => managerLists.push(list),
    onNode: (node) => nodes.push(node),
  });
  t.equal(agent.state(), 'connecting');
  await agent.ready();
  t.equal(agent.state(), 'ready');
  t.equal(agent.managerAddr, leader.addr);
  const [request] = leader.sessions;
  t.equal(request?.sessionId, '', 'a first session resumes nothing');
  t.equal(request?.description?.hostname, 'agent-host');
  await leader.status('t1', S.TASK_STATE_RUNNING);
  await leader.status('t2', S.TASK_STATE_RUNNING);
  const states = leader.statusUpdates.filter((u) => u.taskId === 't1').map((u) => u.status?.state);
  t.ok(
    states.every((s, i) => i === 0 || (s ?? 0) > (states[i - 1] ?? 0)),
    'states only move forward',
  );
  t.equal(states.at(-1), S.TASK_STATE_RUNNING);
  const beat = await leader.next('heartbeat', (h) => h.request.tasks?.running === 2);
  t.same(beat.request.tasks, { assigned: 2, running: 2, starting: 0, healthy: 0, unhealthy: 0 });
  t.equal(beat.request.sessionId, leader.sessionId);
  t.same(
    managerLists.at(-1)?.map((m) => [m.nodeId, m.addr]),
    [['manager1', leader.addr]],
  );
  t.equal(nodes.at(-1)?.id, 'agentnode');
});

t.test('a follower redirects the agent to the leader', async (t) => {
  const [follower, leader] = await fakes(t, 2);
  if (follower === undefined || leader === undefined) throw new Error('no fake');
  follower.mode = { kind: 'redirect', leaderAddr: leader.addr, leaderNodeId: leader.nodeId };
  follower.managers = [
    { nodeId: follower.nodeId, addr: follower.addr, weight: 10 },
    { nodeId: leader.nodeId, addr: leader.addr, weight: 10 },
  ];
  leader.tasks = [task('t1')];
  const { agent } = agentFor(t, [follower.addr]);
  await agent.ready();
  t.equal(agent.managerAddr, leader.addr);
  t.equal(follower.sessions.length, 1, 'the follower was asked once');
  t.equal(leader.sessions.length, 1);
  await leader.status('t1', S.TASK_STATE_RUNNING);
  t.same(
    agent
      .knownManagers()
      .map((m) => [m.nodeId, m.addr])
      .sort(),
    [
      [follower.nodeId, follower.addr],
      [leader.nodeId, leader.addr],
    ],
    "the follower's manager list is taken up",
  );
});

t.test('a follower that knows no leader sends the agent on to the other managers', async (t) => {
  const [follower, leader] = await fakes(t, 2);
  if (follower === undefined || leader === undefined) throw new Error('no fake');
  follower.mode = { kind: 'redirect', leaderAddr: '', leaderNodeId: '' };
  const { agent } = agentFor(t, [follower.addr, leader.addr]);
  await agent.ready();
  t.equal(agent.managerAddr, leader.addr);
  t.equal(follower.sessions.length, 1);
});

t.test('when its manager dies the agent fails over within 2 s and keeps its tasks running', async (t) => {
  const [first, second] = await fakes(t, 2);
  if (first === undefined || second === undefined) throw new Error('no fake');
  for (const fake of [first, second]) fake.tasks = [task('t1'), task('t2')];
  const { agent, executor } = agentFor(t, [first.addr, second.addr]);
  await agent.ready();
  t.equal(agent.managerAddr, first.addr, 'random 0 picks the first manager');
  await first.status('t1', S.TASK_STATE_RUNNING);
  await first.status('t2', S.TASK_STATE_RUNNING);
  const killedAt = Date.now();
  first.forceShutdown();
  await second.next('session');
  const failoverMs = Date.now() - killedAt;
  t.ok(failoverMs < 2_000, `reconnected to the other manager after ${failoverMs} ms`);
  await agent.ready();
  t.equal(agent.managerAddr, second.addr);
  // The new leader's COMPLETE set reconciles: the same tasks, already running, are left alone.
  await second.next('heartbeat', (h) => h.request.tasks?.running === 2);
  t.same(Object.fromEntries(executor.controllers), { t1: 1, t2: 1 }, 'no task got a new controller');
  t.equal(agent.worker.runner('t1')?.state, S.TASK_STATE_RUNNING);
  t.notOk(
    second.statusUpdates.some((u) => u.status !== null && u.status.state < S.TASK_STATE_RUNNING),
    'no task walked through its states again',
  );
  t.ok((agent.knownManagers().find((m) => m.addr === first.addr)?.weight ?? 99) < 10, 'dead manager demoted');
});

t.test('a manager that goes silent (no RST) is noticed by keepalive within about 2 s', async (t) => {
  const [silent, other] = await fakes(t, 2);
  if (silent === undefined || other === undefined) throw new Error('no fake');
  // Heartbeats far apart, so only keepalive can notice the silence in time.
  silent.periodMs = 20_000;
  const proxy = await TcpProxy.start(silent.addr);
  t.teardown(() => proxy.close());
  const { agent } = agentFor(t, [proxy.addr, other.addr], { keepalive: { timeMs: 1_000, timeoutMs: 1_000 } });
  await agent.ready();
  t.equal(agent.managerAddr, proxy.addr);
  const frozenAt = Date.now();
  proxy.freeze();
  await other.next('session');
  const noticedMs = Date.now() - frozenAt;
  t.ok(noticedMs < 3_000, `failed over ${noticedMs} ms after the manager went silent`);
  await agent.ready();
  t.equal(agent.managerAddr, other.addr);
});

t.test('INVALID_ARGUMENT on a heartbeat makes the agent open a new session', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  const { agent } = agentFor(t, [leader.addr]);
  await agent.ready();
  const firstSession = leader.sessionId;
  leader.failNextHeartbeat(grpc.status.INVALID_ARGUMENT);
  const request = await leader.next('session');
  t.equal(request.sessionId, '', 'an invalid session is not offered for resumption');
  const beat = await leader.next('heartbeat', (h) => h.request.sessionId !== firstSession);
  t.equal(beat.request.sessionId, leader.sessionId, 'heartbeats carry the new session ID');
  t.not(leader.sessionId, firstSession);
  t.equal(leader.issued.length, 2);
});

t.test('statuses reached while disconnected are delivered after reconnecting', async (t) => {
  const [first, second] = await fakes(t, 2);
  if (first === undefined || second === undefined) throw new Error('no fake');
  const taskClock = new FakeClock();
  const runsFor = task('t1', { [HOLLOW_LABELS.runForMs]: '1000' });
  first.tasks = [runsFor];
  second.tasks = [runsFor];
  second.mode = { kind: 'refuse' };
  const { agent } = agentFor(t, [first.addr, second.addr], {
    executor: new HollowExecutor({ clock: taskClock }),
  });
  await agent.ready();
  await first.status('t1', S.TASK_STATE_RUNNING);
  first.forceShutdown();
  // The other manager refused the agent: it is certainly without a session now.
  await second.next('session');
  t.equal(agent.state(), 'connecting');
  await taskClock.advance(1_000);
  t.equal(agent.worker.runner('t1')?.state, S.TASK_STATE_COMPLETE, 'the task finished meanwhile');
  second.mode = { kind: 'leader' };
  await second.status('t1', S.TASK_STATE_COMPLETE);
  t.pass('the COMPLETE status reached the new leader');
});

t.test('heartbeats come at 90% of the period; a changed description goes out once', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  leader.periodMs = 200;
  let hostname = 'agent-host';
  const { agent } = agentFor(t, [leader.addr], { description: () => ({ ...description, hostname }) });
  await agent.ready();
  const start = leader.heartbeats.length;
  while (leader.heartbeats.length < start + 6) await leader.next('heartbeat');
  const times = leader.heartbeats.slice(start).map((h) => h.at);
  const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  t.ok(mean >= 170 && mean <= 215, `mean interval ${mean} ms for a 200 ms period (gaps ${gaps})`);
  t.ok(
    gaps.every((g) => g >= 120 && g <= 300),
    `every interval within the period's bounds (${gaps})`,
  );
  t.ok(
    leader.heartbeats.every((h) => h.request.description === null),
    'an unchanged description is not repeated',
  );
  hostname = 'renamed-host';
  const changed = await leader.next('heartbeat', (h) => h.request.description !== null);
  t.equal(changed.request.description?.hostname, 'renamed-host');
  await leader.next('heartbeat');
  t.equal(leader.heartbeats.at(-1)?.request.description, null, 'sent once, then no more');
});

t.test('a session the manager ended is resumed with its ID', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  const { agent } = agentFor(t, [leader.addr]);
  await agent.ready();
  const sessionId = leader.sessionId;
  leader.endSessions();
  const request = await leader.next('session');
  t.equal(request.sessionId, sessionId, 'the agent offers its previous session');
  await agent.ready();
  t.equal(leader.issued.length, 1, 'the fake resumed it');
  t.equal(agent.state(), 'ready');
});

t.test('a gap in the assignments chain reopens the stream for a full set', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  leader.tasks = [task('t1')];
  const { agent } = agentFor(t, [leader.addr]);
  await agent.ready();
  await leader.status('t1', S.TASK_STATE_RUNNING);
  leader.pushAssignments({
    type: AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL,
    appliesTo: 'r1',
    resultsIn: 'r2',
    changes: [{ action: AssignmentAction.ASSIGNMENT_ACTION_UPDATE, assignment: { task: task('t2') } }],
  });
  await leader.status('t2', S.TASK_STATE_RUNNING);
  leader.tasks = [task('t1'), task('t2'), task('t3')];
  const reopened = leader.next('assignments');
  leader.pushAssignments({
    type: AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL,
    appliesTo: 'r7',
    resultsIn: 'r8',
    changes: [{ action: AssignmentAction.ASSIGNMENT_ACTION_REMOVE, assignment: { task: task('t1') } }],
  });
  t.equal((await reopened).sessionId, leader.sessionId, 'the stream was reopened in the same session');
  await leader.status('t3', S.TASK_STATE_RUNNING);
  t.equal(agent.worker.runner('t1')?.state, S.TASK_STATE_RUNNING, 'the out-of-chain removal was not applied');
  t.equal(leader.issued.length, 1);
});

t.test('stop() closes the session and leaves the tasks running', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  leader.tasks = [task('t1')];
  const { agent } = agentFor(t, [leader.addr]);
  await agent.ready();
  await leader.status('t1', S.TASK_STATE_RUNNING);
  await agent.stop();
  t.equal(agent.state(), 'stopped');
  t.equal(agent.worker.runner('t1')?.state, S.TASK_STATE_RUNNING);
  await t.rejects(agent.ready(), AgentStoppedError);
  const sessions = leader.sessions.length;
  leader.endSessions();
  t.equal(leader.sessions.length, sessions, 'no reconnect after stop');
});

t.test('ready() rejects when the agent stops before reaching a leader', async (t) => {
  const [refusing] = await fakes(t, 1);
  if (refusing === undefined) throw new Error('no fake');
  refusing.mode = { kind: 'refuse' };
  const { agent } = agentFor(t, [refusing.addr]);
  const ready = agent.ready();
  await refusing.next('session');
  await agent.stop();
  await t.rejects(ready, AgentStoppedError);
});

t.test('RUNNING goes to the leader on the next turn, not after the status batching interval', async (t) => {
  const [leader] = await fakes(t, 1);
  if (leader === undefined) throw new Error('no fake');
  const taskClock = new FakeClock();
  const agentClock = new FakeClock();
  leader.tasks = [task('t1', { [HOLLOW_LABELS.startDelayMs]: '1000' })];
  const { agent } = agentFor(t, [leader.addr], {
    executor: new HollowExecutor({ clock: taskClock }),
    clock: agentClock,
  });
  await agent.ready();
  await waitFor(() => agent.worker.runner('t1')?.state === S.TASK_STATE_STARTING, 't1 STARTING');
  // The states before RUNNING wait for the interval (100 ms) to share a batch.
  await agentClock.advance(100);
  await leader.status('t1', S.TASK_STATE_STARTING);
  const before = agentClock.now();
  await taskClock.advance(1_000);
  t.equal(agent.worker.runner('t1')?.state, S.TASK_STATE_RUNNING);
  await agentClock.advance(0);
  await leader.status('t1', S.TASK_STATE_RUNNING);
  t.equal(agentClock.now(), before, 'RUNNING was sent without the agent’s clock moving on');
});
