import t from 'tap';
import { composeError, composeRoot } from './compose-source.ts';

t.test('a mapping document parses with line positions', async (t) => {
  const { root } = composeRoot('\n\nservices:\n  web:\n    image: nginx\n');
  t.equal(root.get('services')?.get('web')?.get('image')?.line, 5);
});

t.test('YAML syntax errors name the line and the key around them', async (t) => {
  const err = composeError(() =>
    composeRoot('services:\n  web:\n    environment:\n      - A=1\n      B: 2\n'),
  );
  t.equal(err.line, 5);
  t.equal(err.key, 'services.web.environment');
  t.match(err.reason, /^invalid YAML: /);
  t.notMatch(err.message, /\n/);
  const indent = composeError(() => composeRoot('services:\n  web:\n    image: nginx\n   bad: indent\n'));
  t.equal(indent.line, 4);
  t.equal(indent.key, 'services.web');
});

t.test('duplicate keys are refused', async (t) => {
  const err = composeError(() => composeRoot('services:\n  web: {}\n  web: {}\n'));
  t.equal(err.line, 3);
  t.match(err.reason, /invalid YAML: Map keys must be unique/);
});

t.test('an empty document or one that is not a mapping', async (t) => {
  t.equal(
    composeError(() => composeRoot('# only a comment\n')).message,
    'compose.yml: the file is empty: it needs a services: mapping',
  );
  t.equal(composeError(() => composeRoot('just text\n')).line, 1);
});
