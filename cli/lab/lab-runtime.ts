// Which runtime a lab's nodes run tasks with: docker when the engine answers, else process (auto),
// decided once by `lab up` with the daemon's own probe (runtime-choice.ts) and then passed to every
// daemon explicitly, so all nodes agree and `lab up` can say which one it is.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { createExecutor } from '../daemon/runtime-choice.ts';
import type { LabRuntime } from './lab-state-file.ts';

export const LAB_RUNTIME_CHOICES = ['auto', 'docker', 'process'] as const;
export type LabRuntimeChoice = (typeof LAB_RUNTIME_CHOICES)[number];

export interface ChosenRuntime {
  readonly runtime: LabRuntime;
  /** Why, for the operator: "asked for", "the engine answers", "no Docker engine answers (…)". */
  readonly reason: string;
}

/**
 * The runtime for `choice`. An explicit docker whose engine does not answer is the UsageError of
 * createExecutor, before anything is started.
 */
export async function chooseLabRuntime(
  choice: LabRuntimeChoice,
  create?: typeof createExecutor,
): Promise<ChosenRuntime> {
  // Loaded on demand: every `covey` command registers `lab up`, few run it.
  const createExec = create ?? (await import('../daemon/runtime-choice.ts')).createExecutor;
  if (choice === 'process') return { runtime: 'process', reason: 'asked for' };
  const reasons: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        const reason = (JSON.parse(line) as { reason?: unknown }).reason;
        if (typeof reason === 'string') reasons.push(reason);
      },
    },
  );
  // The process executor keeps nothing in its directory until it runs a task; it gets a scratch one.
  const scratch = await mkdtemp(join(tmpdir(), 'covey-lab-probe-'));
  try {
    const executor = await createExec(choice, { nodeId: 'covey-lab-probe', agentDir: scratch, logger });
    if (executor?.runtime === RuntimeKind.RUNTIME_KIND_DOCKER)
      return { runtime: 'docker', reason: choice === 'docker' ? 'asked for' : 'the Docker engine answers' };
    return {
      runtime: 'process',
      reason: `no Docker engine answers${reasons[0] === undefined ? '' : ` (${reasons[0]})`}`,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
