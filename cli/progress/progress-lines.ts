// The lines of the progress display, as Docker draws them:
//
//   overall progress: 2 out of 4 tasks
//   1/4: running   [==================================================>]
//   2/4: preparing [=================================>                 ]
//   3/4: no suitable node (3 nodes: 3 unmatched constraint)
//   verify: Waiting 1 seconds to verify that tasks are stable...
//
// Each line has a key (`overall`, the slot, `verify`) so a log-friendly renderer can print only the
// lines that changed.
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import type { Verdict } from './convergence-verdict.ts';
import { type ServiceProgress, TASK_STEPS } from './slot-progress.ts';

export interface ProgressLine {
  readonly key: string;
  readonly text: string;
}

/** Above this many slots only the overall line and the stuck slots are drawn (Docker's limit too). */
export const MAX_SLOT_LINES = 20;
const BAR_WIDTH = 50;
/** Errors are cut so a line stays one terminal line wide, more or less. */
const MAX_MESSAGE = 100;

export function progressLines(
  progress: ServiceProgress,
  updateStatus: UpdateStatus__Output | null,
  verdict: Verdict,
  rollingBack: boolean,
): ProgressLine[] {
  const lines: ProgressLine[] = [];
  if (rollingBack && updateStatus?.message)
    lines.push({ key: 'rollback', text: `rollback: ${updateStatus.message}` });
  lines.push({
    key: 'overall',
    text: `overall progress: ${rollingBack ? 'rolling back update: ' : ''}${progress.done} out of ${progress.desired} tasks`,
  });
  const many = progress.slots.length > MAX_SLOT_LINES;
  const shown = many
    ? progress.slots.filter((s) => s.message !== '').slice(0, MAX_SLOT_LINES)
    : progress.slots;
  const width = Math.max(0, ...shown.map((s) => s.label.length));
  const stateWidth = Math.max(0, ...shown.filter((s) => s.message === '').map((s) => s.state.length));
  for (const slot of shown) {
    const label = `${slot.label}:`.padEnd(width + 1);
    const text =
      slot.message !== ''
        ? `${label} ${truncate(slot.message)}`
        : `${label} ${slot.state.padEnd(stateWidth)} ${bar(slot.step)}`;
    lines.push({ key: `slot ${slot.key}`, text });
  }
  if (verdict.kind === 'waiting' && verdict.verifyingForMs !== undefined)
    lines.push({
      key: 'verify',
      text: `verify: Waiting ${Math.ceil(verdict.verifyingForMs / 1000)} seconds to verify that tasks are stable...`,
    });
  if (verdict.kind === 'converged') lines.push({ key: 'verify', text: 'verify: Service converged' });
  return lines;
}

/** `[=====>    ]` for a step of TASK_STEPS (0: empty). */
export function bar(step: number): string {
  if (step <= 0) return `[${' '.repeat(BAR_WIDTH)}]`;
  const filled = Math.round((Math.min(step, TASK_STEPS.length) / TASK_STEPS.length) * BAR_WIDTH);
  return `[${'='.repeat(Math.max(0, filled - 1))}>${' '.repeat(BAR_WIDTH - filled)}]`;
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= MAX_MESSAGE ? line : `${line.slice(0, MAX_MESSAGE - 3)}...`;
}
