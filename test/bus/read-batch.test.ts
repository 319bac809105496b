// Batches a read hands out: at most 1000 items and about 1 MiB each, an oversized item alone.
import t from 'tap';
import { READ_BATCH_MAX_BYTES, READ_BATCH_MAX_ITEMS, readBatches } from '../../bus/read-batch.ts';

t.test('splits by item count', async (t) => {
  const items = Array.from({ length: 2 * READ_BATCH_MAX_ITEMS + 1 }, (_, i) => i);
  const batches = [...readBatches(items, () => 1)];
  t.strictSame(
    batches.map((b) => b.length),
    [READ_BATCH_MAX_ITEMS, READ_BATCH_MAX_ITEMS, 1],
  );
  t.strictSame(batches.flat(), items, 'nothing lost or reordered');
});

t.test('splits by size; an item larger than a batch goes alone', async (t) => {
  const third = Math.floor(READ_BATCH_MAX_BYTES / 3);
  const sizes = [third, third, third, third, READ_BATCH_MAX_BYTES * 2, 1];
  const batches = [...readBatches(sizes, (s) => s)];
  t.strictSame(batches, [[third, third, third], [third], [READ_BATCH_MAX_BYTES * 2], [1]]);
});

t.test('nothing in, no batch out', async (t) => {
  t.strictSame([...readBatches([], () => 1)], []);
});
