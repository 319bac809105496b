// The error classes: message shapes, and the collector's throw-only-when-needed contract.
import t from 'tap';
import {
  SpecProblems,
  SpecValidationError,
  SpecValidationErrors,
} from '../../../manager/controlapi/validation-error.ts';

t.test('a single error reads `<field>: <reason>`', async (t) => {
  const e = new SpecValidationError('spec.task.resources.limits.memoryBytes', 'must be ≥ 4 MiB');
  t.equal(e.message, 'spec.task.resources.limits.memoryBytes: must be ≥ 4 MiB');
  t.equal(e.name, 'SpecValidationError');
  t.equal(new SpecValidationErrors([e]).message, e.message);
});

t.test('several errors are listed one per line after a count', async (t) => {
  const errs = new SpecValidationErrors([
    new SpecValidationError('a', 'x'),
    new SpecValidationError('b.c', 'y'),
  ]);
  t.equal(errs.message, '2 problems in spec:\na: x\nb.c: y');
  t.equal(errs.name, 'SpecValidationErrors');
});

t.test('the collector throws only when it holds problems', async (t) => {
  const p = new SpecProblems();
  t.doesNotThrow(() => p.throwIfAny());
  p.add('spec.x', 'bad');
  t.throws(() => p.throwIfAny(), SpecValidationErrors);
});
