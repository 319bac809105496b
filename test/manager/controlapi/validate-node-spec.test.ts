// Node spec validation: the fixture passes; name, labels, role and availability fail by field.
import t from 'tap';
import { nodeSpecProblems, validateNodeSpec } from '../../../manager/controlapi/validate-node-spec.ts';
import { SpecValidationErrors } from '../../../manager/controlapi/validation-error.ts';
import type { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeSpec } from '../../../proto/gen/covey/v1/NodeSpec.ts';
import { nodeFixture } from '../../proto/fixtures.ts';
import { assertOneProblem } from './fixtures.ts';

function spec(): NodeSpec {
  return structuredClone(nodeFixture.spec ?? {});
}

t.test('the fixture and an empty spec pass (a node needs no name)', async (t) => {
  t.same(nodeSpecProblems(spec()), []);
  t.same(nodeSpecProblems({}), []);
  t.doesNotThrow(() => validateNodeSpec(spec()));
});

t.test('bad name', async (t) => {
  assertOneProblem(
    t,
    nodeSpecProblems({ annotations: { name: 'edge 1' } }),
    'spec.annotations.name',
    /letters, digits/,
  );
});

t.test('bad label', async (t) => {
  assertOneProblem(
    t,
    nodeSpecProblems({ annotations: { labels: { zone: 'x'.repeat(4097) } } }),
    'spec.annotations.labels["zone"]',
    /at most 4 KiB/,
  );
});

t.test('unknown role', async (t) => {
  assertOneProblem(
    t,
    nodeSpecProblems({ desiredRole: 3 as NodeRole & number }),
    'spec.desiredRole',
    /unknown value 3/,
  );
});

t.test('unknown availability', async (t) => {
  assertOneProblem(
    t,
    nodeSpecProblems({ availability: 'NODE_AVAILABILITY_ASLEEP' as NodeAvailability & string }),
    'spec.availability',
    /unknown value "NODE_AVAILABILITY_ASLEEP" \(expected one of NODE_AVAILABILITY_ACTIVE, NODE_AVAILABILITY_PAUSE, NODE_AVAILABILITY_DRAIN\)/,
  );
});

t.test('all problems together', async (t) => {
  const err = t.throws(() =>
    validateNodeSpec({ annotations: { name: '!' }, desiredRole: 9 as NodeRole & number }),
  ) as unknown;
  t.ok(err instanceof SpecValidationErrors);
  if (err instanceof SpecValidationErrors) {
    t.same(
      err.errors.map((e) => e.field),
      ['spec.annotations.name', 'spec.desiredRole'],
    );
  }
});
