import t from 'tap';
import { isSafeTaskId, taskDirLayout } from '../../../../agent/executors/process/process-task-dir.ts';

t.test('a task id must stay one directory name', async (t) => {
  t.ok(isSafeTaskId('0a1b2c3d4e5f6g7h8i9j0k1l2'));
  t.ok(isSafeTaskId('task-1.x_y'));
  for (const id of ['', '.', '..', '../x', 'a/b', '.hidden', 'x'.repeat(200)]) t.notOk(isSafeTaskId(id), id);
});

t.test('the layout puts everything under <dataDir>/<taskId>/', async (t) => {
  t.same(taskDirLayout('/d', 't1'), {
    taskDir: '/d/t1',
    recordPath: '/d/t1/record.json',
    stdoutPath: '/d/t1/stdout.log',
    stderrPath: '/d/t1/stderr.log',
    runDir: '/d/t1/run',
    exitPath: '/d/t1/run/exit',
    defaultWorkdir: '/d/t1/work',
    logOffsetsPath: '/d/t1/log-offsets.json',
  });
});
