// Names and labels (Annotations, and the label maps of containers and volumes), with the bounds
// types.proto states: names 1–63 of [a-zA-Z0-9_.-] starting alphanumeric, ≤ 128 labels, keys 1–255
// bytes, values ≤ 4 KiB.
import type { Annotations } from '../../proto/gen/covey/v1/Annotations.ts';
import { at, byteLength, checkMaxBytes } from './field-checks.ts';
import type { SpecProblems } from './validation-error.ts';

export const MAX_NAME_LENGTH = 63;
export const MAX_LABELS = 128;
export const MAX_LABEL_KEY_BYTES = 255;
export const MAX_LABEL_VALUE_BYTES = 4 * 1024;

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function checkName(p: SpecProblems, field: string, name: string | undefined, required: boolean): void {
  const n = name ?? '';
  if (n === '') {
    if (required) p.add(field, 'required');
    return;
  }
  if (n.length > MAX_NAME_LENGTH) p.add(field, `at most ${MAX_NAME_LENGTH} characters, got ${n.length}`);
  else if (!NAME_RE.test(n)) {
    p.add(
      field,
      `${JSON.stringify(n)} must be letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
  }
}

export function checkLabels(
  p: SpecProblems,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  if (labels === undefined) return;
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) p.add(field, `at most ${MAX_LABELS} labels, got ${entries.length}`);
  for (const [key, value] of entries) {
    if (key === '') p.add(field, 'label key must not be empty');
    else if (byteLength(key) > MAX_LABEL_KEY_BYTES) {
      p.add(
        at(field, `${key.slice(0, 32)}…`),
        `label key at most ${MAX_LABEL_KEY_BYTES} bytes, got ${byteLength(key)}`,
      );
    }
    checkMaxBytes(p, at(field, key), value, MAX_LABEL_VALUE_BYTES);
  }
}

export function checkAnnotations(
  p: SpecProblems,
  field: string,
  a: Annotations | null | undefined,
  nameRequired: boolean,
): void {
  if (a === null || a === undefined) {
    if (nameRequired) p.add(`${field}.name`, 'required');
    return;
  }
  checkName(p, `${field}.name`, a.name, nameRequired);
  checkLabels(p, `${field}.labels`, a.labels);
}
