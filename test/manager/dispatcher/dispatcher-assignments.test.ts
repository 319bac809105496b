// Assignments over real gRPC: the complete set, then increments chained by applies_to/results_in as
// the store changes (assignments, desired-state changes, moves, deletes), coalesced per batch.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import type { AssignmentsMessage__Output } from '../../../proto/gen/covey/v1/AssignmentsMessage.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import type { SessionMessage__Output } from '../../../proto/gen/covey/v1/SessionMessage.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import {
  bundles,
  type Harness,
  OTHER_ID,
  StreamReader,
  startHarness,
  task,
  WORKER_ID,
} from './dispatcher-harness.ts';

async function openAssignments(h: Harness): Promise<StreamReader<AssignmentsMessage__Output>> {
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(client.Session({})).next();
  return new StreamReader<AssignmentsMessage__Output>(client.Assignments({ sessionId }));
}

/** [update, id, desired state] or [remove, id]: a remove names the task, nothing more. */
function changes(m: AssignmentsMessage__Output): Array<[string, string, number] | [string, string]> {
  return m.changes.map((c) =>
    c.action === AssignmentAction.ASSIGNMENT_ACTION_REMOVE
      ? ['remove', c.assignment?.task?.id ?? '?']
      : ['update', c.assignment?.task?.id ?? '?', c.assignment?.task?.desiredState ?? -1],
  );
}

function stored(h: Harness, id: string): Task__Output {
  const found = h.store.get('task', id);
  if (found === undefined) throw new Error(`no task ${id}`);
  return found;
}

const RUNNING = TaskState.TASK_STATE_RUNNING;
const SHUTDOWN = TaskState.TASK_STATE_SHUTDOWN;

t.test('the complete set, then increments as tasks are assigned, changed, moved and deleted', async (t) => {
  const h = await startHarness(t, {
    tasks: [
      task('t1', WORKER_ID),
      task('t2', OTHER_ID),
      task('t3', WORKER_ID, TaskState.TASK_STATE_PENDING),
      task('t5', WORKER_ID, TaskState.TASK_STATE_RUNNING),
    ],
  });
  const stream = await openAssignments(h);
  const complete = await stream.next();
  t.equal(complete.type, AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE);
  t.equal(complete.appliesTo, '');
  t.equal(complete.more, false);
  t.same(
    changes(complete),
    [
      ['update', 't1', RUNNING],
      ['update', 't5', RUNNING],
    ],
    'only tasks committed to this node (state ≥ ASSIGNED)',
  );

  // The scheduler assigns t3 and a new t4 in one batch: one message.
  await h.proposer.propose([
    { updateTask: { ...stored(h, 't3'), status: { state: TaskState.TASK_STATE_ASSIGNED } } },
    { createTask: task('t4', WORKER_ID) },
    { createTask: task('t6', OTHER_ID) },
  ]);
  const assigned = await stream.next();
  t.equal(assigned.type, AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL);
  t.equal(assigned.appliesTo, complete.resultsIn, 'chained to the previous message');
  t.same(changes(assigned), [
    ['update', 't3', RUNNING],
    ['update', 't4', RUNNING],
  ]);

  // The agent's own status report is not echoed back as an assignment.
  await h.proposer.propose([{ updateTask: { ...stored(h, 't1'), status: { state: RUNNING } } }]);
  // The orchestrator shuts t1 down.
  await h.proposer.propose([{ updateTask: { ...stored(h, 't1'), desiredState: SHUTDOWN } }]);
  const shutdown = await stream.next();
  t.equal(shutdown.appliesTo, assigned.resultsIn);
  t.same(changes(shutdown), [['update', 't1', SHUTDOWN]], 'the status report sent nothing');

  // t4 moves to another node; t5 is deleted.
  await h.proposer.propose([{ updateTask: { ...stored(h, 't4'), nodeId: OTHER_ID } }]);
  const moved = await stream.next();
  t.same(changes(moved), [['remove', 't4']]);
  await h.proposer.propose([{ deleteTask: stored(h, 't5') }]);
  const deleted = await stream.next();
  t.same(changes(deleted), [['remove', 't5']]);
  t.equal(deleted.appliesTo, moved.resultsIn);
  t.equal(stream.buffered, 0, 'nothing else was sent');
});

t.test('a complete set over 1000 tasks spans messages flagged more', async (t) => {
  const tasks = Array.from({ length: 1001 }, (_, i) => task(`t${String(i).padStart(4, '0')}`, WORKER_ID));
  const h = await startHarness(t, { tasks });
  const stream = await openAssignments(h);
  const first = await stream.next();
  const second = await stream.next();
  t.equal(first.changes.length, 1000);
  t.equal(first.more, true);
  t.equal(second.changes.length, 1);
  t.equal(second.more, false);
  t.equal(second.appliesTo, first.resultsIn);
  t.equal(second.type, AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE);
});

t.test('one watch serves many agents: each gets only its own tasks', async (t) => {
  const h = await startHarness(t);
  const mine = await openAssignments(h);
  const otherClient = h.client(bundles.other);
  const { sessionId } = await new StreamReader<SessionMessage__Output>(otherClient.Session({})).next();
  const theirs = new StreamReader<AssignmentsMessage__Output>(otherClient.Assignments({ sessionId }));
  t.same((await mine.next()).changes, []);
  t.same((await theirs.next()).changes, [], 'an empty complete set still arrives');
  await h.proposer.propose([{ createTask: task('a', WORKER_ID) }, { createTask: task('b', OTHER_ID) }]);
  t.same(changes(await mine.next()), [['update', 'a', RUNNING]]);
  t.same(changes(await theirs.next()), [['update', 'b', RUNNING]]);
});

t.test('a second Assignments stream of the same session supersedes the first', async (t) => {
  const h = await startHarness(t, { tasks: [task('t1', WORKER_ID)] });
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(client.Session({})).next();
  const first = new StreamReader<AssignmentsMessage__Output>(client.Assignments({ sessionId }));
  const a = await first.next();
  const second = new StreamReader<AssignmentsMessage__Output>(client.Assignments({ sessionId }));
  const b = await second.next();
  t.equal((await first.status).code, grpc.status.OK, 'the old stream ends cleanly');
  t.same(changes(b), changes(a));
  t.not(b.resultsIn, a.resultsIn, 'identifiers never repeat across streams');
  await h.proposer.propose([{ createTask: task('t2', WORKER_ID) }]);
  t.same(changes(await second.next()), [['update', 't2', RUNNING]]);
});
