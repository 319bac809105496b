import t from 'tap';
import { goDuration, servicePretty } from '../../../cli/commands/service-inspect.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';

const NOW = 1_700_000_100_000;

function service(o: Partial<Service__Output> = {}): Service__Output {
  return {
    id: 'svc1',
    meta: null,
    spec: {
      annotations: { name: 'web', labels: { tier: 'front' } },
      task: {
        container: {
          image: 'nginx:1',
          labels: {},
          entrypoint: [],
          args: ['nginx', '-g', 'daemon off;'],
          hostname: '',
          env: ['A=1'],
          workdir: '',
          user: '',
          readOnly: false,
          mounts: [],
          stopSignal: '',
          stopGracePeriod: null,
          healthcheck: null,
        },
        runtime: 'container',
        resources: null,
        restart: null,
        placement: { constraints: ['node.role==worker'], preferences: [], maxReplicasPerNode: 0 },
        forceUpdate: 0,
      },
      replicated: { replicas: 3 },
      mode: 'replicated',
      updateConfig: {
        parallelism: 2,
        delay: { seconds: 10, nanos: 0 },
        failureAction: 2,
        monitor: null,
        maxFailureRatio: 0.2,
        order: 1,
      },
      rollbackConfig: null,
      endpoint: null,
    },
    specVersion: 5,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: null,
    endpoint: null,
    ...o,
  };
}

t.test('--pretty: the update status, and update configs with the defaults in force', async (t) => {
  const text = servicePretty(
    service({
      updateStatus: {
        state: UpdateState.UPDATE_STATE_PAUSED,
        startedAt: { seconds: (NOW - 90_000) / 1000, nanos: 0 },
        completedAt: { seconds: (NOW - 5_000) / 1000, nanos: 0 },
        message: 'update paused due to failure or early termination of task x: boom',
      },
    }),
    NOW,
  );
  t.match(
    text,
    [
      'ID:            svc1',
      'Name:          web',
      'Labels:',
      ' tier=front',
      'Service Mode:  Replicated',
      ' Replicas:     3',
      'UpdateStatus:',
      ' State:        paused',
      ' Started:      About a minute ago',
      ' Completed:    5 seconds ago',
      ' Message:      update paused due to failure or early termination of task x: boom',
      'Placement:',
      ' Constraints:  [node.role==worker]',
      'UpdateConfig:',
      ' Parallelism:   2',
      ' Delay:         10s',
      ' On failure:    rollback',
      ' Monitoring Period: 5s',
      ' Max failure ratio: 0.2',
      ' Update order:      start-first',
      'RollbackConfig:',
      ' Parallelism:   1',
      ' On failure:    pause',
      ' Monitoring Period: 5s',
      ' Max failure ratio: 0',
      ' Rollback order:    stop-first',
      'ContainerSpec:',
      ' Image:        nginx:1',
      ' Args:         nginx -g daemon off;',
      ' Env:          A=1',
    ].join('\n'),
  );
  t.notMatch(servicePretty(service(), NOW), /UpdateStatus/, 'no section for a service never updated');
});

t.test('goDuration prints as Go does', async (t) => {
  t.equal(goDuration(0), '0s');
  t.equal(goDuration(500), '500ms');
  t.equal(goDuration(90_000), '1m30s');
  t.equal(goDuration(3_600_000), '1h0m0s');
  t.equal(goDuration(1_500), '1.5s');
});
