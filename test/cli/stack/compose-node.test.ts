// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose's ${VAR} syntax is what these tests are about
import t from 'tap';
import { composeError, composeRoot, composeValue } from './compose-source.ts';

t.test('entries keep file order and carry their path and line', async (t) => {
  const { root } = composeRoot('a: 1\nb:\n  c: x\n  d: [1, 2]\n');
  t.same(
    root.entries().map((e) => [e.key, e.value.path, e.value.line]),
    [
      ['a', 'a', 1],
      ['b', 'b', 2],
    ],
  );
  const d = root.get('b')?.get('d');
  t.same(
    d?.items().map((i) => [i.path, i.line, i.int()]),
    [
      ['b.d[0]', 4, 1],
      ['b.d[1]', 4, 2],
    ],
  );
});

t.test('<< merges: own keys win, earlier sources win over later ones', async (t) => {
  const { root } = composeRoot(
    ['base: &base {a: 1, b: 1}', 'more: &more {b: 2, c: 2}', 'x:', '  <<: [*base, *more]', '  a: 0', ''].join(
      '\n',
    ),
  );
  const x = root.get('x');
  t.same(Object.fromEntries(x?.entries().map((e) => [e.key, e.value.int()]) ?? []), { a: 0, b: 1, c: 2 });
  t.equal(x?.get('c')?.path, 'x.c', 'a merged key takes its place in the path');
  t.equal(x?.get('c')?.line, 2, 'and keeps the line it was written on');
  t.match(
    composeError(() => composeRoot('x:\n  <<: 5\n').root.get('x')?.entries()).reason,
    /a << merge takes/,
  );
});

t.test('aliases stand for their anchor', async (t) => {
  const { root } = composeRoot('a: &v [x, y]\nb: *v\n');
  t.same(root.get('b')?.strings(), ['x', 'y']);
});

t.test('typed reads fail with the expected type', async (t) => {
  const node = (text: string) => composeValue(`v: ${text}\n`, 'v');
  t.equal(node('"text"').string(), 'text');
  t.equal(node('1000').string(), '1000', 'numbers are accepted as strings (user: 1000)');
  t.equal(composeError(() => node('true').string()).reason, 'must be a string');
  t.equal(composeError(() => node('[a]').string()).reason, 'must be a string');
  t.equal(node('true').text(), 'true');
  t.equal(composeError(() => node('~').text()).reason, 'must be a string, number or boolean');
  t.equal(node('3').int(), 3);
  t.equal(
    composeError(() => node('"3"').int()).reason,
    'must be a non-negative integer',
    'a quoted number is a string',
  );
  t.equal(composeError(() => node('-1').int()).reason, 'must be a non-negative integer');
  t.equal(composeError(() => node('1.5').int()).reason, 'must be a non-negative integer');
  t.equal(composeError(() => node('0').int(1, 9)).reason, 'must be an integer from 1 to 9');
  t.equal(node('"0.50"').number(), 0.5);
  t.equal(composeError(() => node('abc').number()).reason, 'must be a number');
  t.equal(node('false').bool(), false);
  t.equal(composeError(() => node('"yes"').bool()).reason, 'must be true or false');
  t.same(node('one').strings(true), ['one']);
  t.equal(composeError(() => node('one').strings()).reason, 'must be a list');
  t.equal(composeError(() => node('[a]').entries()).reason, 'must be a mapping of keys to values');
  t.equal(composeError(() => composeRoot('? [a]\n: 1\n').root.entries()).reason, 'keys must be strings');
});

t.test('strings are interpolated; an interpolated number or boolean counts as one', async (t) => {
  const env = { N: '4', B: 'true', TAG: '7' };
  t.equal(composeValue('v: "${N}"\n', 'v', env).int(), 4);
  t.equal(composeValue('v: $B\n', 'v', env).bool(), true);
  t.equal(composeValue('v: app:${TAG}\n', 'v', env).string(), 'app:7');
  const { root, warnings } = composeRoot('v: ${MISSING}x\n', env);
  t.equal(root.get('v')?.string(), 'x');
  t.equal(root.get('v')?.text(), 'x', 'read twice, warned once');
  t.same(warnings, [
    {
      file: 'compose.yml',
      line: 1,
      key: 'v',
      message: 'variable MISSING is not set: it reads as an empty string',
    },
  ]);
  const err = composeError(() => composeValue('v: ${NEED:?say it}\n', 'v').string());
  t.equal(err.message, 'compose.yml:1: v: variable NEED is not set: say it');
});
