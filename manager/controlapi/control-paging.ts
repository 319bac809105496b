// Paging of the List* RPCs as control.proto states it: items in id order, a page of page_size items
// (0 → 500, at most 1000) that also ends before about 2 MiB, and the last id returned as the token,
// so a listing stays valid while objects come and go.
import { SpecValidationError } from './validation-error.ts';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;
/** Below the 4 MiB message limit with room for the envelope. */
export const PAGE_BYTES_LIMIT = 2 * 1024 * 1024;
/** Ids are 25 characters; anything far longer was not returned by this server. */
const MAX_TOKEN_LENGTH = 256;

export interface PageRequest {
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface Page<T> {
  readonly items: T[];
  /** '' on the last page. */
  readonly nextPageToken: string;
}

/** Upper bound of an item's encoded size: JSON spells every key, protobuf does not. */
export function estimatedSize(item: unknown): number {
  return JSON.stringify(item)?.length ?? 0;
}

export function effectivePageSize(requested: number): number {
  if (!Number.isFinite(requested) || requested <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.floor(requested), MAX_PAGE_SIZE);
}

/** Index of the first id strictly after `token` in `sorted` (ids ascending). */
function firstAfter<T extends { readonly id: string }>(sorted: readonly T[], token: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.id <= token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page of the `candidates` (sorted by id) that `matches`, after `pageToken`. The token is only
 * set when another matching item exists, so the last page always ends the listing.
 */
export function takePage<T extends { readonly id: string }>(
  candidates: readonly T[],
  matches: (item: T) => boolean,
  request: PageRequest,
  sizeOf: (item: T) => number = estimatedSize,
): Page<T> {
  if (request.pageToken.length > MAX_TOKEN_LENGTH) {
    throw new SpecValidationError('pageToken', 'not a token this server returned');
  }
  const limit = effectivePageSize(request.pageSize);
  const items: T[] = [];
  let bytes = 0;
  let i = request.pageToken === '' ? 0 : firstAfter(candidates, request.pageToken);
  for (; i < candidates.length; i++) {
    const item = candidates[i]!;
    if (!matches(item)) continue;
    const size = sizeOf(item);
    // A page always carries at least one item, however large.
    if (items.length >= limit || (items.length > 0 && bytes + size > PAGE_BYTES_LIMIT)) {
      return { items, nextPageToken: items[items.length - 1]!.id };
    }
    items.push(item);
    bytes += size;
  }
  return { items, nextPageToken: '' };
}
