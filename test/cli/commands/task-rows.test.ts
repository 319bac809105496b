import t from 'tap';
import { taskRows } from '../../../cli/commands/task-rows.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';

const NOW = 1_700_000_000_000;

function task(
  id: string,
  slot: number,
  state: number,
  desired: number,
  agoMs: number,
  err = '',
): Task__Output {
  return {
    id,
    slot,
    serviceId: 'svc',
    nodeId: 'node1',
    desiredState: desired,
    spec: { container: { image: 'busybox:1' } },
    status: { state, err, timestamp: { seconds: Math.floor((NOW - agoMs) / 1000), nanos: 0 } },
  } as unknown as Task__Output;
}

t.test('a slot lists its current task first and its history under it', async (t) => {
  const rows = taskRows(
    [
      task(
        'old000000000001',
        1,
        TaskState.TASK_STATE_FAILED,
        TaskState.TASK_STATE_SHUTDOWN,
        60_000,
        'exit 1',
      ),
      task('new000000000001', 1, TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_RUNNING, 5_000),
      task('new000000000002', 2, TaskState.TASK_STATE_PENDING, TaskState.TASK_STATE_RUNNING, 0),
    ],
    { serviceName: () => 'web', nodeName: () => 'w1', nowMs: NOW },
  );
  t.same(rows, [
    ['new000000000', 'web.1', 'busybox:1', 'w1', 'Running', 'Running 5 seconds ago', ''],
    ['old000000000', ' \\_ web.1', 'busybox:1', 'w1', 'Shutdown', 'Failed About a minute ago', '"exit 1"'],
    ['new000000000', 'web.2', 'busybox:1', 'w1', 'Running', 'Pending Less than a second ago', ''],
  ]);
});

t.test(
  'the task meant to run comes first even when the old one ran on a node that sorts first',
  async (t) => {
    const onNode = (x: Task__Output, nodeId: string): Task__Output => ({ ...x, nodeId });
    const rows = taskRows(
      [
        onNode(
          task('old000000000004', 4, TaskState.TASK_STATE_SHUTDOWN, TaskState.TASK_STATE_SHUTDOWN, 9_000),
          'a-node',
        ),
        onNode(
          task('new000000000004', 4, TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_RUNNING, 8_000),
          'z-node',
        ),
      ],
      { serviceName: () => 'web', nodeName: (id) => id, nowMs: NOW },
    );
    t.same(
      rows.map((r) => [r[0], r[1]]),
      [
        ['new000000000', 'web.4'],
        ['old000000000', ' \\_ web.4'],
      ],
    );
  },
);

t.test('errors are cut to 60 characters unless --no-trunc, which also shows whole IDs', async (t) => {
  const long = `exec failed: ${'x'.repeat(80)}`;
  const tasks = [
    task(
      'abcdefghijklmnopqrstuvwxy',
      1,
      TaskState.TASK_STATE_FAILED,
      TaskState.TASK_STATE_SHUTDOWN,
      1_000,
      long,
    ),
  ];
  const ctx = { serviceName: () => 'web', nodeName: (id: string) => id, nowMs: NOW };
  const [short] = taskRows(tasks, ctx);
  t.equal(short?.[0], 'abcdefghijkl');
  t.equal(JSON.parse(short?.[6] ?? '""').length, 60);
  t.ok(JSON.parse(short?.[6] ?? '""').endsWith('…'));
  const [whole] = taskRows(tasks, { ...ctx, noTrunc: true });
  t.equal(whole?.[0], 'abcdefghijklmnopqrstuvwxy');
  t.equal(JSON.parse(whole?.[6] ?? '""'), long);
});
