import t from 'tap';
import { parseScaleArgument } from '../../../cli/commands/service-scale.ts';

t.test('SERVICE=REPLICAS', async (t) => {
  t.same(parseScaleArgument('web=6'), ['web', 6]);
  t.same(parseScaleArgument('api=0'), ['api', 0]);
  t.throws(() => parseScaleArgument('web'), { name: 'FlagValueError' });
  t.throws(() => parseScaleArgument('=3'), { name: 'FlagValueError' });
  t.throws(() => parseScaleArgument('web=many'), { name: 'FlagValueError' });
});
