// The membership-change codec inside log entries, and the bootstrap entries built with it.
import t from 'tap';
import { bootstrapEntries } from '../../raft/bootstrap.ts';
import { decodeConfChange, encodeConfChange } from '../../raft/confchange.ts';
import { ConfChangeError } from '../../raft/errors.ts';
import { type ConfChange, ConfChangeType, EntryType } from '../../raft/types.ts';

t.test('every change round-trips', async (t) => {
  const cases: ConfChange[] = [
    { type: ConfChangeType.AddVoter, nodeId: 'node-1', context: new Uint8Array(0) },
    { type: ConfChangeType.AddLearner, nodeId: 'l', context: new TextEncoder().encode('10.0.0.7:4240') },
    { type: ConfChangeType.RemoveNode, nodeId: 'x'.repeat(300), context: new Uint8Array([0, 255, 1]) },
    { type: ConfChangeType.AddVoter, nodeId: 'nœud-é-日本', context: new Uint8Array(1000).fill(7) },
  ];
  for (const cc of cases) {
    const got = decodeConfChange(encodeConfChange(cc));
    t.equal(got.type, cc.type);
    t.equal(got.nodeId, cc.nodeId);
    t.same([...got.context], [...cc.context]);
  }
});

t.test('the decoded context is a copy, not a view of the entry', async (t) => {
  const data = encodeConfChange({
    type: ConfChangeType.AddVoter,
    nodeId: 'a',
    context: new Uint8Array([1, 2]),
  });
  const got = decodeConfChange(data);
  data[data.length - 1] = 9;
  t.same([...got.context], [1, 2]);
});

type Check = (ok: boolean, what: string) => void;

const refuses = (check: Check, data: Uint8Array, what: string): void => {
  let err: unknown;
  try {
    decodeConfChange(data);
  } catch (e) {
    err = e;
  }
  check(err instanceof ConfChangeError, `${what}: ConfChangeError (got ${String(err)})`);
};

t.test('truncated data is refused with ConfChangeError', async (t) => {
  const full = encodeConfChange({
    type: ConfChangeType.AddVoter,
    nodeId: 'abcdef',
    context: new Uint8Array(0),
  });
  for (let n = 0; n < 3 + 6; n++)
    refuses((ok, what) => t.ok(ok, what), full.subarray(0, n), `${n} of ${full.length} bytes`);
});

t.test('garbage is refused with ConfChangeError', async (t) => {
  refuses((ok, what) => t.ok(ok, what), new Uint8Array([7, 0, 1, 65]), 'unknown type 7');
  refuses((ok, what) => t.ok(ok, what), new Uint8Array([255, 0, 0]), 'unknown type 255');
  refuses((ok, what) => t.ok(ok, what), new Uint8Array([0, 0xff, 0xff, 65]), 'id length past the end');
});

t.test('an id that is not UTF-8 is refused with ConfChangeError', async (t) => {
  refuses((ok, what) => t.ok(ok, what), new Uint8Array([0, 0, 2, 0xc3, 0x28]), 'invalid UTF-8 id');
});

t.test('an over-long id is refused when encoding', async (t) => {
  t.throws(
    () =>
      encodeConfChange({
        type: ConfChangeType.AddVoter,
        nodeId: 'x'.repeat(0x10000),
        context: new Uint8Array(0),
      }),
    ConfChangeError,
  );
});

t.test('random bytes decode to a valid change or fail with a named error', async (t) => {
  let seed = 42;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  };
  let other = 0;
  for (let i = 0; i < 2000; i++) {
    const data = new Uint8Array(next() % 12).map(() => (next() % 8 === 0 ? 0 : next()));
    try {
      const cc = decodeConfChange(data);
      if (!(cc.type in ConfChangeType)) other++;
    } catch (err) {
      if (!(err instanceof ConfChangeError)) other++;
    }
  }
  t.equal(other, 0, 'no other kind of failure or result');
});

t.test('bootstrap entries name the founders at term 1, all committed', async (t) => {
  // Reference: thesis section 4.1 (the configuration lives in the log).
  const b = bootstrapEntries(['a', 'b', 'c'], (id) => new TextEncoder().encode(`${id}:4240`));
  t.same(b.hardState, { term: 1, vote: '', commit: 3 });
  t.same(
    b.entries.map((e) => [e.index, e.term, e.type]),
    [
      [1, 1, EntryType.ConfChange],
      [2, 1, EntryType.ConfChange],
      [3, 1, EntryType.ConfChange],
    ],
  );
  const ccs = b.entries.map((e) => decodeConfChange(e.data));
  t.same(
    ccs.map((c) => [c.type, c.nodeId, new TextDecoder().decode(c.context)]),
    [
      [ConfChangeType.AddVoter, 'a', 'a:4240'],
      [ConfChangeType.AddVoter, 'b', 'b:4240'],
      [ConfChangeType.AddVoter, 'c', 'c:4240'],
    ],
  );
  t.throws(() => bootstrapEntries([]), RangeError);
  t.throws(() => bootstrapEntries(['a', 'a']), RangeError);
});
