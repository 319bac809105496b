import t from 'tap';
import { parseSignal, wrapperTrapSignals } from '../../../../agent/executors/process/process-signal.ts';

t.test('stop signals are accepted as SIGTERM, TERM, 15 (any case); empty is SIGTERM', async (t) => {
  for (const text of ['SIGTERM', 'TERM', '15', 'sigterm', ' term ', '']) {
    t.same(parseSignal(text), { name: 'SIGTERM', number: 15 }, JSON.stringify(text));
  }
  t.same(parseSignal('SIGUSR1'), { name: 'SIGUSR1', number: 10 });
  t.same(parseSignal('9'), { name: 'SIGKILL', number: 9 });
  t.equal(parseSignal('SIGNOPE'), null);
  t.equal(parseSignal('999'), null);
});

t.test('the wrapper traps TERM, INT, HUP and a stop signal that would end it', async (t) => {
  const spec = (text: string) => parseSignal(text) ?? { name: 'none', number: 0 };
  t.same(wrapperTrapSignals(spec('TERM')), ['TERM', 'INT', 'HUP']);
  t.same(wrapperTrapSignals(spec('USR1')), ['TERM', 'INT', 'HUP', 'USR1']);
  t.same(wrapperTrapSignals(spec('KILL')), ['TERM', 'INT', 'HUP'], 'KILL cannot be trapped');
  t.same(wrapperTrapSignals(spec('WINCH')), ['TERM', 'INT', 'HUP'], 'WINCH does not end the wrapper');
});
