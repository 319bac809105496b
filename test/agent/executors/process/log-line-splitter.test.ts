import t from 'tap';
import { LineSplitter, MAX_LINE_BYTES } from '../../../../agent/executors/process/log-line-splitter.ts';

const text = (pieces: { data: Buffer }[]) => pieces.map((p) => p.data.toString());

t.test('lines are cut at newlines, newline stripped, across chunk boundaries', async (t) => {
  const splitter = new LineSplitter();
  t.same(text(splitter.push(Buffer.from('one\ntw'))), ['one']);
  t.equal(splitter.pendingBytes, 2);
  t.same(text(splitter.push(Buffer.from('o\n\nthree'))), ['two', '']);
  t.same(splitter.flush()?.data.toString(), 'three');
  t.equal(splitter.flush(), null);
});

t.test('each piece accounts for the bytes it used, newline included', async (t) => {
  const splitter = new LineSplitter();
  const pieces = splitter.push(Buffer.from('ab\ncde\nf'));
  t.same(
    pieces.map((p) => p.bytes),
    [3, 4],
  );
  t.equal(splitter.flush()?.bytes, 1);
});

t.test('lines longer than 16 KiB come in 16 KiB pieces; one of exactly 16 KiB stays whole', async (t) => {
  const splitter = new LineSplitter();
  const exact = 'x'.repeat(MAX_LINE_BYTES);
  t.same(
    splitter.push(Buffer.from(`${exact}\n`)).map((p) => [p.data.length, p.bytes]),
    [[MAX_LINE_BYTES, MAX_LINE_BYTES + 1]],
  );
  t.same(splitter.push(Buffer.from(exact)), [], 'a full-size start waits: its newline may be next');
  const pieces = splitter.push(Buffer.from(`yz${'w'.repeat(MAX_LINE_BYTES)}\n`));
  t.same(
    pieces.map((p) => [p.data.length, p.bytes]),
    [
      [MAX_LINE_BYTES, MAX_LINE_BYTES],
      [MAX_LINE_BYTES, MAX_LINE_BYTES],
      [2, 3],
    ],
  );
  t.equal(pieces[1]?.data.subarray(0, 2).toString(), 'yz');
});

t.test('a small limit shows the rule plainly', async (t) => {
  const splitter = new LineSplitter(3);
  t.same(text(splitter.push(Buffer.from('abcdefg\nabc\nabcd'))), ['abc', 'def', 'g', 'abc', 'abc']);
  t.same(splitter.flush()?.data.toString(), 'd');
});
