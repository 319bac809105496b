import t from 'tap';
import { isLabFailure } from '../../../cli/commands/lab-failure.ts';
import * as labErrors from '../../../cli/lab/lab-errors.ts';
import { UsageError } from '../../../cli/usage-error.ts';

t.test("the lab's own failures count, others do not", async (t) => {
  t.ok(isLabFailure(new labErrors.NoLabError('/tmp/lab')), 'a NoLabError');
  t.ok(isLabFailure(new labErrors.LabDirOccupiedError('/tmp/lab')), 'a LabDirOccupiedError');
  // Every class lab-errors.ts exports, made without its constructor's arguments: only the class matters.
  const classes = Object.values(labErrors);
  t.ok(classes.length >= 7, 'the seven lab failures at least');
  for (const E of classes) t.ok(isLabFailure(Object.create(E.prototype)), E.name);
  t.notOk(isLabFailure(new Error('boom')));
  t.notOk(isLabFailure(new UsageError('bad flag')));
  t.notOk(isLabFailure('NoLabError'));
  t.notOk(isLabFailure(undefined));
});
