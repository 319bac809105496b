// The watch loop: observe the service, work out each slot's progress and the verdict, draw, wait,
// until the verdict is final or the caller aborts (Ctrl-C detaches). Polling unary calls keeps it
// simple and lets any manager answer; a manager election in between only delays it.
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { isServiceError } from '../commands/control-call-error.ts';
import { judgeConvergence, startVerdict, type VerdictOptions } from './convergence-verdict.ts';
import type { NotConvergedKind } from './not-converged-error.ts';
import { type ProgressLine, progressLines } from './progress-lines.ts';
import type { ServiceObservation } from './service-observation.ts';
import { serviceProgress } from './slot-progress.ts';

export interface WatchOptions {
  readonly verdict: VerdictOptions;
  /** The update status the command's write left (see VerdictMemory.baseline). */
  readonly baseline?: UpdateStatus__Output | null;
  /** Between observations. */
  readonly pollMs: number;
  /** Aborting detaches: the watch returns { kind: 'detached' } at once. */
  readonly signal?: AbortSignal;
  readonly draw?: (lines: readonly ProgressLine[]) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** How long the managers may not answer (an election, a restart) before the watch gives up. */
  readonly unreachableForMs?: number;
}

export type WatchOutcome =
  | { readonly kind: 'converged' }
  | { readonly kind: 'detached' }
  | { readonly kind: NotConvergedKind; readonly reason: string };

const TRANSIENT = new Set<number>([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

export async function watchConvergence(
  observe: () => Promise<ServiceObservation>,
  options: WatchOptions,
): Promise<WatchOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : {}));
  const unreachableForMs = options.unreachableForMs ?? 20_000;
  let memory = startVerdict(now(), options.baseline ?? null);
  let unreachableSince: number | undefined;
  for (;;) {
    if (options.signal?.aborted) return { kind: 'detached' };
    let observation: ServiceObservation | undefined;
    try {
      observation = await observe();
      unreachableSince = undefined;
    } catch (err) {
      if (!isServiceError(err) || !TRANSIENT.has(err.code)) throw err;
      unreachableSince ??= now();
      if (now() - unreachableSince >= unreachableForMs) throw err;
      const timeoutMs = options.verdict.timeoutMs;
      if (timeoutMs !== undefined && now() - memory.startedAtMs >= timeoutMs)
        return {
          kind: 'timeout',
          reason: `not converged after ${timeoutMs} ms: no manager answers (${err.details})`,
        };
    }
    if (observation !== undefined) {
      const progress = serviceProgress(observation);
      const updateStatus = observation.service.updateStatus;
      const judged = judgeConvergence(memory, { progress, updateStatus, nowMs: now() }, options.verdict);
      memory = judged.memory;
      options.draw?.(progressLines(progress, updateStatus, judged.verdict, judged.rollingBack));
      if (judged.verdict.kind !== 'waiting') return judged.verdict;
    }
    try {
      await sleep(options.pollMs, options.signal);
    } catch (err) {
      if (options.signal?.aborted) return { kind: 'detached' };
      throw err;
    }
  }
}
