import t from 'tap';
import { composeLabels } from '../../../cli/stack/compose-labels.ts';
import { composeError, composeValue } from './compose-source.ts';

t.test('a mapping or a list of key=value', async (t) => {
  t.same(composeLabels(composeValue('l:\n  a: 1\n  b: true\n  c:\n  d.e: "x y"\n', 'l')), {
    a: '1',
    b: 'true',
    c: '',
    'd.e': 'x y',
  });
  t.same(composeLabels(composeValue('l: [a=1, b, "c=x=y"]\n', 'l')), { a: '1', b: '', c: 'x=y' });
  t.same(composeLabels(composeValue('l:\n', 'l')), {});
});

t.test('an entry without a key fails at the entry', async (t) => {
  t.match(
    composeError(() => composeLabels(composeValue('l:\n  - a=1\n  - =2\n', 'l'))),
    {
      key: 'l[1]',
      line: 3,
      reason: 'invalid label "=2": expected key=value',
    },
  );
  t.match(composeError(() => composeLabels(composeValue('l: text\n', 'l'))).reason, /must be a list/);
});
