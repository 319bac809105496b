// Reading generated request scalars: 64-bit integers in all three shapes, enums by name or number,
// Durations with their sign rules, and the human formats reasons use.
import type { Long } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import t from 'tap';
import {
  durationNanos,
  enumValue,
  formatBytes,
  formatNanos,
  intValue,
} from '../../../manager/controlapi/spec-scalars.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';

t.test('intValue reads number, decimal string and Long; NaN for anything else', async (t) => {
  t.equal(intValue(undefined), 0);
  t.equal(intValue(42), 42);
  t.equal(intValue('-7'), -7);
  // protobufjs's typings hide Long's statics; at run time util.Long is the `long` package.
  const LongClass = protobuf.util.Long as unknown as { fromNumber(n: number): Long };
  const long = LongClass.fromNumber(2 ** 40);
  t.equal(intValue(long), 2 ** 40);
  t.ok(Number.isNaN(intValue('1e3')));
  t.ok(Number.isNaN(intValue(1.5)));
});

t.test('enumValue accepts known names and numbers only', async (t) => {
  t.equal(enumValue(undefined, MountType), 0);
  t.equal(enumValue('MOUNT_TYPE_TMPFS', MountType), 2);
  t.equal(enumValue(1, MountType), 1);
  t.equal(enumValue(3, MountType), undefined);
  t.equal(enumValue('MOUNT_TYPE_NFS', MountType), undefined);
});

t.test('durationNanos follows google.protobuf.Duration rules', async (t) => {
  t.equal(durationNanos({ seconds: 1, nanos: 500 }), 1_000_000_500);
  t.equal(durationNanos({ seconds: -1, nanos: -500 }), -1_000_000_500);
  t.equal(durationNanos({ seconds: '2' }), 2e9);
  t.equal(durationNanos({}), 0);
  t.ok(Number.isNaN(durationNanos({ seconds: 1, nanos: -1 })), 'mixed signs');
  t.ok(Number.isNaN(durationNanos({ seconds: 0, nanos: 1e9 })), 'nanos out of range');
});

t.test('formats', async (t) => {
  t.equal(formatNanos(0), '0s');
  t.equal(formatNanos(999), '999ns');
  t.equal(formatNanos(5e6), '5ms');
  t.equal(formatNanos(1.5e9), '1.5s');
  t.equal(formatBytes(4 * 1024 * 1024), '4 MiB');
  t.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
  t.equal(formatBytes(1500), '1500 B');
});
