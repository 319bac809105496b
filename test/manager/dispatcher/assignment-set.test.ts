// A node's assignments: the complete set first (chunked at 1000 with `more`), then incremental
// updates and removes from store events, coalesced and idempotent, chained by applies_to/results_in.
import t from 'tap';
import { AssignmentSet, isAssignedTo } from '../../../manager/dispatcher/assignment-set.ts';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import type { AssignmentsMessage__Output } from '../../../proto/gen/covey/v1/AssignmentsMessage.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { makeStatus, makeTask } from './fixtures.ts';

function summary(messages: AssignmentsMessage__Output[]): Array<[string, string]> {
  return messages.flatMap((m) =>
    m.changes.map((c): [string, string] => [
      c.action === AssignmentAction.ASSIGNMENT_ACTION_UPDATE ? 'update' : 'remove',
      c.assignment?.task?.id ?? '?',
    ]),
  );
}

t.test('complete set: only this node, only committed (≥ ASSIGNED) tasks', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's1' });
  const messages = set.complete([
    makeTask('a'),
    makeTask('b', { nodeId: 'n2' }),
    makeTask('c', { state: TaskState.TASK_STATE_PENDING }),
    makeTask('d', { state: TaskState.TASK_STATE_RUNNING }),
  ]);
  t.equal(messages.length, 1);
  t.equal(messages[0]?.type, AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE);
  t.equal(messages[0]?.appliesTo, '');
  t.equal(messages[0]?.resultsIn, 's1:1');
  t.equal(messages[0]?.more, false);
  t.same(summary(messages), [
    ['update', 'a'],
    ['update', 'd'],
  ]);
  t.equal(set.size, 2);
  t.notOk(isAssignedTo(makeTask('x', { state: TaskState.TASK_STATE_PENDING }), 'n1'));
});

t.test('an empty node still gets one COMPLETE message', async (t) => {
  const messages = new AssignmentSet('n1', { streamId: 's' }).complete([]);
  t.equal(messages.length, 1);
  t.same(messages[0]?.changes, []);
  t.equal(messages[0]?.more, false);
});

t.test('complete set of 2,500 is split at 1000 with more on all but the last', async (t) => {
  const tasks = Array.from({ length: 2500 }, (_, i) => makeTask(`t${i}`));
  const set = new AssignmentSet('n1', { streamId: 's' });
  const messages = set.complete(tasks);
  t.same(
    messages.map((m) => [m.changes.length, m.more, m.appliesTo, m.resultsIn]),
    [
      [1000, true, '', 's:1'],
      [1000, true, 's:1', 's:2'],
      [500, false, 's:2', 's:3'],
    ],
  );
  const exactly = new AssignmentSet('n1', { streamId: 'x' }).complete(tasks.slice(0, 1000));
  t.same(
    exactly.map((m) => [m.changes.length, m.more]),
    [[1000, false]],
    'exactly 1000 fits one message',
  );
});

t.test('increments: new, changed, moved away, deleted; agent status echoes are silent', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's' });
  set.complete([makeTask('a'), makeTask('b'), makeTask('c')]);
  const running = makeTask('a');
  running.status = makeStatus(TaskState.TASK_STATE_RUNNING);
  t.same(
    set.apply([{ kind: 'task-upsert', task: running }]),
    [],
    "the agent's own RUNNING report is not sent back",
  );
  const messages = set.apply([
    { kind: 'task-upsert', task: makeTask('a', { desiredState: TaskState.TASK_STATE_SHUTDOWN }) },
    { kind: 'task-upsert', task: makeTask('b', { nodeId: 'n2' }) },
    { kind: 'task-delete', taskId: 'c' },
    { kind: 'task-upsert', task: makeTask('d') },
    { kind: 'task-upsert', task: makeTask('e', { nodeId: 'n2' }) },
    { kind: 'task-delete', taskId: 'never-sent' },
  ]);
  t.equal(messages.length, 1);
  t.equal(messages[0]?.type, AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL);
  t.equal(messages[0]?.appliesTo, 's:1', 'chains from the complete set');
  t.equal(messages[0]?.resultsIn, 's:2');
  t.same(summary(messages), [
    ['update', 'a'],
    ['remove', 'b'],
    ['remove', 'c'],
    ['update', 'd'],
  ]);
  t.equal(messages[0]?.changes[2]?.assignment?.task?.id, 'c', 'a deleted task is removed by ID');
  t.same(
    [...['a', 'b', 'c', 'd']].map((id) => set.has(id)),
    [true, false, false, true],
  );
});

t.test('idempotent: replaying the same events sends nothing', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's' });
  set.complete([makeTask('a')]);
  const events = [
    { kind: 'task-upsert' as const, task: makeTask('b') },
    { kind: 'task-delete' as const, taskId: 'a' },
  ];
  t.equal(summary(set.apply(events)).length, 2);
  t.same(set.apply(events), []);
  t.same(set.apply([{ kind: 'task-upsert', task: makeTask('b') }]), []);
});

t.test('several events for one task collapse into the last', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's' });
  set.complete([makeTask('a')]);
  t.same(
    summary(
      set.apply([
        { kind: 'task-delete', taskId: 'a' },
        { kind: 'task-upsert', task: makeTask('a', { specVersion: 2 }) },
      ]),
    ),
    [['update', 'a']],
  );
  t.same(
    set.apply([
      { kind: 'task-upsert', task: makeTask('z') },
      { kind: 'task-delete', taskId: 'z' },
    ]),
    [],
    'created and deleted between two flushes: the agent never hears of it',
  );
});

t.test('incremental batches of 2,001 changes: three chained messages, more never set', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's' });
  set.complete([]);
  const messages = set.apply(
    Array.from({ length: 2001 }, (_, i) => ({ kind: 'task-upsert' as const, task: makeTask(`t${i}`) })),
  );
  t.same(
    messages.map((m) => [m.changes.length, m.more, m.appliesTo, m.resultsIn]),
    [
      [1000, false, 's:1', 's:2'],
      [1000, false, 's:2', 's:3'],
      [1, false, 's:3', 's:4'],
    ],
  );
});

t.test('a new complete set resets what the agent holds', async (t) => {
  const set = new AssignmentSet('n1', { streamId: 's' });
  t.throws(() => set.apply([]), RangeError, 'no increments before a base set');
  set.complete([makeTask('a'), makeTask('b')]);
  set.complete([makeTask('b')]);
  t.same(set.apply([{ kind: 'task-delete', taskId: 'a' }]), [], 'a is no longer held');
  t.throws(() => new AssignmentSet('n1', { streamId: 's', maxChanges: 0 }), RangeError);
});
