import t from 'tap';
import { isObjectId, newObjectId, OBJECT_ID_LENGTH } from '../../manager/object-id.ts';

t.test('ids are 25 base-36 characters, unique, and every character is about equally likely', async (t) => {
  const ids = new Set<string>();
  const counts = new Map<string, number>();
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const id = newObjectId();
    if (id.length !== OBJECT_ID_LENGTH || !isObjectId(id)) t.fail(`bad id ${id}`);
    ids.add(id);
    for (const c of id) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  t.equal(ids.size, n, 'no repeats across pool refills');
  t.equal(counts.size, 36, 'all 36 characters appear');
  const expected = (n * OBJECT_ID_LENGTH) / 36;
  for (const [c, k] of counts) {
    // ±5 % of ~13,900 is > 8 standard deviations: a biased mod-36 reduction (252..255 kept) would not
    // show here, but a broken pool (repeated or zeroed bytes) would.
    if (Math.abs(k - expected) > expected * 0.05) t.fail(`character ${c}: ${k} times, expected ~${expected}`);
  }
});

t.test('isObjectId refuses other shapes', async (t) => {
  t.notOk(isObjectId('ABC'));
  t.notOk(isObjectId(`${'a'.repeat(24)}-`));
  t.ok(isObjectId('0'.repeat(25)));
});
