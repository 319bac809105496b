// What the real-engine tests of the docker executor share: a per-run label on everything they make
// (so cleanup removes only this run's containers and volumes, never another engineer's), tasks for the
// test image, and a task runner whose states can be awaited.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { pino } from 'pino';
import { DockerExecutor } from '../../../../agent/executors/docker/docker-executor.ts';
import { TaskRunner } from '../../../../agent/worker/task-runner.ts';
import { type Clock, systemClock } from '../../../../agent/worker/clock.ts';
import type { ContainerSpec__Output } from '../../../../proto/gen/covey/v1/ContainerSpec.ts';
import type { PortConfig__Output } from '../../../../proto/gen/covey/v1/PortConfig.ts';
import type { Resources__Output } from '../../../../proto/gen/covey/v1/Resources.ts';
import { RuntimeKind } from '../../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../../proto/gen/covey/v1/TaskStatus.ts';
import { requireDocker, TEST_IMAGE, type Requirer } from '../../../fixtures/requirements.ts';

export { waitFor } from '../../../../scripts/lab/wait-for.ts';
export { freePort } from '../../../../scripts/lab/free-port.ts';

/** Put on every container and volume a test makes; the value is the run's id. */
export const RUN_LABEL = 'covey.test.run';

/** The part of a tap test the fixtures use. */
export interface TestHandle {
  skip(name: string, cb: () => void): unknown;
  fail(message: string): unknown;
  comment(message: string): unknown;
  teardown(fn: () => unknown): void;
}

export class TestRun {
  readonly id = `r${randomBytes(6).toString('hex')}`;
  /** Unique per run, so workloads() of this run's executors sees only this run's containers. */
  readonly nodeId = objectId();

  constructor(readonly docker: Docker) {}

  get label(): string {
    return `${RUN_LABEL}=${this.id}`;
  }

  /** Removes this run's containers, then its volumes; safe to call when nothing was made. */
  async cleanup(): Promise<void> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [this.label] } });
    await Promise.all(
      containers.map((c) =>
        this.docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
    const { Volumes } = await this.docker.listVolumes({ filters: { label: [this.label] } });
    await Promise.all(
      (Volumes ?? []).map((v) =>
        this.docker
          .getVolume(v.Name)
          .remove()
          .catch(() => undefined),
      ),
    );
  }

  executor(options: { docker?: Docker; clock?: Clock } = {}): Promise<DockerExecutor> {
    return DockerExecutor.connect({
      nodeId: this.nodeId,
      docker: options.docker ?? this.docker,
      clock: options.clock ?? systemClock,
      logger: pino({ level: process.env.DOCKER_TEST_LOG ?? 'silent' }),
      reconnect: { initialMs: 50, maxMs: 400 },
    });
  }
}

/** The engine and a run whose containers are removed when the test ends, or undefined (skipped/failed). */
export async function dockerRun(t: TestHandle): Promise<TestRun | undefined> {
  // tap's skip(reason) alone types as a subtest without a body; a body that does nothing is the same.
  const requirer: Requirer = {
    skip: (reason) => void t.skip(reason, () => undefined),
    fail: (message) => void t.fail(message),
    comment: (message) => void t.comment(message),
  };
  const docker = await requireDocker(requirer);
  if (docker === undefined) return undefined;
  const run = new TestRun(docker);
  t.teardown(() => run.cleanup());
  return run;
}

export interface DockerTaskOptions extends Partial<ContainerSpec__Output> {
  readonly id?: string;
  readonly serviceName?: string;
  readonly slot?: number;
  readonly graceMs?: number;
  readonly ports?: PortConfig__Output[];
  readonly limits?: Resources__Output;
  readonly state?: TaskState__Output;
  readonly desired?: TaskState__Output;
}

/** A task for the test image, labelled with the run, on the run's node. */
export function dockerTask(
  run: Pick<TestRun, 'id' | 'nodeId'>,
  options: DockerTaskOptions = {},
): Task__Output {
  const { id, serviceName, slot, graceMs, ports, limits, state, desired, ...container } = options;
  return {
    id: id ?? objectId(),
    meta: null,
    spec: {
      container: {
        image: TEST_IMAGE,
        entrypoint: [],
        args: ['sleep', '3600'],
        hostname: '',
        env: [],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [],
        stopSignal: '',
        stopGracePeriod:
          graceMs === undefined
            ? { seconds: 1, nanos: 0 }
            : { seconds: Math.floor(graceMs / 1000), nanos: (graceMs % 1000) * 1e6 },
        healthcheck: null,
        ...container,
        labels: { ...container.labels, [RUN_LABEL]: run.id },
      },
      resources: limits === undefined ? null : { limits, reservations: null },
      restart: null,
      placement: null,
      forceUpdate: 0,
      runtime: 'container',
    },
    specVersion: 1,
    serviceId: 'svc-test',
    slot: slot ?? 1,
    nodeId: run.nodeId,
    serviceAnnotations: { name: serviceName ?? 'covey-test', labels: {} },
    runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
    desiredState: desired ?? TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: state ?? TaskState.TASK_STATE_ASSIGNED,
      message: 'assigned',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: ports === undefined ? null : { spec: { ports }, ports },
  };
}

export function hostPort(targetPort: number, publishedPort: number): PortConfig__Output {
  return { name: '', protocol: 0, targetPort, publishedPort, publishMode: 0 };
}

/** A TaskRunner over a docker controller, with its reported statuses and a way to await a state. */
export class RunnerUnderTest {
  readonly statuses: TaskStatus__Output[] = [];
  readonly runner: TaskRunner;
  private readonly waiters: Array<{ state: TaskState__Output; resolve: (s: TaskStatus__Output) => void }> =
    [];

  constructor(
    readonly task: Task__Output,
    executor: DockerExecutor,
    clock: Clock = systemClock,
  ) {
    this.runner = new TaskRunner({
      task,
      controller: executor.controller(task),
      runtime: executor.runtime,
      clock,
      onStatus: (_id, status) => {
        this.statuses.push(status);
        for (const waiter of [...this.waiters]) {
          if (status.state >= waiter.state) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(status);
          }
        }
      },
    });
  }

  states(): TaskState__Output[] {
    return this.statuses.map((s) => s.state);
  }

  get last(): TaskStatus__Output | undefined {
    return this.statuses.at(-1);
  }

  /** The first status at or past `state`; rejects after `timeoutMs` naming what was reached. */
  reach(state: TaskState__Output, timeoutMs = 20_000): Promise<TaskStatus__Output> {
    const seen = this.statuses.find((s) => s.state >= state);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `task ${this.task.id} did not reach state ${state} in ${timeoutMs} ms: ${JSON.stringify(this.states())} ${this.last?.err ?? ''}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        state,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
      });
    });
  }

  /** Drives the runner and waits for the first status at or past `state`. */
  async driveTo(state: TaskState__Output, timeoutMs?: number): Promise<TaskStatus__Output> {
    void this.runner.drive();
    return this.reach(state, timeoutMs);
  }
}

function objectId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let id = '';
  for (const byte of randomBytes(25)) id += alphabet[byte % 36];
  return id;
}
