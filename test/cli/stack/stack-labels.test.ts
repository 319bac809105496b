import t from 'tap';
import {
  checkStackName,
  stackFilter,
  stackOf,
  stackServiceName,
  withStackLabels,
} from '../../../cli/stack/stack-labels.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';

t.test('names and labels as Docker writes them', async (t) => {
  t.equal(stackServiceName('web', 'redis'), 'web_redis');
  t.same(withStackLabels('web', { a: '1', 'com.docker.stack.namespace': 'other' }), {
    a: '1',
    'com.docker.stack.namespace': 'web',
    'covey.stack.namespace': 'web',
  });
  t.same(stackFilter('web'), { labels: { 'com.docker.stack.namespace': 'web' } });
  t.same(stackFilter(), { labels: { 'com.docker.stack.namespace': '' } }, 'any stack');
  const service = (labels: Record<string, string>) =>
    ({ spec: { annotations: { name: 'x', labels } } }) as unknown as Service__Output;
  t.equal(stackOf(service({ 'com.docker.stack.namespace': 'web' })), 'web');
  t.equal(stackOf(service({})), undefined);
});

t.test('stack names', async (t) => {
  t.equal(checkStackName('my-stack_1.0'), 'my-stack_1.0');
  for (const bad of ['', '-x', 'a b', 'a/b', 'x'.repeat(51)])
    t.throws(() => checkStackName(bad), UsageError, bad);
});
