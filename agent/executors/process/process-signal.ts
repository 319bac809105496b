// Signal names as a spec writes them (`SIGTERM`, `TERM`, `15`) and which ones the task's wrapper
// shell must trap so that a signal meant for the program does not end the wrapper first.
import { constants } from 'node:os';

export interface SignalSpec {
  /** Canonical name, `SIGTERM`. */
  readonly name: string;
  readonly number: number;
}

const SIGNALS: Readonly<Record<string, number>> = constants.signals;

export const SIGTERM: SignalSpec = { name: 'SIGTERM', number: SIGNALS.SIGTERM ?? 15 };
export const SIGKILL: SignalSpec = { name: 'SIGKILL', number: SIGNALS.SIGKILL ?? 9 };

/** The stop signal a spec names; '' is SIGTERM; null when the text names no signal. */
export function parseSignal(text: string): SignalSpec | null {
  const trimmed = text.trim();
  if (trimmed === '') return SIGTERM;
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    const name = Object.keys(SIGNALS).find((key) => SIGNALS[key] === number);
    return name === undefined ? null : { name, number };
  }
  const upper = trimmed.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const number = SIGNALS[name];
  return number === undefined ? null : { name, number };
}

/** Signals whose default action would not end the wrapper, or that cannot be caught at all. */
const NOT_TRAPPED = new Set(['SIGKILL', 'SIGSTOP', 'SIGCHLD', 'SIGCONT', 'SIGWINCH', 'SIGURG']);

/**
 * The names (without SIG, as `trap` takes them) the wrapper traps: TERM, INT and HUP always, and the
 * task's stop signal when it would otherwise kill the wrapper before the program.
 */
export function wrapperTrapSignals(stop: SignalSpec): string[] {
  const names = ['TERM', 'INT', 'HUP'];
  const short = stop.name.slice(3);
  if (!NOT_TRAPPED.has(stop.name) && !names.includes(short)) names.push(short);
  return names;
}
