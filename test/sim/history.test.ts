// The recorder turns client callbacks into a checkable history, and both it and validateHistory refuse
// malformed operations at the point where they happen.
import t from 'tap';
import { HistoryError, HistoryRecorder, type Operation, validateHistory } from './history.ts';
import { checkLinearizable } from './linearizability.ts';

const U = Number.POSITIVE_INFINITY;

t.test('records completed, unknown and failed operations', async (t) => {
  const rec = new HistoryRecorder();
  const put = rec.invoke(1, { kind: 'put', key: 'x', value: 'a' }, 0);
  const get = rec.invoke(2, { kind: 'get', key: 'x' }, 1);
  const cas = rec.invoke(3, { kind: 'cas', key: 'x', expected: 'a', value: 'b' }, 1);
  const lost = rec.invoke(1, { kind: 'append', key: 'x', value: 'c' }, 2);
  const refused = rec.invoke(2, { kind: 'put', key: 'y', value: 'z' }, 2);
  t.equal(new Set([put, get, cas, lost, refused]).size, 5, 'ids are unique');
  rec.ok(get, 'a', 4);
  rec.ok(put, undefined, 3);
  rec.ok(cas, true, 4);
  rec.unknown(lost);
  rec.fail(refused);
  t.same(rec.history(), [
    { id: put, clientId: 1, input: { kind: 'put', key: 'x', value: 'a' }, call: 0, ret: 3 },
    { id: get, clientId: 2, input: { kind: 'get', key: 'x' }, call: 1, ret: 4, output: 'a' },
    {
      id: cas,
      clientId: 3,
      input: { kind: 'cas', key: 'x', expected: 'a', value: 'b' },
      call: 1,
      ret: 4,
      output: true,
    },
    { id: lost, clientId: 1, input: { kind: 'append', key: 'x', value: 'c' }, call: 2, ret: U },
  ]);
  const unknownOp = rec.history()[3];
  t.notOk(unknownOp !== undefined && 'output' in unknownOp, 'an unknown op carries no output key at all');
});

t.test('operations still pending when the history is taken count as unknown', async (t) => {
  const rec = new HistoryRecorder();
  const id = rec.invoke(1, { kind: 'put', key: 'x', value: 'a' }, 5);
  t.same(rec.history(), [{ id, clientId: 1, input: { kind: 'put', key: 'x', value: 'a' }, call: 5, ret: U }]);
  const snapshot = rec.history();
  rec.ok(id, undefined, 7);
  t.equal(snapshot[0]?.ret, U, 'an earlier snapshot is not changed by later recording');
  t.equal(rec.history()[0]?.ret, 7);
});

t.test('equal call and return times are allowed', async (t) => {
  const rec = new HistoryRecorder();
  const id = rec.invoke(1, { kind: 'get', key: 'x' }, 3);
  rec.ok(id, '', 3);
  t.equal(rec.history()[0]?.ret, 3);
});

t.test('the recorder refuses impossible completions', async (t) => {
  const rec = new HistoryRecorder();
  const get = rec.invoke(1, { kind: 'get', key: 'x' }, 10);
  const put = rec.invoke(1, { kind: 'put', key: 'x', value: 'a' }, 10);
  const cas = rec.invoke(1, { kind: 'cas', key: 'x', expected: '', value: 'a' }, 10);
  t.throws(() => rec.ok(get, '', 9), new HistoryError(get, 'returns at 9, before its call at 10'));
  t.throws(() => rec.ok(get, true, 11), {
    name: 'HistoryError',
    opId: get,
    reason: /get must return a string/,
  });
  t.throws(() => rec.ok(put, 'a', 11), { name: 'HistoryError', opId: put, reason: /put has no output/ });
  t.throws(() => rec.ok(cas, 'a', 11), {
    name: 'HistoryError',
    opId: cas,
    reason: /cas must return a boolean/,
  });
  t.throws(() => rec.ok(99, '', 11), { name: 'HistoryError', opId: 99, reason: /never invoked/ });
  t.throws(() => rec.invoke(1, { kind: 'get', key: 'x' }, Number.NaN), {
    name: 'HistoryError',
    reason: /must be finite/,
  });
  rec.ok(get, '', 11);
  t.equal(rec.history()[0]?.ret, 11, 'a refused completion leaves the op pending');
  rec.fail(put);
  rec.unknown(cas);
  for (const id of [get, put, cas]) {
    t.throws(() => rec.ok(id, undefined, 12), {
      name: 'HistoryError',
      opId: id,
      reason: /already completed or failed/,
    });
    t.throws(() => rec.unknown(id), { name: 'HistoryError', opId: id });
    t.throws(() => rec.fail(id), { name: 'HistoryError', opId: id });
  }
  t.equal(rec.history().length, 2, 'refused completions leave the history as it was');
});

t.test('validateHistory refuses malformed histories', async (t) => {
  const ok: Operation = { id: 1, clientId: 1, input: { kind: 'get', key: 'x' }, call: 0, ret: 1, output: '' };
  t.doesNotThrow(() => validateHistory([ok, { ...ok, id: 2, ret: 0 }]));
  const cases: [string, Operation[], RegExp][] = [
    ['duplicate id', [ok, { ...ok }], /duplicate/],
    ['return before call', [{ ...ok, ret: -1 }], /before its call/],
    ['non-finite call', [{ ...ok, call: Number.NaN }], /finite/],
    ['NaN return', [{ ...ok, ret: Number.NaN }], /before its call/],
    ['unknown op with output', [{ ...ok, ret: U }], /no output/],
    ['completed get without output', [{ id: 1, clientId: 1, input: ok.input, call: 0, ret: 1 }], /string/],
  ];
  for (const [name, history, reason] of cases) {
    t.throws(() => validateHistory(history), { name: 'HistoryError', reason }, name);
    t.throws(() => checkLinearizable(history), { name: 'HistoryError' }, `${name}: checker refuses it too`);
  }
});

t.test('a recorded history goes straight into the checker', async (t) => {
  const rec = new HistoryRecorder();
  const w = rec.invoke(1, { kind: 'put', key: 'x', value: 'a' }, 0);
  const r1 = rec.invoke(2, { kind: 'get', key: 'x' }, 1);
  rec.ok(w, undefined, 2);
  rec.ok(r1, 'a', 3);
  t.equal(checkLinearizable(rec.history()).ok, true);
  const r2 = rec.invoke(2, { kind: 'get', key: 'x' }, 4);
  rec.ok(r2, '', 5);
  t.equal(checkLinearizable(rec.history()).ok, false, 'a stale read after the write returned');
});
