// Which failures are the lab's own (a lab already running, none to stop, a node that never came
// up, …): cli-errors.ts prints their message as is, with exit status 1.
import * as labErrors from '../lab/lab-errors.ts';

/** Every class lab-errors.ts exports: that file holds the lab's one-line failures and nothing else. */
const LAB_ERRORS = Object.values(labErrors);

export function isLabFailure(err: unknown): err is Error {
  return LAB_ERRORS.some((E) => err instanceof E);
}
