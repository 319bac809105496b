// One task's process on this host: prepares its directory, launches it under the wrapper, follows it
// (as its parent, or — after an agent restart — as an adopter polling /proc), checks its health and
// stops its whole process group.
import { constants } from 'node:os';
import { chown, mkdir, rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import type { Cancel, Clock } from '../../worker/clock.ts';
import { stopGraceMs } from '../../worker/stop-grace.ts';
import {
  ControllerStateError,
  TaskPrepareError,
  TaskRejectedError,
  TaskStartError,
  TaskUnhealthyError,
} from '../errors.ts';
import type { ExitInfo, LogFollower, LogFollowOptions, TaskController } from '../executor.ts';
import { FileLogFollower } from './file-log-follower.ts';
import { ProcessRecordError } from './process-errors.ts';
import { ProcessGroup, type ProcessIdentity, stopGroup } from './process-group.ts';
import { runHealthCheck } from './process-health-check.ts';
import { HealthMonitor } from './process-health.ts';
import { launchProcess, type LeaderExit } from './process-launch.ts';
import { type PlanContext, type ProcessPlan, planProcess } from './process-plan.ts';
import {
  type LaunchedIdentity,
  PROCESS_RECORD_VERSION,
  type ProcessRecord,
  readRecord,
  writeRecord,
} from './process-record.ts';
import { parseSignal, SIGKILL, SIGTERM, type SignalSpec } from './process-signal.ts';
import { isSafeTaskId, type TaskDirLayout } from './process-task-dir.ts';
import { firstUnsearchable } from './process-user.ts';
import { exitFromFile, KILLED_EXIT_CODE, readExitFile } from './process-wrapper.ts';

export interface ProcessControllerContext {
  readonly layout: TaskDirLayout;
  readonly nodeId: string;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
  /** Absolute path of mv, for the wrapper. */
  readonly mvPath: string;
  readonly agentEnv: PlanContext['agentEnv'];
  readonly agentUid: number;
  /** How often an adopted process (not this agent's child) is looked at for its exit. */
  readonly exitPollMs: number;
  readonly logPollMs: number;
}

/**
 * new → prepared → running → exited, or lost (a record that cannot be read: nothing to adopt), and
 * removed at the end. An adopted task enters at running or exited.
 */
type Phase = 'new' | 'prepared' | 'running' | 'exited' | 'lost' | 'removed';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export class ProcessController implements TaskController {
  private phase: Phase = 'new';
  private attaching: Promise<void> | null = null;
  private preparing: Promise<void> | null = null;
  private launching: Promise<void> | null = null;
  private plan: ProcessPlan | null = null;
  private group: ProcessGroup | null = null;
  /** True when this controller spawned the process: its exit comes from the child, not from /proc. */
  private parent = false;
  private pid = 0;
  private exitPath: string;
  private exit: ExitInfo | null = null;
  private readonly exited = deferred<ExitInfo>();
  private cancelExitPoll: Cancel | null = null;
  private monitor: HealthMonitor | null = null;
  private readonly healthGate = deferred<void>();
  private becameHealthy = false;
  private unhealthy: TaskUnhealthyError | null = null;
  private unhealthyStop: Promise<void> = Promise.resolve();
  private stopping = false;
  private lost: { readonly error: ProcessRecordError; readonly group: ProcessGroup | null } | null = null;

  constructor(
    private readonly task: Task__Output,
    private readonly context: ProcessControllerContext,
  ) {
    this.exitPath = context.layout.exitPath;
  }

  async prepare(): Promise<void> {
    this.refuseIfRemoved('prepare');
    await this.ensureAttached();
    if (this.phase === 'lost') await this.discardLost();
    if (this.phase !== 'new') return;
    this.preparing ??= this.prepareTaskDir().finally(() => {
      this.preparing = null;
    });
    await this.preparing;
  }

  async start(): Promise<void> {
    this.refuseIfRemoved('start');
    await this.ensureAttached();
    if (this.phase === 'new' || this.phase === 'lost') await this.prepare();
    if (this.phase === 'prepared') {
      this.launching ??= this.launch().catch((error: unknown) => {
        this.launching = null;
        throw error;
      });
      await this.launching;
    }
    await this.awaitHealthy();
  }

  async wait(): Promise<ExitInfo> {
    this.refuseIfRemoved('wait on');
    await this.ensureAttached();
    await this.settleLaunch();
    if (this.lost !== null) throw this.lost.error;
    if (this.group === null) throw new ControllerStateError(this.task.id, 'wait on', 'not started');
    const exit = await this.exited.promise;
    if (this.unhealthy !== null) {
      await this.unhealthyStop;
      throw this.unhealthy;
    }
    return exit;
  }

  async shutdown(graceMs: number): Promise<void> {
    if (this.phase === 'removed') return;
    await this.ensureAttached();
    await this.settleLaunch();
    await this.stopWith(this.stopSignal(), graceMs);
  }

  async terminate(): Promise<void> {
    if (this.phase === 'removed') return;
    await this.ensureAttached();
    await this.settleLaunch();
    await this.stopWith(SIGKILL, 0);
  }

  async remove(): Promise<void> {
    if (this.phase === 'removed') return;
    await this.ensureAttached();
    await this.settleLaunch();
    await this.stopWith(SIGKILL, 0);
    this.monitor?.stop();
    this.cancelExitPoll?.();
    this.cancelExitPoll = null;
    if (isSafeTaskId(this.task.id)) await rm(this.context.layout.taskDir, { recursive: true, force: true });
    this.phase = 'removed';
  }

  health(): TaskHealth__Output {
    return this.monitor?.health ?? TaskHealth.TASK_HEALTH_NONE;
  }

  logs(options: LogFollowOptions): LogFollower {
    this.refuseIfRemoved('follow the output of');
    if (!isSafeTaskId(this.task.id)) throw invalidTaskId(this.task.id);
    // An adopted process's exit is watched from the attach on, so the follower learns when to finish.
    void this.ensureAttached();
    const { layout, clock, logPollMs } = this.context;
    return new FileLogFollower({
      files: { stdout: layout.stdoutPath, stderr: layout.stderrPath },
      offsetsPath: layout.logOffsetsPath,
      sinceMs: options.sinceMs,
      onLine: options.onLine,
      ended: this.exited.promise,
      clock,
      pollMs: logPollMs,
    });
  }

  /** Looks once for what an earlier agent left for this task (its record), and attaches to it. */
  private ensureAttached(): Promise<void> {
    this.attaching ??= this.attach();
    return this.attaching;
  }

  private async attach(): Promise<void> {
    if (!isSafeTaskId(this.task.id)) return;
    const read = await readRecord(this.context.layout.recordPath);
    if (read.kind === 'missing') return;
    if (read.kind === 'corrupt') {
      this.markLost(read.error, read.salvaged);
      return;
    }
    const { record } = read;
    if (record.taskId !== this.task.id) {
      const error = new ProcessRecordError(this.context.layout.recordPath, `it names task ${record.taskId}`);
      // Whatever it names is not this task's to stop.
      this.markLost(error, null);
      return;
    }
    // Only prepared: prepare() does it again.
    if (record.process === null) return;
    await this.adopt(record, record.process);
  }

  private async adopt(record: ProcessRecord, identity: LaunchedIdentity): Promise<void> {
    this.pid = identity.pid;
    this.exitPath = record.paths.exit;
    this.group = new ProcessGroup(identity);
    if (!(await this.group.leaderAlive())) {
      this.finish(await exitFromFile(this.exitPath, this.pid));
      return;
    }
    this.phase = 'running';
    this.context.logger?.info({ taskId: this.task.id, pid: identity.pid }, 'adopted a running process');
    this.pollExit();
    if (this.task.spec?.process?.healthcheck) {
      try {
        const plan = await this.planned();
        if (this.exit === null) this.startMonitor(plan, identity.startedAtMs);
      } catch (error) {
        this.context.logger?.warn(
          { taskId: this.task.id, err: error },
          'cannot check the health of an adopted process',
        );
      }
    }
  }

  private markLost(error: ProcessRecordError, salvaged: ProcessIdentity | null): void {
    this.phase = 'lost';
    this.lost = { error, group: salvaged === null ? null : new ProcessGroup(salvaged) };
    this.context.logger?.warn(
      { taskId: this.task.id, err: error, salvagedPid: salvaged?.pid ?? null },
      'process record unreadable: the workload cannot be adopted',
    );
  }

  /** A task whose record was lost is prepared afresh: whatever ran under it is stopped first. */
  private async discardLost(): Promise<void> {
    const lostGroup = this.lost?.group ?? null;
    if (lostGroup !== null) {
      await stopGroup(lostGroup, {
        signal: this.stopSignal(),
        graceMs: stopGraceMs(this.task),
        clock: this.context.clock,
      });
    }
    await rm(this.context.layout.recordPath, { force: true });
    this.lost = null;
    this.phase = 'new';
  }

  private planned(): Promise<ProcessPlan> {
    const { layout, nodeId, agentEnv, agentUid } = this.context;
    return planProcess(this.task, { layout, nodeId, agentEnv, agentUid });
  }

  private async prepareTaskDir(): Promise<void> {
    if (!isSafeTaskId(this.task.id)) throw invalidTaskId(this.task.id);
    const plan = await this.planned();
    const { layout } = this.context;
    try {
      await mkdir(layout.taskDir, { recursive: true, mode: 0o755 });
      await mkdir(layout.runDir, { recursive: true, mode: 0o755 });
      if (plan.ownWorkdir) await mkdir(layout.defaultWorkdir, { recursive: true, mode: 0o755 });
      if (plan.runAs !== null) {
        // The wrapper, running as the task's user, writes the exit file; the program owns its workdir.
        await chown(layout.runDir, plan.runAs.uid, plan.runAs.gid);
        if (plan.ownWorkdir) await chown(layout.defaultWorkdir, plan.runAs.uid, plan.runAs.gid);
      }
    } catch (error) {
      throw new TaskPrepareError(this.task.id, `cannot create ${layout.taskDir}: ${message(error)}`, {
        cause: error,
      });
    }
    if (plan.runAs !== null) {
      const blocked = await firstUnsearchable(layout.runDir, plan.runAs);
      if (blocked !== null) {
        throw new TaskPrepareError(
          this.task.id,
          `${blocked} is not searchable by uid ${plan.runAs.uid}, so the task could not record how it ended`,
        );
      }
    }
    try {
      await writeRecord(layout.recordPath, this.recordFor(plan, null));
    } catch (error) {
      throw new TaskPrepareError(this.task.id, `cannot write ${layout.recordPath}: ${message(error)}`, {
        cause: error,
      });
    }
    this.plan = plan;
    if (this.phase === 'new') this.phase = 'prepared';
  }

  private async launch(): Promise<void> {
    const plan = this.plan ?? (await this.planned());
    const { layout, clock, mvPath } = this.context;
    const launched = await launchProcess({ taskId: this.task.id, plan, layout, mvPath });
    const identity: LaunchedIdentity = {
      pid: launched.pid,
      pgid: launched.pid,
      startTime: launched.startTime,
      startedAtMs: clock.now(),
    };
    this.pid = launched.pid;
    this.parent = true;
    this.group = new ProcessGroup(identity);
    try {
      await writeRecord(layout.recordPath, this.recordFor(plan, identity));
    } catch (error) {
      // Without a record no later agent could find it: it must not run.
      await stopGroup(this.group, { signal: SIGKILL, graceMs: 0, clock });
      throw new TaskStartError(this.task.id, `cannot write ${layout.recordPath}: ${message(error)}`, {
        cause: error,
      });
    }
    this.phase = 'running';
    void launched.exited.then((exit) => this.onLeaderExit(exit));
    if (plan.healthcheck !== null) this.startMonitor(plan, identity.startedAtMs);
  }

  private recordFor(plan: ProcessPlan, identity: LaunchedIdentity | null): ProcessRecord {
    const { layout, nodeId } = this.context;
    return {
      version: PROCESS_RECORD_VERSION,
      taskId: this.task.id,
      serviceId: this.task.serviceId,
      nodeId,
      command: plan.command,
      args: [...plan.args],
      stopSignal: plan.stopSignal.name,
      paths: {
        stdout: layout.stdoutPath,
        stderr: layout.stderrPath,
        exit: layout.exitPath,
        workdir: plan.workdir,
      },
      process: identity,
    };
  }

  /** As the parent: the wrapper's exit file holds the program's status; without one, the wrapper's own end. */
  private async onLeaderExit({ code, signal }: LeaderExit): Promise<void> {
    const status = await readExitFile(this.exitPath);
    if (status !== null) this.finish({ exitCode: status, pid: this.pid });
    else if (signal !== null) {
      const exitCode = 128 + (constants.signals[signal] ?? SIGKILL.number);
      this.finish({
        exitCode,
        pid: this.pid,
        message: signal === 'SIGKILL' ? 'killed' : `killed by ${signal}`,
      });
    } else this.finish({ exitCode: code ?? KILLED_EXIT_CODE, pid: this.pid });
  }

  /** As an adopter: the leader is looked at on the clock until it has gone. */
  private pollExit(): void {
    if (this.exit !== null) return;
    this.cancelExitPoll = this.context.clock.schedule(this.context.exitPollMs, () => {
      this.cancelExitPoll = null;
      void this.checkLeader().then(() => this.pollExit());
    });
  }

  private async checkLeader(): Promise<void> {
    if (this.exit !== null || this.group === null) return;
    if (await this.group.leaderAlive()) return;
    this.finish(await exitFromFile(this.exitPath, this.pid));
  }

  private finish(exit: ExitInfo): void {
    if (this.exit !== null) return;
    this.exit = exit;
    if (this.phase !== 'removed') this.phase = 'exited';
    this.cancelExitPoll?.();
    this.cancelExitPoll = null;
    this.monitor?.stop();
    // As when a container ends: what the program left running in its group ends with it.
    void this.group?.signal(SIGKILL).catch(() => {});
    this.exited.resolve(exit);
  }

  private startMonitor(plan: ProcessPlan, startedAtMs: number): void {
    const healthcheck = plan.healthcheck;
    if (healthcheck === null) return;
    const checkContext = {
      env: plan.env,
      cwd: plan.workdir,
      ...(plan.runAs === null ? {} : { uid: plan.runAs.uid, gid: plan.runAs.gid }),
    };
    this.monitor = new HealthMonitor({
      schedule: healthcheck.schedule,
      clock: this.context.clock,
      startedAtMs,
      runCheck: (signal) => runHealthCheck(healthcheck.argv, checkContext, signal),
      onChange: (health, output) => this.onHealth(health, output),
    });
    this.monitor.start();
  }

  private onHealth(health: TaskHealth__Output, output: string): void {
    if (health === TaskHealth.TASK_HEALTH_HEALTHY) {
      this.becameHealthy = true;
      this.healthGate.resolve();
      return;
    }
    if (health !== TaskHealth.TASK_HEALTH_UNHEALTHY) return;
    if (this.exit !== null || this.stopping || this.unhealthy !== null) return;
    this.unhealthy = new TaskUnhealthyError(this.task.id, output);
    this.context.logger?.warn({ taskId: this.task.id, output }, 'task unhealthy: stopping it');
    this.unhealthyStop = this.stopWith(this.stopSignal(), stopGraceMs(this.task)).catch((error: unknown) => {
      this.context.logger?.error({ taskId: this.task.id, err: error }, 'cannot stop an unhealthy task');
    });
    this.healthGate.resolve();
  }

  /** With a healthcheck, start() returns only once healthy; unhealthy or an exit first is a failed start. */
  private async awaitHealthy(): Promise<void> {
    if (this.monitor === null || this.becameHealthy) return;
    await Promise.race([this.healthGate.promise, this.exited.promise]);
    if (this.unhealthy !== null) {
      await this.unhealthyStop;
      throw this.unhealthy;
    }
    if (this.becameHealthy) return;
    const code = this.exit?.exitCode ?? KILLED_EXIT_CODE;
    throw new TaskStartError(this.task.id, `the process exited with code ${code} before it was healthy`);
  }

  /** Stops the group (the stop signal, SIGKILL after the grace) and returns once it is gone and its exit known. */
  private async stopWith(signal: SignalSpec, graceMs: number): Promise<void> {
    const lostGroup = this.lost?.group ?? null;
    const { clock } = this.context;
    if (lostGroup !== null) {
      await stopGroup(lostGroup, { signal, graceMs, clock });
      return;
    }
    const group = this.group;
    if (group === null) return;
    this.stopping = true;
    this.monitor?.stop();
    await stopGroup(group, { signal, graceMs, clock });
    if (this.parent) await this.exited.promise;
    else await this.checkLeader();
  }

  /** Lets a prepare or launch in progress finish first, so a stop or removal sees what it made. */
  private async settleLaunch(): Promise<void> {
    await this.preparing?.catch(() => {});
    await this.launching?.catch(() => {});
  }

  private stopSignal(): SignalSpec {
    return parseSignal(this.task.spec?.process?.stopSignal ?? '') ?? SIGTERM;
  }

  private refuseIfRemoved(operation: string): void {
    if (this.phase === 'removed') throw new ControllerStateError(this.task.id, operation, 'removed');
  }
}

function invalidTaskId(taskId: string): TaskRejectedError {
  return new TaskRejectedError(taskId, 'the task id cannot name a directory');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
