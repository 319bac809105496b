// The orchestrator loop under test: a store, a fake clock, a direct proposer (or one a test wraps)
// and helpers that play the control API, the scheduler and the agents.
import { pino } from 'pino';
import type { Test } from 'tap';
import { OrchestratorLoop } from '../../../manager/orchestrator/orchestrator-loop.ts';
import { isLive } from '../../../manager/orchestrator/task-lifecycle.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { T0, idSequence, makeNode } from './world.ts';

/** setTimer and now for the loop; advance() fires due timers in time order. */
export class FakeClock {
  now = T0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  setTimer = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.now + ms, seq: ++this.seq, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  };
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.now = Math.max(this.now, due.at);
      due.fn();
    }
    this.now = until;
  }
}

export type ProposerFactory = (
  store: MemoryStore,
  now: () => number,
  writer: DirectProposer,
) => StoreProposer;

export function harness(
  t: Test,
  o: { nodes?: Node__Output[]; proposer?: ProposerFactory; watchQueueLimit?: number } = {},
) {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const now = () => clock.now;
  // Plays the control API, the scheduler and the agents.
  const writer = new DirectProposer(store, now);
  const proposer = o.proposer?.(store, now, writer) ?? new DirectProposer(store, now);
  const loop = new OrchestratorLoop({
    store,
    proposer,
    logger: pino({ level: process.env.LOOP_LOG ?? 'silent' }),
    now,
    setTimer: clock.setTimer,
    newId: idSequence(),
    ...(o.watchQueueLimit !== undefined ? { watchQueueLimit: o.watchQueueLimit } : {}),
  });
  t.teardown(async () => {
    const stopping = loop.stop();
    clock.advance(60_000); // the stop grace, for proposals a test left held
    await stopping;
  });
  const write = (actions: StoreAction[]) =>
    actions.length > 0 ? writer.propose(actions) : Promise.resolve();
  const tasksOf = (serviceId: string) => store.find('task', { serviceId });
  const live = (serviceId: string) => tasksOf(serviceId).filter(isLive);
  const setTasks = (tasks: readonly Task__Output[], change: (t: Task__Output) => Partial<Task__Output>) =>
    write(tasks.map((x) => ({ updateTask: { ...x, ...change(x) }, expectedVersion: x.meta!.version })));
  const report = (tasks: readonly Task__Output[], state: TaskState__Output) =>
    setTasks(tasks, (x) => ({ status: { ...x.status!, state, timestamp: timestampFromMs(clock.now) } }));
  /** The scheduler and agents: unplaced live tasks go round-robin to ready active nodes and run. */
  const runAll = (serviceId: string, state: TaskState__Output = TaskState.TASK_STATE_RUNNING) => {
    const ready = store
      .find('node')
      .filter(
        (n) =>
          n.status?.state === NodeState.NODE_STATE_READY &&
          n.spec?.availability === NodeAvailability.NODE_AVAILABILITY_ACTIVE,
      );
    let i = 0;
    const todo = live(serviceId).filter((x) => (x.status?.state ?? 0) < TaskState.TASK_STATE_ASSIGNED);
    return setTasks(todo, (x) => ({
      nodeId: x.nodeId !== '' ? x.nodeId : (ready[i++ % ready.length]?.id ?? ''),
      status: {
        ...x.status!,
        state: x.desiredState === TaskState.TASK_STATE_READY ? TaskState.TASK_STATE_READY : state,
      },
    }));
  };
  const updateNode = (id: string, change: (n: Node__Output) => Node__Output) => {
    const n = store.get('node', id)!;
    return write([{ updateNode: change(n), expectedVersion: n.meta!.version }]);
  };
  const updateService = (id: string, change: (s: Service__Output) => Service__Output) => {
    const s = store.get('service', id)!;
    return write([{ updateService: change(s), expectedVersion: s.meta!.version }]);
  };
  const setReplicas = (id: string, replicas: number) =>
    updateService(id, (s) => ({ ...s, spec: { ...s.spec!, replicated: { replicas } } }));
  const ready = write((o.nodes ?? []).map((n) => ({ createNode: n })));
  return {
    store,
    clock,
    writer,
    proposer,
    loop,
    write,
    tasksOf,
    live,
    report,
    runAll,
    updateNode,
    updateService,
    setReplicas,
    ready,
  };
}

export const nodes = (n: number) => Array.from({ length: n }, (_, i) => makeNode(`n${i + 1}`));
