import t from 'tap';
import { composeBytes, composeDuration, composeNanoCpus } from '../../../cli/stack/compose-units.ts';
import { composeError, composeValue } from './compose-source.ts';

const v = (text: string) => composeValue(`v: ${text}\n`, 'v');

t.test('compose durations', async (t) => {
  t.same(composeDuration(v('1m30s')), { seconds: 90, nanos: 0 });
  t.same(composeDuration(v('1h5m30s20ms')), { seconds: 3930, nanos: 20_000_000 });
  t.same(composeDuration(v('10us')), { seconds: 0, nanos: 10_000 });
  t.same(composeDuration(v('0')), { seconds: 0, nanos: 0 });
  t.same(composeDuration(v('"0s"')), { seconds: 0, nanos: 0 });
  t.match(composeError(() => composeDuration(v('30'))).reason, /a duration with a unit/);
  t.match(
    composeError(() => composeDuration(v('-1s'))),
    { key: 'v', reason: /expected a duration like 10s/ },
  );
});

t.test('compose sizes', async (t) => {
  t.equal(composeBytes(v('512M')), 512 * 1024 ** 2);
  t.equal(composeBytes(v('1gb')), 1024 ** 3);
  t.equal(composeBytes(v('64k')), 64 * 1024);
  t.equal(composeBytes(v('1048576')), 1024 ** 2, 'a number is bytes');
  t.equal(composeBytes(v('"100b"')), 100);
  t.match(composeError(() => composeBytes(v('1 parsec'))).reason, /expected a size like 512M or 1G/);
});

t.test('cpus as a number or a string', async (t) => {
  t.equal(composeNanoCpus(v('0.5')), 500_000_000);
  t.equal(composeNanoCpus(v('"0.50"')), 500_000_000);
  t.equal(composeNanoCpus(v('2')), 2_000_000_000);
  t.match(composeError(() => composeNanoCpus(v('-1'))).reason, /a number of CPUs/);
});
