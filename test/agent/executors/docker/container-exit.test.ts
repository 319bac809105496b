import type Docker from 'dockerode';
import t from 'tap';
import {
  exitFromDieEvent,
  exitFromInspect,
  hasStarted,
} from '../../../../agent/executors/docker/container-exit.ts';

function inspected(state: Partial<Docker.ContainerInspectInfo['State']>): Docker.ContainerInspectInfo {
  return {
    Id: 'c1',
    State: {
      Status: 'exited',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 0,
      Error: '',
      StartedAt: '2024-01-01T00:00:00Z',
      FinishedAt: '2024-01-01T00:00:01Z',
      ...state,
    },
  } as Docker.ContainerInspectInfo;
}

t.test('an exit from the engine’s record, with the pid seen while it ran', async (t) => {
  t.same(exitFromInspect(inspected({ ExitCode: 3 }), 77), { exitCode: 3, containerId: 'c1', pid: 77 });
  t.same(exitFromInspect(inspected({ ExitCode: 137, OOMKilled: true }), 5), {
    exitCode: 137,
    containerId: 'c1',
    pid: 5,
    message: 'OOM killed',
  });
  t.match(exitFromInspect(inspected({ ExitCode: 127, Error: 'exec failed' }), 0), { message: 'exec failed' });
});

t.test('a container created but never started has the engine’s zero time', async (t) => {
  t.ok(hasStarted(inspected({}).State));
  t.notOk(hasStarted(inspected({ StartedAt: '0001-01-01T00:00:00Z' }).State));
});

t.test('exitFromDieEvent: the code of the die event, the pid seen while it ran', async (t) => {
  t.same(exitFromDieEvent({ exitCode: '143', name: 'web.1.x' }, 'c1', 42), {
    exitCode: 143,
    containerId: 'c1',
    pid: 42,
  });
  t.equal(exitFromDieEvent({}, 'c1', 0).exitCode, -1, 'no code in the event: not a made-up success');
  t.equal(exitFromDieEvent({ exitCode: 'x' }, 'c1', 0).exitCode, -1);
});
