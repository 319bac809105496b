// Parsing one frame of Docker's timestamped log stream into lines.
import t from 'tap';
import {
  MAX_LOG_PIECE_BYTES,
  parseDockerTimestamp,
  parseLogFrame,
} from '../../../../agent/executors/docker/log-frame-parser.ts';

const FALLBACK = 42;

t.test('Docker’s RFC3339Nano timestamps to epoch ms, cut (not rounded) to the millisecond', async (t) => {
  t.equal(parseDockerTimestamp('2024-05-01T12:00:00.123956789Z'), Date.UTC(2024, 4, 1, 12, 0, 0, 123));
  t.equal(parseDockerTimestamp('2024-05-01T12:00:00Z'), Date.UTC(2024, 4, 1, 12));
  t.equal(parseDockerTimestamp('2024-05-01T12:00:00.5+02:00'), Date.UTC(2024, 4, 1, 10, 0, 0, 500));
  t.equal(parseDockerTimestamp('hello'), undefined);
  t.equal(parseDockerTimestamp('2024-05-01 12:00:00Z'), undefined);
});

t.test('a frame loses its timestamp prefix and newline', async (t) => {
  const lines = parseLogFrame(
    'stderr',
    Buffer.from('2024-05-01T12:00:00.000000001Z hello world\n'),
    FALLBACK,
  );
  t.same(lines, [{ stream: 'stderr', timeMs: Date.UTC(2024, 4, 1, 12), data: Buffer.from('hello world') }]);
  t.same(
    parseLogFrame('stdout', Buffer.from('2024-05-01T12:00:00Z \n'), FALLBACK).map((l) => l.data.length),
    [0],
    'an empty line is a line',
  );
  t.same(
    parseLogFrame('stdout', Buffer.from('2024-05-01T12:00:00Z partial'), FALLBACK).map((l) =>
      l.data.toString(),
    ),
    ['partial'],
    'a piece of a long line has no newline',
  );
});

t.test('several lines in one frame, and a frame without a timestamp', async (t) => {
  const lines = parseLogFrame('stdout', Buffer.from('2024-05-01T12:00:00Z a\nb\n\nc\n'), FALLBACK);
  t.same(
    lines.map((l) => l.data.toString()),
    ['a', 'b', '', 'c'],
  );
  t.same(parseLogFrame('stdout', Buffer.from('plain text\n'), FALLBACK), [
    { stream: 'stdout', timeMs: FALLBACK, data: Buffer.from('plain text') },
  ]);
});

t.test('a line longer than 16 KiB comes in pieces', async (t) => {
  const long = 'x'.repeat(MAX_LOG_PIECE_BYTES * 2 + 5);
  const lines = parseLogFrame('stdout', Buffer.from(`2024-05-01T12:00:00Z ${long}\n`), FALLBACK);
  t.same(
    lines.map((l) => l.data.length),
    [MAX_LOG_PIECE_BYTES, MAX_LOG_PIECE_BYTES, 5],
  );
  t.equal(Buffer.concat(lines.map((l) => l.data)).toString(), long);
});
