// A benchmark phase that takes longer than its deadline is reported as stuck (with what is stuck)
// instead of being waited for forever.
import { BenchDeadlineError } from './errors.ts';

/** `work`, or a BenchDeadlineError naming `stuck()` once `deadlineMs` has passed. */
export async function withDeadline<T>(work: Promise<T>, deadlineMs: number, stuck: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new BenchDeadlineError(stuck(), deadlineMs)), deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
