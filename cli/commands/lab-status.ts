// `covey lab status`: NAME ROLE PID STATE GRPC HTTP RUNTIME LEADER for each daemon of the lab, then
// the export lines; exit 1 when there is no lab.
import { Command } from 'commander';
import { exportLines, labEnv } from '../lab/lab-env.ts';
import { describeNodeRuntime } from '../lab/lab-plan.ts';
import { labStatus } from '../lab/lab-status.ts';
import { labDir, labDirOption } from './lab-dir-option.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { formatTable } from './table.ts';

export function labStatusCommand(): Command {
  return new Command('status')
    .description('show the daemons of the lab and whether they run')
    .addOption(labDirOption())
    .addOption(formatOption())
    .action(async (flags: { dir: string; format: OutputFormat }) => {
      const dir = labDir(flags);
      const status = await labStatus(dir);
      const env = labEnv(status.state);
      if (flags.format === 'json') {
        return void process.stdout.write(
          toJson({
            dir,
            runtime: status.state.runtime,
            starting: status.starting,
            nodes: status.nodes.map(({ record: n, running, leader }) => ({
              name: n.name,
              role: n.role,
              pid: n.process?.pid ?? null,
              state: running ? 'running' : 'dead',
              grpc: n.grpc,
              http: n.http,
              runtime: n.runtime,
              availability: n.availability,
              leader,
              nodeId: n.nodeId,
              log: n.logPath,
            })),
            env,
          }),
        );
      }
      const rows = status.nodes.map(({ record: n, running, leader }) => [
        n.name,
        n.role,
        n.process === null ? '-' : String(n.process.pid),
        running ? 'running' : 'dead',
        n.grpc,
        n.http,
        describeNodeRuntime(n),
        leader ? 'yes' : '',
      ]);
      const starting = status.starting
        ? `(\`covey lab up\`, pid ${status.state.starter?.pid}, is still starting this lab)\n`
        : '';
      process.stdout.write(
        `${formatTable(['NAME', 'ROLE', 'PID', 'STATE', 'GRPC', 'HTTP', 'RUNTIME', 'LEADER'], rows)}${starting}\n${exportLines(env)}`,
      );
    });
}
