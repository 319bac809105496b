// Checks of the plain request fields every ControlService RPC has (ids, versions, required messages),
// reported like spec problems: INVALID_ARGUMENT naming the field.
import { SpecValidationError } from './validation-error.ts';

/** `field: required` for an empty id or an absent message. */
export function requireField<T>(field: string, value: T | null | undefined | ''): T {
  if (value === null || value === undefined || value === '') throw new SpecValidationError(field, 'required');
  return value;
}

/** A version the caller read; 0 would disable the store's check, so it is refused. */
export function requireVersion(field: string, version: number): number {
  if (version === 0) {
    throw new SpecValidationError(field, 'required: the meta.version of the object as you read it');
  }
  return version;
}
