// `covey stack`: services deployed together from a compose file (Docker's `docker stack`).
import { Command } from 'commander';
import { stackDeployCommand } from './stack-deploy.ts';
import { stackLsCommand } from './stack-ls.ts';
import { stackPsCommand } from './stack-ps.ts';
import { stackRmCommand } from './stack-rm.ts';
import { stackServicesCommand } from './stack-services.ts';

export function stackCommand(): Command {
  return new Command('stack')
    .description('manage stacks: services deployed together from a compose file')
    .addCommand(stackDeployCommand())
    .addCommand(stackLsCommand())
    .addCommand(stackServicesCommand())
    .addCommand(stackPsCommand())
    .addCommand(stackRmCommand());
}
