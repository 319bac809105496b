import t from 'tap';
import { bar, MAX_SLOT_LINES, progressLines } from '../../../cli/progress/progress-lines.ts';
import { serviceProgress } from '../../../cli/progress/slot-progress.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { observation, PENDING, PREPARING, service, status, task } from './observation-fixtures.ts';

const WAITING = { kind: 'waiting', verifyingForMs: undefined } as const;

t.test("Docker's lines: overall progress, one per slot with a bar, the verify line", async (t) => {
  const p = serviceProgress(
    observation(service({ replicas: 3 }), [
      task({ id: 'a', slot: 1 }),
      task({ id: 'b', slot: 2, state: PREPARING }),
      task({ id: 'c', slot: 3, nodeId: '', state: PENDING, err: 'no suitable node (2 nodes: 2 drained)' }),
    ]),
  );
  t.same(progressLines(p, null, { kind: 'waiting', verifyingForMs: 1_000 }, false), [
    { key: 'overall', text: 'overall progress: 1 out of 3 tasks' },
    { key: 'slot 1', text: `1/3: running   [${'='.repeat(49)}>]` },
    { key: 'slot 2', text: `2/3: preparing [${'='.repeat(30)}>${' '.repeat(19)}]` },
    { key: 'slot 3', text: '3/3: no suitable node (2 nodes: 2 drained)' },
    { key: 'verify', text: 'verify: Waiting 1 seconds to verify that tasks are stable...' },
  ]);
  t.same(progressLines(p, null, { kind: 'converged' }, false).at(-1), {
    key: 'verify',
    text: 'verify: Service converged',
  });
});

t.test('a rollback says so above the counts', async (t) => {
  const p = serviceProgress(observation(service({ replicas: 1 }), [task({ id: 'a', slot: 1 })]));
  const rollback = status(UpdateState.UPDATE_STATE_ROLLBACK_STARTED, 'manually requested rollback');
  const lines = progressLines(p, rollback, WAITING, true);
  t.same(lines.slice(0, 2), [
    { key: 'rollback', text: 'rollback: manually requested rollback' },
    { key: 'overall', text: 'overall progress: rolling back update: 1 out of 1 tasks' },
  ]);
  t.same(
    progressLines(p, rollback, WAITING, false)[0],
    { key: 'overall', text: 'overall progress: 1 out of 1 tasks' },
    'an old rollback is not shown',
  );
});

t.test('many slots: only the stuck ones get a line', async (t) => {
  const tasks = Array.from({ length: MAX_SLOT_LINES + 5 }, (_, i) => task({ id: `t${i}`, slot: i + 1 }));
  tasks.push(task({ id: 'stuck', slot: 3, nodeId: '', state: PENDING, err: 'no suitable node' }));
  const lines = progressLines(
    serviceProgress(observation(service({ replicas: MAX_SLOT_LINES + 5 }), tasks)),
    null,
    WAITING,
    false,
  );
  t.same(
    lines.map((l) => l.key),
    ['overall', 'slot 3'],
  );
});

t.test('bar', async (t) => {
  t.equal(bar(0), `[${' '.repeat(50)}]`);
  t.equal(bar(1), `[${'='.repeat(5)}>${' '.repeat(44)}]`);
  t.equal(bar(8), `[${'='.repeat(49)}>]`);
});
