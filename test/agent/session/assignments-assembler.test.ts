import t from 'tap';
import { AssignmentsAssembler } from '../../../agent/session/assignments-assembler.ts';
import { AssignmentAction } from '../../../proto/gen/covey/v1/AssignmentAction.ts';
import type { AssignmentsMessage__Output } from '../../../proto/gen/covey/v1/AssignmentsMessage.ts';
import { AssignmentsType } from '../../../proto/gen/covey/v1/AssignmentsType.ts';
import { makeTask } from '../task-fixtures.ts';

const COMPLETE = AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE;
const INCREMENTAL = AssignmentsType.ASSIGNMENTS_TYPE_INCREMENTAL;

function message(
  type: AssignmentsMessage__Output['type'],
  appliesTo: string,
  resultsIn: string,
  updated: string[],
  options: { removed?: string[]; more?: boolean } = {},
): AssignmentsMessage__Output {
  const change = (id: string, action: number) => ({
    action: action as AssignmentsMessage__Output['changes'][number]['action'],
    assignment: { task: makeTask(id), item: 'task' as const },
  });
  return {
    type,
    appliesTo,
    resultsIn,
    more: options.more ?? false,
    changes: [
      ...updated.map((id) => change(id, AssignmentAction.ASSIGNMENT_ACTION_UPDATE)),
      ...(options.removed ?? []).map((id) => change(id, AssignmentAction.ASSIGNMENT_ACTION_REMOVE)),
    ],
  };
}

t.test('a COMPLETE set then chained changes', async (t) => {
  const assembler = new AssignmentsAssembler();
  const first = assembler.push(message(COMPLETE, '', 'r1', ['a', 'b']));
  t.equal(first.kind, 'set');
  if (first.kind === 'set' && first.set.kind === 'complete') {
    t.same(
      first.set.tasks.map((task) => task.id),
      ['a', 'b'],
    );
  } else t.fail('expected a complete set');
  const next = assembler.push(message(INCREMENTAL, 'r1', 'r2', ['c'], { removed: ['a'] }));
  t.same(next.kind === 'set' ? next.set : null, {
    kind: 'incremental',
    updated: [makeTask('c')],
    removed: ['a'],
  });
});

t.test('a COMPLETE set split over messages is acted on after the last part', async (t) => {
  const assembler = new AssignmentsAssembler();
  t.same(assembler.push(message(COMPLETE, '', 'r1', ['a'], { more: true })), { kind: 'partial' });
  t.same(assembler.push(message(COMPLETE, 'r1', 'r2', ['b'], { more: true })), { kind: 'partial' });
  const last = assembler.push(message(COMPLETE, 'r2', 'r3', ['c']));
  t.same(last.kind === 'set' && last.set.kind === 'complete' ? last.set.tasks.map((task) => task.id) : null, [
    'a',
    'b',
    'c',
  ]);
  t.equal(assembler.push(message(INCREMENTAL, 'r3', 'r4', ['d'])).kind, 'set', 'the chain continues');
});

t.test('a change that does not follow the last message is a gap', async (t) => {
  const assembler = new AssignmentsAssembler();
  assembler.push(message(COMPLETE, '', 'r1', ['a']));
  t.same(assembler.push(message(INCREMENTAL, 'r5', 'r6', ['b'])), {
    kind: 'gap',
    expected: 'r1',
    appliesTo: 'r5',
  });
});

t.test('a stream that starts with a change has no base: gap', async (t) => {
  t.equal(new AssignmentsAssembler().push(message(INCREMENTAL, '', 'r1', ['a'])).kind, 'gap');
});

t.test('a split set interrupted by a change, or by an unchained part, is a gap', async (t) => {
  const interrupted = new AssignmentsAssembler();
  interrupted.push(message(COMPLETE, '', 'r1', ['a'], { more: true }));
  t.equal(interrupted.push(message(INCREMENTAL, 'r1', 'r2', ['b'])).kind, 'gap');
  const unchained = new AssignmentsAssembler();
  unchained.push(message(COMPLETE, '', 'r1', ['a'], { more: true }));
  t.equal(unchained.push(message(COMPLETE, 'r9', 'r10', ['b'])).kind, 'gap');
});

t.test('a new COMPLETE set is accepted whatever it applies to (it replaces everything)', async (t) => {
  const assembler = new AssignmentsAssembler();
  assembler.push(message(COMPLETE, '', 'r1', ['a']));
  t.equal(assembler.push(message(COMPLETE, 'zz', 'r2', ['b'])).kind, 'set');
});
