import t from 'tap';
import { phaseTimeline } from '../../bench/phase-timeline.ts';
import { TaskState as S } from '../../proto/gen/covey/v1/TaskState.ts';
import { benchTask } from './bench-tasks.ts';

const T0 = 1_700_000_000_000;
const OLD = 'img:1';
const NEW = 'img:2';

t.test('create/scale: when the last new task was made and the first and last ran', async (t) => {
  const tasks = [
    benchTask('a', {
      image: OLD,
      slot: 1,
      createdMs: T0 + 100,
      state: S.TASK_STATE_RUNNING,
      atMs: T0 + 2_000,
    }),
    benchTask('b', {
      image: OLD,
      slot: 2,
      createdMs: T0 + 150,
      state: S.TASK_STATE_RUNNING,
      atMs: T0 + 5_500,
    }),
    benchTask('c', {
      image: OLD,
      slot: 3,
      createdMs: T0 + 150,
      state: S.TASK_STATE_STARTING,
      atMs: T0 + 900,
    }),
    // Made before the phase: not one of its tasks.
    benchTask('z', { image: OLD, slot: 4, createdMs: T0 - 1, state: S.TASK_STATE_RUNNING, atMs: T0 + 9_000 }),
  ];
  const timeline = phaseTimeline(tasks, T0, OLD);
  t.same(timeline, { created_last_s: 0.15, running_first_s: 2, running_last_s: 5.5 });
  t.notOk('batches' in timeline, 'no batches without a batch size');
});

t.test(
  'update: batches in creation order, with their old tasks’ stops and their replacements’ starts',
  async (t) => {
    const tasks = [
      // Batch 1 (slots 1, 2), made at +0.05 s.
      benchTask('o1', {
        image: OLD,
        slot: 1,
        createdMs: T0 - 60_000,
        state: S.TASK_STATE_SHUTDOWN,
        atMs: T0 + 1_000,
        desired: S.TASK_STATE_SHUTDOWN,
      }),
      benchTask('o2', {
        image: OLD,
        slot: 2,
        createdMs: T0 - 60_000,
        state: S.TASK_STATE_SHUTDOWN,
        atMs: T0 + 1_200,
        desired: S.TASK_STATE_SHUTDOWN,
      }),
      benchTask('n1', {
        image: NEW,
        slot: 1,
        createdMs: T0 + 50,
        state: S.TASK_STATE_RUNNING,
        atMs: T0 + 2_500,
      }),
      benchTask('n2', {
        image: NEW,
        slot: 2,
        createdMs: T0 + 50,
        state: S.TASK_STATE_RUNNING,
        atMs: T0 + 2_700,
      }),
      // Batch 2 (slot 3), made when batch 1 ran.
      benchTask('o3', {
        image: OLD,
        slot: 3,
        createdMs: T0 - 60_000,
        state: S.TASK_STATE_COMPLETE,
        atMs: T0 + 3_900,
        desired: S.TASK_STATE_SHUTDOWN,
      }),
      benchTask('n3', {
        image: NEW,
        slot: 3,
        createdMs: T0 + 2_710,
        state: S.TASK_STATE_RUNNING,
        atMs: T0 + 5_000,
      }),
    ];
    const timeline = phaseTimeline(tasks, T0, NEW, 2);
    t.same(timeline.batches, [
      { created_s: 0.05, old_stopped_s: 1.2, running_s: 2.7 },
      { created_s: 2.71, old_stopped_s: 3.9, running_s: 5 },
    ]);
    t.equal(timeline.created_last_s, 2.71);
    t.equal(timeline.running_first_s, 2.5);
    t.equal(timeline.running_last_s, 5);
  },
);

t.test('a phase whose tasks never ran reports NaN, not a made-up time', async (t) => {
  const tasks = [
    benchTask('a', { image: NEW, slot: 1, createdMs: T0 + 10, state: S.TASK_STATE_PREPARING, atMs: T0 + 20 }),
  ];
  const timeline = phaseTimeline(tasks, T0, NEW, 10);
  t.ok(Number.isNaN(timeline.running_first_s));
  t.ok(Number.isNaN(timeline.running_last_s));
  t.ok(Number.isNaN(timeline.batches?.[0]?.running_s));
  t.ok(Number.isNaN(timeline.batches?.[0]?.old_stopped_s), 'no old task in the slot');
});
