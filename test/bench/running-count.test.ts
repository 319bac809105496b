import t from 'tap';
import { runningOfImage } from '../../bench/running-count.ts';
import { TaskState as S } from '../../proto/gen/covey/v1/TaskState.ts';
import { benchTask } from './bench-tasks.ts';

t.test('counts the tasks that are desired RUNNING, RUNNING, and of the image', async (t) => {
  const at = { createdMs: 0, atMs: 0 };
  const tasks = [
    benchTask('a', { ...at, image: 'img:2', slot: 1, state: S.TASK_STATE_RUNNING }),
    benchTask('b', { ...at, image: 'img:2', slot: 2, state: S.TASK_STATE_RUNNING }),
    benchTask('c', { ...at, image: 'img:1', slot: 3, state: S.TASK_STATE_RUNNING }),
    benchTask('d', { ...at, image: 'img:2', slot: 4, state: S.TASK_STATE_STARTING }),
    benchTask('e', {
      ...at,
      image: 'img:2',
      slot: 5,
      state: S.TASK_STATE_RUNNING,
      desired: S.TASK_STATE_SHUTDOWN,
    }),
  ];
  t.equal(runningOfImage(tasks, 'img:2'), 2);
  t.equal(runningOfImage(tasks, 'img:1'), 1);
  t.equal(runningOfImage([], 'img:2'), 0);
});
