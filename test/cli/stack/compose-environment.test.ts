import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseComposeDocument } from '../../../cli/stack/compose-document.ts';
import { composeEnvironment } from '../../../cli/stack/compose-environment.ts';
import { composeError } from './compose-source.ts';

const dir = await mkdtemp(join(tmpdir(), 'covey-compose-env-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
await writeFile(join(dir, 'base.env'), 'A=from-base\nB=from-base\n');
await writeFile(join(dir, 'extra.env'), 'B=from-extra\nC=from-extra\n');

const envOf = (yaml: string, env: Record<string, string> = {}) =>
  composeEnvironment(parseComposeDocument({ text: yaml, file: 'compose.yml', dir, env }).root);

t.test('env files in order, environment on top, sorted', async (t) => {
  t.same(envOf('env_file: [base.env, extra.env]\nenvironment:\n  C: from-environment\n  D: 4\n  E: true\n'), [
    'A=from-base',
    'B=from-extra',
    'C=from-environment',
    'D=4',
    'E=true',
  ]);
  t.same(envOf('env_file: base.env\n'), ['A=from-base', 'B=from-base'], 'a single path');
});

t.test("names without values come from covey's environment or are dropped", async (t) => {
  t.same(envOf('environment:\n  - SET\n  - UNSET\n  - X=1=2\nenv_file: base.env\n', { SET: 'yes' }), [
    'A=from-base',
    'B=from-base',
    'SET=yes',
    'X=1=2',
  ]);
  t.same(
    envOf('env_file: base.env\nenvironment:\n  A:\n', {}),
    ['B=from-base'],
    'unset on top of a file removes it',
  );
});

t.test('env_file entries with required: false may be missing', async (t) => {
  t.same(envOf('env_file:\n  - path: nope.env\n    required: false\n  - path: extra.env\n'), [
    'B=from-extra',
    'C=from-extra',
  ]);
  const err = composeError(() => envOf('env_file:\n  - ./nope.env\n'));
  t.equal(err.line, 2);
  t.equal(err.key, 'env_file[0]');
  t.match(err.reason, new RegExp(`cannot read env file ${join(dir, 'nope.env')}: no such file`));
  t.match(composeError(() => envOf('environment:\n  - =x\n')).reason, /expected KEY=VALUE or KEY/);
  t.match(composeError(() => envOf('environment: A=1\n')).reason, /must be a list/);
});
