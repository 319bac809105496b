// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose's ${VAR} syntax is what these tests are about
import t from 'tap';
import { parseEnvFile } from '../../../cli/stack/compose-env-file.ts';
import { ComposeFileError } from '../../../cli/stack/compose-errors.ts';

t.test('KEY=VALUE lines, comments, export, quotes, inherited names', async (t) => {
  const text = [
    '# a comment',
    '',
    'A=1',
    'export B = two',
    'C="line\\nbreak \\"q\\" ${HOST}"',
    "D='literal ${HOST} \\n'",
    'E=value # trailing comment',
    'F=a#b',
    'G',
    'H',
    'I=${HOST:-x}:5432',
    'J="cost \\$5"',
    'K=',
  ].join('\n');
  const vars = parseEnvFile(text, 'app.env', { HOST: 'db', G: 'from-env' });
  t.same(Object.fromEntries(vars), {
    A: '1',
    B: 'two',
    C: 'line\nbreak "q" db',
    D: 'literal ${HOST} \\n',
    E: 'value',
    F: 'a#b',
    G: 'from-env',
    I: 'db:5432',
    J: 'cost $5',
    K: '',
  });
  t.notOk(vars.has('H'), 'a bare name covey does not have is left out');
});

t.test('mistakes name the env file and line', async (t) => {
  const err = t.throws(() => parseEnvFile('A=1\n=oops\n', 'app.env', {})) as ComposeFileError;
  t.ok(err instanceof ComposeFileError);
  t.equal(err.message, 'app.env:2: expected KEY=VALUE, got "=oops"');
  const quote = t.throws(() => parseEnvFile('A=1\nB="open\n', 'app.env', {})) as ComposeFileError;
  t.equal(quote.message, 'app.env:2: B: unclosed " quote');
  const required = t.throws(() => parseEnvFile('X=${NEED:?set NEED}\n', 'app.env', {})) as ComposeFileError;
  t.equal(required.message, 'app.env:1: X: variable NEED is not set: set NEED');
});
