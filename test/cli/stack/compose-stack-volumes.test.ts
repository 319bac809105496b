import t from 'tap';
import { composeStackVolumes } from '../../../cli/stack/compose-stack-volumes.ts';
import { composeError, composeRoot, composeValue } from './compose-source.ts';

const NS = { 'com.docker.stack.namespace': 'demo', 'covey.stack.namespace': 'demo' };

t.test('stack volumes are prefixed, named, or external as named', async (t) => {
  const volumes = composeStackVolumes(
    composeValue(
      'volumes:\n  data:\n  named: {name: fixed, labels: {a: "1"}}\n  ext: {external: true}\n  old: {external: {name: legacy}}\n',
      'volumes',
    ),
    'demo',
  );
  t.same(Object.fromEntries(volumes), {
    data: { source: 'demo_data', external: false, labels: NS },
    named: { source: 'fixed', external: false, labels: { a: '1', ...NS } },
    ext: { source: 'ext', external: true, labels: {} },
    old: { source: 'legacy', external: true, labels: {} },
  });
  t.equal(composeStackVolumes(undefined, 'demo').size, 0);
});

t.test('driver settings warn, unknown keys fail', async (t) => {
  const { root, warnings } = composeRoot('volumes:\n  data:\n    driver: nfs\n');
  composeStackVolumes(root.get('volumes'), 'demo');
  t.match(warnings, [{ key: 'volumes.data.driver', line: 3 }]);
  t.match(
    composeError(() => composeStackVolumes(composeValue('volumes:\n  data: {size: 1}\n', 'volumes'), 'demo')),
    {
      key: 'volumes.data.size',
      reason: /unknown key/,
    },
  );
});
