// Which executor runs this node's tasks (`covey daemon --runtime`): docker when the engine answers,
// else plain processes (auto, the default); or one named explicitly; hollow for scale simulations;
// none for a manager that runs no tasks (its agent still keeps the node READY). The daemon logs what it chose and why.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { DockerExecutor } from '../../agent/executors/docker/docker-executor.ts';
import type { Executor } from '../../agent/executors/executor.ts';
import { HollowExecutor } from '../../agent/executors/hollow-executor.ts';
import { NoRuntimeExecutor } from '../../agent/executors/no-runtime-executor.ts';
import { ProcessExecutor } from '../../agent/executors/process/process-executor.ts';
import { systemClock } from '../../agent/worker/clock.ts';
import { UsageError } from '../usage-error.ts';
import type { RuntimeChoice } from './runtime-choices.ts';

export interface ExecutorContext {
  readonly nodeId: string;
  /** The agent's directory in the data dir (process records and output live under it). */
  readonly agentDir: string;
  readonly logger: Logger;
}

/** The executor for `choice` ('none': one that runs nothing). An explicit docker without an engine is a UsageError. */
export async function createExecutor(choice: RuntimeChoice, ctx: ExecutorContext): Promise<Executor> {
  const processExecutor = (): Executor =>
    new ProcessExecutor({ dataDir: join(ctx.agentDir, 'process'), nodeId: ctx.nodeId, logger: ctx.logger });
  switch (choice) {
    case 'none':
      return new NoRuntimeExecutor();
    case 'hollow':
      return new HollowExecutor({ clock: systemClock });
    case 'process':
      return processExecutor();
    case 'docker':
      try {
        return await DockerExecutor.connect({ nodeId: ctx.nodeId, logger: ctx.logger });
      } catch (err) {
        throw new UsageError(`--runtime docker: ${(err as Error).message}`);
      }
    case 'auto':
      try {
        const docker = await DockerExecutor.connect({ nodeId: ctx.nodeId, logger: ctx.logger });
        ctx.logger.info(
          { runtime: 'docker', engine: docker.describe().engine?.version },
          'runtime: docker (the engine answers)',
        );
        return docker;
      } catch (err) {
        ctx.logger.info(
          { runtime: 'process', reason: (err as Error).message },
          'runtime: process (no Docker engine answers)',
        );
        return processExecutor();
      }
  }
}
