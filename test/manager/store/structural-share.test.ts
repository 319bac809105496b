import t from 'tap';
import { freezeSharing } from '../../../manager/store/structural-share.ts';

const spec = () => ({
  image: 'busybox',
  args: ['sleep', '9'],
  env: [],
  labels: {},
  limits: { cpu: 1, mem: 2 },
});

t.test('an equal part is replaced by the template’s; a changed one stays and is frozen', async (t) => {
  const template = freezeSharing({ id: 'a', spec: spec(), status: { state: 1, message: 'x' } }, undefined);
  const fresh = { id: 'b', spec: spec(), status: { state: 2, message: 'x' } };
  const stored = freezeSharing(fresh, template);
  t.equal(stored, fresh, 'the object itself is kept when anything differs');
  t.equal(stored.spec, template.spec, 'the equal spec is the template’s');
  t.not(stored.status, template.status, 'the changed status is not');
  t.same(stored, { id: 'b', spec: spec(), status: { state: 2, message: 'x' } }, 'values are unchanged');
  t.ok(Object.isFrozen(stored) && Object.isFrozen(stored.status) && Object.isFrozen(stored.spec.args));
  t.throws(() => {
    (stored.spec.args as string[]).push('x');
  }, TypeError);
});

t.test('an object equal throughout is the template itself', async (t) => {
  const template = freezeSharing({ a: 1, b: [1, 2], c: { d: 'e' } }, undefined);
  t.equal(freezeSharing({ a: 1, b: [1, 2], c: { d: 'e' } }, template), template);
});

t.test('no template: everything is frozen, empty arrays and maps become shared constants', async (t) => {
  const a = freezeSharing({ env: [], labels: {}, args: ['x'] }, undefined);
  const b = freezeSharing({ env: [], labels: {}, args: ['x'] }, undefined);
  t.ok(Object.isFrozen(a) && Object.isFrozen(a.args));
  t.equal(a.env, b.env);
  t.equal(a.labels, b.labels);
  t.not(a.args, b.args, 'non-empty parts are shared only through a template');
});

t.test('differences the walk must not miss', async (t) => {
  const template = freezeSharing(
    { k: { x: 1 }, list: [1, 2], bytes: Buffer.from('ab'), u: { a: undefined } },
    undefined,
  );
  const lengthDiffers = freezeSharing({ list: [1, 2, 3] }, { list: template.list });
  t.same(lengthDiffers.list, [1, 2, 3]);
  const keyDiffers = freezeSharing({ u: { b: undefined } }, { u: template.u });
  t.not(keyDiffers.u, template.u, 'same key count and values, other key');
  t.same(Object.keys(keyDiffers.u), ['b']);
  const arrayVsObject = freezeSharing({ k: [1] }, { k: { 0: 1 } });
  t.ok(Array.isArray(arrayVsObject.k));
  const bytes = freezeSharing({ bytes: Buffer.from('ab') }, template);
  t.equal(bytes.bytes, template.bytes, 'equal bytes are shared');
  const other = freezeSharing({ bytes: Buffer.from('ac') }, template);
  t.equal(other.bytes.toString(), 'ac');
  const nan = freezeSharing({ n: Number.NaN }, freezeSharing({ n: Number.NaN }, undefined));
  t.ok(Number.isNaN(nan.n));
});
