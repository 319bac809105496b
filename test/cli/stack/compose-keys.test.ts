import t from 'tap';
import { supportedEntries } from '../../../cli/stack/compose-keys.ts';
import { composeError, composeRoot } from './compose-source.ts';

t.test('supported keys pass, ignored ones warn, x- ones are skipped, others fail', async (t) => {
  const { root, warnings } = composeRoot('a: 1\nold: 2\nx-mine: 3\nb: 4\n');
  const entries = supportedEntries(root, ['a', 'b'], { old: 'superseded by b' });
  t.same(
    entries.map((e) => e.key),
    ['a', 'b'],
  );
  t.same(warnings, [{ file: 'compose.yml', line: 2, key: 'old', message: 'ignored: superseded by b' }]);
  const err = composeError(() => supportedEntries(composeRoot('a: 1\nc: 2\n').root, ['a', 'b']));
  t.match(err, { line: 2, key: 'c', reason: 'unknown key (expected one of a, b)' });
});
