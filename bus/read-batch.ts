// Cuts what a read delivers into batches a stream message can carry: ServiceLogsResponse and
// EventsResponse hold at most 1000 items and about 1 MiB each.

export const READ_BATCH_MAX_ITEMS = 1000;
export const READ_BATCH_MAX_BYTES = 1024 * 1024;

/**
 * Consecutive runs of `items`, each at most READ_BATCH_MAX_ITEMS long and at most
 * READ_BATCH_MAX_BYTES by `sizeOf` (an item larger than that alone gets a batch of its own).
 */
export function* readBatches<T>(items: Iterable<T>, sizeOf: (item: T) => number): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (batch.length >= READ_BATCH_MAX_ITEMS || bytes + size > READ_BATCH_MAX_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
