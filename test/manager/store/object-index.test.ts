import t from 'tap';
import { ObjectIndex } from '../../../manager/store/object-index.ts';

type Obj = { readonly keys: readonly string[] };
const o = (...keys: string[]): Obj => ({ keys });
const ids = (s: ReadonlySet<string>) => [...s].sort();

t.test('keys held by one id and by several, through moves and removals', async (t) => {
  const idx = new ObjectIndex<Obj>((x) => x.keys);
  idx.update('a', undefined, o('k'));
  t.same(ids(idx.lookup('k')), ['a']);
  idx.update('b', undefined, o('k', 'm'));
  t.same(ids(idx.lookup('k')), ['a', 'b'], 'a second id joins the first');
  t.same(ids(idx.lookup('m')), ['b']);
  idx.update('a', o('k'), o('k'));
  t.same(ids(idx.lookup('k')), ['a', 'b'], 'an unchanged key stays');
  idx.update('a', o('k'), o('m'));
  t.same(ids(idx.lookup('k')), ['b']);
  t.same(ids(idx.lookup('m')), ['a', 'b']);
  idx.update('b', o('k', 'm'), undefined);
  t.same(ids(idx.lookup('k')), [], 'the last id leaves: the key is gone');
  t.same(ids(idx.lookup('m')), ['a']);
  idx.update('c', undefined, o('only'));
  idx.update('d', o('only'), undefined);
  t.same(ids(idx.lookup('only')), ['c'], 'removing an id a key does not hold leaves it alone');
  idx.update('c', undefined, o('only'));
  t.same(ids(idx.lookup('only')), ['c'], 'adding an id twice files it once');
  idx.clear();
  t.same(ids(idx.lookup('m')), []);
});
