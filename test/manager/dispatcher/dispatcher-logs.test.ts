import t from 'tap';
import { acceptLogLines } from '../../../manager/dispatcher/dispatcher-logs.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { LogMessage__Output } from '../../../proto/gen/covey/v1/LogMessage.ts';
import { batch, task } from '../store/store-fixtures.ts';

t.test('only lines of the calling node’s own tasks pass, with the context the store gives', async (t) => {
  const store = new MemoryStore();
  store.applyBatch(
    batch([
      { createTask: { ...task('t1', 'svc', 3, 'n1') } },
      { createTask: { ...task('t2', 'svc', 4, 'n2') } },
    ]),
    1,
  );
  const line = (
    taskId: string,
    claimed: Partial<LogMessage__Output['context'] & object> = {},
  ): LogMessage__Output => ({
    context: { serviceId: 'forged', nodeId: 'forged', taskId, slot: 99, ...claimed },
    timestamp: { seconds: 5, nanos: 0 },
    stream: 1,
    data: Buffer.from(`line of ${taskId}`),
  });
  const { lines, dropped } = acceptLogLines(store, 'n1', [
    line('t1'),
    line('t2'),
    line('unknown'),
    { ...line('t1'), context: null },
  ]);
  t.equal(dropped, 3, 'another node’s task, an unknown task, a line without context');
  t.equal(lines.length, 1);
  t.same(
    lines[0]?.context,
    { serviceId: 'svc', nodeId: 'n1', taskId: 't1', slot: 3 },
    'context from the store',
  );
  t.equal(Buffer.from(lines[0]?.data as Uint8Array).toString(), 'line of t1');
});
