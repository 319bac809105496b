// The control API's one import for validation: validators throw SpecValidationErrors naming fields,
// and a defaulted spec validates.
import t from 'tap';
import {
  SpecValidationErrors,
  validateClusterSpec,
  validateNodeSpec,
  validateServiceSpec,
  withServiceDefaults,
} from '../../../manager/controlapi/spec-validation.ts';

t.test('each validator throws SpecValidationErrors naming the field', async (t) => {
  const fields = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof SpecValidationErrors) return err.errors.map((e) => e.field);
      throw err;
    }
    return [];
  };
  t.same(
    fields(() => validateServiceSpec({ task: { container: { image: 'nginx' } } })),
    ['spec.annotations.name'],
  );
  t.same(
    fields(() => validateNodeSpec({ annotations: { name: 'bad name' } })),
    ['spec.annotations.name'],
  );
  t.same(
    fields(() => validateClusterSpec({ caConfig: { nodeCertExpiry: { seconds: 1, nanos: 0 } } })),
    ['spec.caConfig.nodeCertExpiry'],
  );
});

t.test('a minimal spec with defaults applied validates', async (t) => {
  t.doesNotThrow(() =>
    validateServiceSpec(
      withServiceDefaults({ annotations: { name: 'web' }, task: { process: { command: 'srv' } } }),
    ),
  );
});
