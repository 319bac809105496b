import t from 'tap';
import {
  apiVersionAtLeast,
  START_INTERVAL_MIN_API,
} from '../../../../agent/executors/docker/engine-api-version.ts';

t.test('API versions compare by major then minor, numerically', async (t) => {
  t.notOk(apiVersionAtLeast('1.41', START_INTERVAL_MIN_API), 'Engine 20.10 has no StartInterval');
  t.ok(apiVersionAtLeast('1.44', START_INTERVAL_MIN_API));
  t.ok(apiVersionAtLeast('1.100', '1.44'), 'not a string comparison');
  t.ok(apiVersionAtLeast('2.0', '1.44'));
  t.notOk(apiVersionAtLeast('', '1.44'), 'an unknown version supports nothing new');
  t.notOk(apiVersionAtLeast('1.x', '1.44'));
});
