// Paging rules of control.proto: default and maximum page sizes, the ~2 MiB bound, the token as the
// last id, and a token only when another matching item exists.
import t from 'tap';
import {
  DEFAULT_PAGE_SIZE,
  effectivePageSize,
  MAX_PAGE_SIZE,
  PAGE_BYTES_LIMIT,
  takePage,
} from '../../../manager/controlapi/control-paging.ts';
import { SpecValidationError } from '../../../manager/controlapi/validation-error.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id${String(i).padStart(5, '0')}` }));

t.test('page sizes: 0 is the default, above the maximum is clamped', async (t) => {
  t.equal(effectivePageSize(0), DEFAULT_PAGE_SIZE);
  t.equal(effectivePageSize(5000), MAX_PAGE_SIZE);
  t.equal(effectivePageSize(7), 7);
  const page = takePage(items(1500), () => true, { pageSize: 0, pageToken: '' });
  t.equal(page.items.length, 500);
  t.equal(page.nextPageToken, 'id00499');
});

t.test('the token resumes after the last id, even when that item is gone', async (t) => {
  const all = items(10);
  const page = takePage(all, () => true, { pageSize: 3, pageToken: 'id00002' });
  t.same(
    page.items.map((i) => i.id),
    ['id00003', 'id00004', 'id00005'],
  );
  const withoutToken = all.filter((i) => i.id !== 'id00002');
  t.same(takePage(withoutToken, () => true, { pageSize: 1, pageToken: 'id00002' }).items, [
    { id: 'id00003' },
  ]);
  t.throws(() => takePage(all, () => true, { pageSize: 1, pageToken: 'x'.repeat(257) }), SpecValidationError);
});

t.test('no token when nothing after the page matches', async (t) => {
  const even = (i: { id: string }) => Number(i.id.slice(2)) % 2 === 0;
  const page = takePage(items(5), even, { pageSize: 2, pageToken: '' });
  t.same(
    page.items.map((i) => i.id),
    ['id00000', 'id00002'],
  );
  t.equal(page.nextPageToken, 'id00002');
  const last = takePage(items(5), even, { pageSize: 2, pageToken: page.nextPageToken });
  t.same(
    last.items.map((i) => i.id),
    ['id00004'],
  );
  t.equal(last.nextPageToken, '');
});

t.test('a page ends before about 2 MiB, but always carries one item', async (t) => {
  const size = Math.floor(PAGE_BYTES_LIMIT / 3) + 1;
  const page = takePage(
    items(10),
    () => true,
    { pageSize: 10, pageToken: '' },
    () => size,
  );
  t.equal(page.items.length, 2, 'a third item would pass the bound');
  t.equal(page.nextPageToken, 'id00001');
  const huge = takePage(
    items(3),
    () => true,
    { pageSize: 10, pageToken: '' },
    () => PAGE_BYTES_LIMIT * 2,
  );
  t.equal(huge.items.length, 1);
});
