// IDs that become NATS subject tokens (service, task and object IDs in `covey.logs.<s>.<t>`).
// Both buses refuse the same IDs, so a line the embedded bus accepts NATS accepts too.

/** Longest ID accepted; covey's IDs are 25 characters. */
export const MAX_SUBJECT_TOKEN_LENGTH = 128;

// No separator, no wildcard, nothing invisible (space, control characters, DEL).
const FORBIDDEN = /[.*>\s\p{Cc}]/u;

/** Why `value` cannot be one subject token, or undefined when it can. */
export function subjectTokenProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty';
  if (value.length > MAX_SUBJECT_TOKEN_LENGTH) return `is longer than ${MAX_SUBJECT_TOKEN_LENGTH} characters`;
  if (FORBIDDEN.test(value)) return `"${value}" contains '.', '*', '>', a space or a control character`;
  return undefined;
}
