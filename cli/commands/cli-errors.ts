// The one place failures become what the user reads: one line on stderr and an exit code
// (2 for a usage mistake, 1 for everything else); undefined for a bug, whose stack should show.
import * as grpc from '@grpc/grpc-js';
import { CommanderError } from 'commander';
import { MembersFileCorruptError } from '../../manager/member-directory.ts';
import { WalError } from '../../manager/raftnode/wal/errors.ts';
import { PkiError } from '../../pki/errors.ts';
import { CONVERGENCE_EXIT } from '../progress/convergence-exit.ts';
import { NotConvergedError } from '../progress/not-converged-error.ts';
import { UsageError } from '../usage-error.ts';
import { ControlCallError } from './control-call-error.ts';
import { EventStreamLostError } from './event-stream-lost-error.ts';
import { isLabFailure } from './lab-failure.ts';
import { NodeRemovalRefusedError } from './node-removal-refused-error.ts';
import { AmbiguousReferenceError, ObjectNotFoundError } from './reference-errors.ts';
import { NothingInStackError } from './stack-errors.ts';

export interface CliFailure {
  /** Empty when commander already printed its own message. */
  readonly message: string;
  readonly exitCode: number;
}

export function describeCliError(err: unknown): CliFailure | undefined {
  // Commander has printed the problem (and help or version, which exit 0).
  if (err instanceof CommanderError) return { message: '', exitCode: err.exitCode === 0 ? 0 : 2 };
  // Docker's exit status for an empty stack; it is a UsageError for its wording only.
  if (err instanceof NothingInStackError) return { message: err.message, exitCode: 1 };
  if (err instanceof UsageError) return { message: err.message, exitCode: 2 };
  if (err instanceof PkiError) return { message: err.message, exitCode: 2 };
  if (err instanceof ObjectNotFoundError)
    return {
      message: `no such ${err.kind}: ${err.ref} (list them with \`covey ${err.kind} ls\`)`,
      exitCode: 1,
    };
  if (err instanceof AmbiguousReferenceError)
    return {
      message: `${err.kind} ${err.ref} is ambiguous: it matches ${err.matches.join(', ')}; give more of the ID or the name`,
      exitCode: 1,
    };
  // Damaged state on disk: say which file and stop (nothing is overwritten).
  if (err instanceof WalError || err instanceof MembersFileCorruptError)
    return { message: `cannot start from this data dir: ${err.message}`, exitCode: 1 };
  if (err instanceof NotConvergedError)
    return { message: err.message, exitCode: CONVERGENCE_EXIT.notConverged };
  if (err instanceof ControlCallError) return { message: describeCall(err), exitCode: 1 };
  if (err instanceof NodeRemovalRefusedError) return { message: err.message, exitCode: 1 };
  if (isLabFailure(err)) return { message: err.message, exitCode: 1 };
  if (err instanceof EventStreamLostError)
    return {
      message: `lost the event stream: no manager at ${err.hosts.join(', ')} took it up after ${err.attempts} attempts (${err.lastDetails}); check --host / COVEY_HOST and that the managers run`,
      exitCode: 1,
    };
  return undefined;
}

function describeCall(err: ControlCallError): string {
  const hosts = err.hosts.join(', ');
  switch (err.code) {
    case grpc.status.NOT_FOUND:
      return `not found: ${err.details}`;
    case grpc.status.INVALID_ARGUMENT:
      return `invalid request: ${err.details}`;
    case grpc.status.ALREADY_EXISTS:
      return `already exists: ${err.details}`;
    case grpc.status.FAILED_PRECONDITION:
      return `refused: ${err.details}`;
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return `no manager answers at ${hosts} (${err.details}); check --host / COVEY_HOST and that the managers run`;
    case grpc.status.PERMISSION_DENIED:
    case grpc.status.UNAUTHENTICATED:
      return `the managers at ${hosts} refused the certificate in ${err.certDir} (${err.details}); check --cert-dir / COVEY_CERT_DIR (an admin bundle from <data-dir>/client)`;
    default:
      return `${grpc.status[err.code] ?? err.code}: ${err.details}`;
  }
}
