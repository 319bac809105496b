// `covey lab down`: stops the lab's daemons (SIGTERM, SIGKILL after a grace), the tasks they left
// running (process groups, containers of its nodes), and removes the lab directory.
import { Command } from 'commander';
import { labDown } from '../lab/lab-down.ts';
import { parseDurationNanos } from './duration-flag.ts';
import { labDir, labDirOption } from './lab-dir-option.ts';

export function labDownCommand(): Command {
  return new Command('down')
    .description("stop the lab's daemons and tasks and remove its directory")
    .addOption(labDirOption())
    .option('-t, --timeout <duration>', 'grace for each daemon and task between SIGTERM and SIGKILL', '10s')
    .action(async (flags: { dir: string; timeout: string }) => {
      const dir = labDir(flags);
      const graceMs = Number(parseDurationNanos(flags.timeout, '--timeout') / 1_000_000n);
      const out = await labDown(dir, { graceMs, taskGraceMs: graceMs });
      const say = (line: string): void => void process.stdout.write(`${line}\n`);
      const { daemons } = out;
      if (daemons.stopped.length > 0) say(`stopped ${daemons.stopped.join(', ')}`);
      if (daemons.killed.length > 0)
        say(`killed ${daemons.killed.join(', ')} (still running ${flags.timeout} after SIGTERM)`);
      if (daemons.gone.length > 0) say(`not running: ${daemons.gone.join(', ')}`);
      for (const w of out.workloads) {
        if (w.removed.length > 0)
          say(
            `removed ${w.removed.length} ${w.runtime === 'docker' ? 'container' : 'process'} task(s) of ${w.node}`,
          );
        if (w.problem !== undefined)
          process.stderr.write(
            `covey: warning: tasks of ${w.node} (${w.runtime}) may remain: ${w.problem}\n`,
          );
      }
      say(out.dirRemoved ? `removed ${dir}` : `removed the lab from ${dir} (kept: it holds other files)`);
    });
}
