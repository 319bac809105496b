// The exit statuses of the commands that wait for a service to converge (create, update,
// rollback, scale), in one place, with the help text that documents them.
import { DEFAULT_VERDICT_OPTIONS } from './convergence-verdict.ts';

const { settleMs, unschedulableAfterMs, maxTaskEnds } = DEFAULT_VERDICT_OPTIONS;

export const CONVERGENCE_EXIT = Object.freeze({
  /** Converged (or --detach: the request was accepted). */
  converged: 0,
  /**
   * Did not converge: the update paused, rolled back, a rollback paused, tasks cannot be scheduled
   * or keep failing, or --timeout passed. The message says which (NotConvergedError, whose exit
   * status the one error table in cli/commands/cli-errors.ts decides; a test pins them together).
   */
  notConverged: 1,
  /** A usage mistake (bad flag or value): nothing was sent. */
  usage: 2,
  /** Ctrl-C while waiting: the CLI detached, the service keeps converging (128 + SIGINT). */
  detached: 130,
});

/** Appended to the help of every command that waits. */
export const CONVERGENCE_HELP = `
Without --detach the command shows each task's progress (on stderr; stdout keeps what the
command prints for scripts) and waits until the service has converged: every replica (or every
eligible node, for a global service) runs a task of the new spec (healthy, when it has a
healthcheck), nothing else still runs, all of it steady for ${settleMs / 1000} s; for an update that rolls tasks,
the manager's update status is also completed (the manager already waited the update monitor
period after the last task, so the CLI does not wait it again).

Exit status:
  ${CONVERGENCE_EXIT.converged}    converged (with --detach: the request was accepted)
  ${CONVERGENCE_EXIT.notConverged}    not converged: the update paused or was rolled back, a rollback paused, a task
       cannot be scheduled (no suitable node, for ${unschedulableAfterMs / 1000} s), a replica's task ended ${maxTaskEnds} times
       while waiting, --timeout passed, or the managers could not be reached
  ${CONVERGENCE_EXIT.usage}    usage mistake: nothing was changed
  ${CONVERGENCE_EXIT.detached}  Ctrl-C: detached, the service keeps converging in the cluster
`;
