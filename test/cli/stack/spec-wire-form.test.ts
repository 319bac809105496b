import t from 'tap';
import { specWireForm } from '../../../cli/stack/spec-wire-form.ts';

t.test('a spec reads back as the managers return it: zeros, nulls and the oneof filled in', async (t) => {
  const form = specWireForm({
    annotations: { name: 'x', labels: { b: '2', a: '1' } },
    task: { container: { image: 'busybox', stopGracePeriod: { seconds: 0 } } },
    replicated: { replicas: 2 },
  });
  t.equal(form.annotations?.name, 'x');
  t.same(form.annotations?.labels, { a: '1', b: '2' });
  t.equal(form.task?.container?.image, 'busybox');
  t.same(form.task?.container?.args, [], 'an absent list reads as empty');
  t.equal(form.task?.container?.user, '', 'an absent string reads as empty');
  t.same(form.task?.container?.stopGracePeriod, { seconds: 0, nanos: 0 }, 'an explicit 0s stays present');
  t.equal(form.task?.container?.healthcheck, null, 'an absent message reads as null');
  t.equal(form.updateConfig, null);
  t.same(form.replicated, { replicas: 2 });
  t.equal(form.mode, 'replicated');
});
