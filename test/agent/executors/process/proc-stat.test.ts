import t from 'tap';
import { listProcStats, parseProcStat, readProcStat } from '../../../../agent/executors/process/proc-stat.ts';

t.test('parses the fields it needs, whatever the command name holds', async (t) => {
  const fields = 'S 1 4000 4000 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 1000 10';
  t.same(parseProcStat(`4001 (my (odd) name) ${fields}`), {
    pid: 4001,
    state: 'S',
    ppid: 1,
    pgrp: 4000,
    session: 4000,
    startTime: 123456,
  });
  t.equal(parseProcStat('garbage'), null);
  t.equal(parseProcStat('12 (sh) S 1 2'), null, 'too short');
});

t.test('reads this process; a missing pid is null; the list holds this process', async (t) => {
  const self = await readProcStat(process.pid);
  t.equal(self?.pid, process.pid);
  t.equal(self?.ppid, process.ppid);
  t.ok((self?.startTime ?? 0) > 0);
  t.equal(await readProcStat(2 ** 22 + 1), null);
  t.ok((await listProcStats()).some((s) => s.pid === process.pid));
});
