import t from 'tap';
import {
  type ContainerState,
  hasHealthcheck,
  lastHealthOutput,
  taskHealth,
} from '../../../../agent/executors/docker/container-health.ts';
import { TaskHealth } from '../../../../proto/gen/covey/v1/TaskHealth.ts';

function state(health?: {
  Status: string;
  Log?: Array<{ Output: string; ExitCode: number }>;
}): ContainerState {
  const base = {
    Status: 'running',
    Running: true,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 10,
    ExitCode: 0,
    Error: '',
    StartedAt: '2024-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  };
  if (health === undefined) return base;
  const log = (health.Log ?? []).map((l) => ({ Start: '', End: '', ...l }));
  return { ...base, Health: { Status: health.Status, FailingStreak: 0, Log: log } };
}

t.test('the engine’s health status as the task’s', async (t) => {
  t.equal(taskHealth(state()), TaskHealth.TASK_HEALTH_NONE);
  t.equal(taskHealth(state({ Status: 'none' })), TaskHealth.TASK_HEALTH_NONE);
  t.equal(taskHealth(state({ Status: 'starting' })), TaskHealth.TASK_HEALTH_STARTING);
  t.equal(taskHealth(state({ Status: 'healthy' })), TaskHealth.TASK_HEALTH_HEALTHY);
  t.equal(taskHealth(state({ Status: 'unhealthy' })), TaskHealth.TASK_HEALTH_UNHEALTHY);
  t.notOk(hasHealthcheck(state()));
  t.ok(hasHealthcheck(state({ Status: 'starting' })));
});

t.test('the last check’s output, else its exit code', async (t) => {
  t.equal(lastHealthOutput(state()), '');
  t.equal(
    lastHealthOutput(
      state({
        Status: 'unhealthy',
        Log: [
          { Output: 'old', ExitCode: 1 },
          { Output: 'refused\n', ExitCode: 1 },
        ],
      }),
    ),
    'refused',
  );
  t.equal(
    lastHealthOutput(state({ Status: 'unhealthy', Log: [{ Output: '', ExitCode: 2 }] })),
    'healthcheck exited with code 2',
  );
});
