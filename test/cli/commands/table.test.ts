import t from 'tap';
import { formatTable } from '../../../cli/commands/table.ts';

t.test('columns line up three spaces past the widest cell; the last is not padded', async (t) => {
  const out = formatTable(
    ['ID', 'NAME', 'REPLICAS'],
    [
      ['abc', 'web', '3/3'],
      ['defghij', 'a-long-name', '0/1'],
    ],
  );
  t.equal(
    out,
    [
      'ID        NAME          REPLICAS',
      'abc       web           3/3',
      'defghij   a-long-name   0/1',
      '',
    ].join('\n'),
  );
});

t.test('no rows: only the header; missing and empty trailing cells leave no trailing spaces', async (t) => {
  t.equal(formatTable(['ID', 'NAME'], []), 'ID   NAME\n');
  t.equal(formatTable(['A', 'B', 'C'], [['x']]), 'A   B   C\nx\n');
});
