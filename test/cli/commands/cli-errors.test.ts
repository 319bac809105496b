import * as grpc from '@grpc/grpc-js';
import { CommanderError } from 'commander';
import t from 'tap';
import { describeCliError } from '../../../cli/commands/cli-errors.ts';
import { ControlCallError, isServiceError } from '../../../cli/commands/control-call-error.ts';
import { EventStreamLostError } from '../../../cli/commands/event-stream-lost-error.ts';
import { FlagValueError } from '../../../cli/commands/flag-value-error.ts';
import { NodeRemovalRefusedError } from '../../../cli/commands/node-removal-refused-error.ts';
import { AmbiguousReferenceError, ObjectNotFoundError } from '../../../cli/commands/reference-errors.ts';
import { UsageError } from '../../../cli/usage-error.ts';

const call = (code: grpc.status, details: string) =>
  new ControlCallError(code, details, ['10.0.0.1:4240', '10.0.0.2:4240'], '/certs');

t.test('usage mistakes exit 2, other failures 1, each one line', async (t) => {
  t.same(describeCliError(new UsageError('bad')), { message: 'bad', exitCode: 2 });
  t.equal(describeCliError(new FlagValueError('--replicas', 'x', 'a number'))?.exitCode, 2);
  t.same(describeCliError(new CommanderError(1, 'commander.invalidArgument', 'x')), {
    message: '',
    exitCode: 2,
  });
  t.same(describeCliError(new CommanderError(0, 'commander.helpDisplayed', 'x')), {
    message: '',
    exitCode: 0,
  });
  t.match(describeCliError(new ObjectNotFoundError('service', 'web')), {
    message: /no such service: web/,
    exitCode: 1,
  });
  t.match(describeCliError(new AmbiguousReferenceError('node', 'a', ['a1 (x)', 'a2 (y)'])), {
    message: /ambiguous: it matches a1 \(x\), a2 \(y\)/,
    exitCode: 1,
  });
});

t.test('gRPC statuses', async (t) => {
  t.match(
    describeCliError(
      call(grpc.status.INVALID_ARGUMENT, 'spec.task.resources.limits.memory_bytes: must be >= 4 MiB'),
    ),
    {
      message: 'invalid request: spec.task.resources.limits.memory_bytes: must be >= 4 MiB',
      exitCode: 1,
    },
  );
  t.match(describeCliError(call(grpc.status.UNAVAILABLE, 'No connection established')), {
    message: /^no manager answers at 10\.0\.0\.1:4240, 10\.0\.0\.2:4240/,
  });
  t.match(describeCliError(call(grpc.status.PERMISSION_DENIED, 'worker certificate')), {
    message: /check --cert-dir/,
  });
  t.match(describeCliError(call(grpc.status.UNAUTHENTICATED, 'x')), { message: /check --cert-dir/ });
  t.match(describeCliError(call(grpc.status.NOT_FOUND, 'service abc')), {
    message: 'not found: service abc',
  });
  for (const code of [grpc.status.NOT_FOUND, grpc.status.ALREADY_EXISTS, grpc.status.INTERNAL]) {
    t.equal(describeCliError(call(code, 'x'))?.message.includes('\n'), false);
  }
});

t.test('a bug is not described (its stack shows)', async (t) => {
  t.equal(describeCliError(new TypeError('undefined is not a function')), undefined);
});

t.test('a refused node removal names the command that gets past it', async (t) => {
  const err = new NodeRemovalRefusedError(
    'w2',
    'cannot remove node abc: it is ready, not down; stop its daemon first, or force the removal',
    'covey node rm --force w2',
  );
  t.same(describeCliError(err), {
    message:
      'cannot remove node abc: it is ready, not down; stop its daemon first, or force the removal (covey node rm --force w2)',
    exitCode: 1,
  });
});

t.test('a lost event stream says where it looked (not as a gRPC status of its own)', async (t) => {
  const err = new EventStreamLostError(['a:1', 'b:1'], 4, grpc.status.UNAVAILABLE, 'connection refused');
  t.same(describeCliError(err), {
    message:
      'lost the event stream: no manager at a:1, b:1 took it up after 4 attempts (connection refused); check --host / COVEY_HOST and that the managers run',
    exitCode: 1,
  });
  t.notOk(isServiceError(err), 'withControlClient passes it on as it is');
});
