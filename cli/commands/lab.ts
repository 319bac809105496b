// `covey lab up | status | down`: a throwaway cluster of real daemons on this machine's loopback,
// for trying covey out and for tests (cli/lab/ does the work).
import { Command } from 'commander';
import { labDownCommand } from './lab-down.ts';
import { labStatusCommand } from './lab-status.ts';
import { labUpCommand } from './lab-up.ts';

export function labCommand(): Command {
  return new Command('lab')
    .description('run a local cluster of daemons on loopback (data in ./.covey-lab)')
    .addCommand(labUpCommand())
    .addCommand(labStatusCommand())
    .addCommand(labDownCommand());
}
