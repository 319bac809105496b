import t from 'tap';
import { describeCliError } from '../../../cli/commands/cli-errors.ts';
import { CONVERGENCE_EXIT, CONVERGENCE_HELP } from '../../../cli/progress/convergence-exit.ts';
import { NotConvergedError } from '../../../cli/progress/not-converged-error.ts';
import { UsageError } from '../../../cli/usage-error.ts';

const target = { hosts: ['127.0.0.1:4240'], certDir: '/tmp/client' };

t.test('the error table gives NotConvergedError the documented exit status and its reason', async (t) => {
  for (const kind of ['paused', 'rolled-back', 'unschedulable', 'failed', 'timeout'] as const) {
    const failure = describeCliError(new NotConvergedError('web', kind, 'update paused due to x', target));
    t.equal(failure?.exitCode, CONVERGENCE_EXIT.notConverged, kind);
    t.match(failure?.message, /web: update paused due to x$/, kind);
  }
  t.equal(describeCliError(new UsageError('bad'))?.exitCode, CONVERGENCE_EXIT.usage);
});

t.test('the help documents every exit status', async (t) => {
  for (const code of Object.values(CONVERGENCE_EXIT))
    t.match(CONVERGENCE_HELP, new RegExp(`^  ${code} `, 'm'));
});
