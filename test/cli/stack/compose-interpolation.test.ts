// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose's ${VAR} syntax is what these tests are about
import t from 'tap';
import { InterpolationError, interpolate } from '../../../cli/stack/compose-interpolation.ts';

const env = { TAG: '1.2', EMPTY: '', HOST: 'db' };

t.test('plain and braced variables', async (t) => {
  t.same(interpolate('app:$TAG', env), { text: 'app:1.2', unset: [] });
  t.same(interpolate('app:${TAG}-x', env), { text: 'app:1.2-x', unset: [] });
  t.same(interpolate('no variables', env), { text: 'no variables', unset: [] });
});

t.test('$$ is a literal dollar', async (t) => {
  t.equal(interpolate('echo $$HOME and $${TAG}', env).text, 'echo $HOME and ${TAG}');
});

t.test('unset variables read as empty and are reported once', async (t) => {
  t.same(interpolate('$NOPE-${NOPE}', env), { text: '-', unset: ['NOPE'] });
});

t.test('defaults: :- for unset or empty, - for unset only', async (t) => {
  t.equal(interpolate('${NOPE:-d}', env).text, 'd');
  t.equal(interpolate('${EMPTY:-d}', env).text, 'd');
  t.equal(interpolate('${EMPTY-d}', env).text, '');
  t.equal(interpolate('${NOPE-d}', env).text, 'd');
  t.equal(interpolate('${TAG:-d}', env).text, '1.2');
  t.same(interpolate('${NOPE:-${HOST}:5432}', env), { text: 'db:5432', unset: [] }, 'nested default');
  t.equal(interpolate('${NOPE:-}', env).text, '');
});

t.test('alternatives: :+ when set and non-empty, + when set', async (t) => {
  t.equal(interpolate('${TAG:+yes}', env).text, 'yes');
  t.equal(interpolate('${EMPTY:+yes}', env).text, '');
  t.equal(interpolate('${EMPTY+yes}', env).text, 'yes');
  t.equal(interpolate('${NOPE+yes}', env).text, '');
});

t.test('required: :? and ? fail with the message', async (t) => {
  t.equal(interpolate('${TAG:?need a tag}', env).text, '1.2');
  t.throws(() => interpolate('${NOPE:?need a tag}', env), {
    name: 'InterpolationError',
    message: 'variable NOPE is not set: need a tag',
  });
  t.throws(() => interpolate('${EMPTY:?}', env), { message: 'variable EMPTY is empty' });
  t.equal(interpolate('${EMPTY?x}', env).text, '', '? accepts an empty value');
});

t.test('malformed forms are errors', async (t) => {
  for (const bad of ['cost: 5$', '$ 5', '${', '${TAG', '${1A}', '${TAG:x}', '${}']) {
    t.throws(() => interpolate(bad, env), InterpolationError, bad);
  }
});
