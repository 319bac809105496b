// `covey lab up`: starts the lab's daemons in the background, waits until the cluster is ready and
// prints the environment that points the CLI at it (progress on stderr, so `eval "$(covey lab up)"`
// works; -q keeps only the export lines, --format json one object).
import { Command, InvalidArgumentError, Option } from 'commander';
import { exportLines, labEnv } from '../lab/lab-env.ts';
import { DEFAULT_PORT_BASE, type PortRequest } from '../lab/lab-ports.ts';
import { LAB_RUNTIME_CHOICES, type LabRuntimeChoice } from '../lab/lab-runtime.ts';
import { labUp, type LabUpResult } from '../lab/lab-up.ts';
import { parseDurationNanos } from './duration-flag.ts';
import { labDir, labDirOption } from './lab-dir-option.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';

interface LabUpFlags {
  managers: number;
  workers: number;
  runtime: LabRuntimeChoice;
  dir: string;
  portBase?: number;
  timeout: string;
  format: OutputFormat;
  quiet?: boolean;
}

export function labUpCommand(): Command {
  return new Command('up')
    .description('start a lab cluster in the background and print the environment to use it')
    .option('--managers <n>', 'manager nodes (m1, m2, …)', wholeNumber(1), 3)
    .option(
      '--workers <n>',
      'worker nodes (w1, w2, …); with none, the managers run the tasks',
      wholeNumber(0),
      3,
    )
    .addOption(
      new Option(
        '--runtime <r>',
        'what runs tasks: docker, process, or auto (docker when the engine answers)',
      )
        .choices([...LAB_RUNTIME_CHOICES])
        .default('auto'),
    )
    .addOption(labDirOption())
    .option(
      '--port-base <port>',
      `gRPC ports from here, HTTP from here + 40 (default ${DEFAULT_PORT_BASE}, or any free ports when those are taken; 0: any free ports)`,
      wholeNumber(0),
    )
    .option('--timeout <duration>', 'give up when the cluster is not ready after this long', '90s')
    .addOption(formatOption())
    .option('-q, --quiet', 'print only the export lines (for eval)')
    .action(async (flags: LabUpFlags) => {
      const timeoutMs = Number(parseDurationNanos(flags.timeout, '--timeout') / 1_000_000n);
      const progress = (line: string): void => {
        if (!flags.quiet) process.stderr.write(`${line}\n`);
      };
      const result = await labUp({
        dir: labDir(flags),
        managers: flags.managers,
        workers: flags.workers,
        runtime: flags.runtime,
        ports: portRequest(flags.portBase),
        timeoutMs,
        report: progress,
        note: (line) => process.stderr.write(`note: ${line}\n`),
      });
      if (flags.format === 'json') return void process.stdout.write(toJson(upJson(result)));
      const { state } = result;
      const managers = state.nodes.filter((n) => n.role === 'manager').length;
      progress(
        `lab up in ${(result.elapsedMs / 1000).toFixed(1)} s: ${managers} managers, ${state.nodes.length - managers} workers, runtime ${state.runtime}, leader ${result.leader}; \`covey lab down\` stops it`,
      );
      process.stdout.write(exportLines(labEnv(state)));
    });
}

function portRequest(base: number | undefined): PortRequest {
  if (base === undefined) return { kind: 'prefer', base: DEFAULT_PORT_BASE };
  return base === 0 ? { kind: 'any' } : { kind: 'exact', base };
}

function upJson(r: LabUpResult): unknown {
  return {
    dir: r.dir,
    runtime: r.runtime.runtime,
    runtimeReason: r.runtime.reason,
    leader: r.leader,
    elapsedMs: r.elapsedMs,
    nodes: r.state.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      runtime: n.runtime,
      availability: n.availability,
      nodeId: n.nodeId,
      pid: n.process?.pid ?? null,
      grpc: n.grpc,
      http: n.http,
      dataDir: n.dataDir,
      log: n.logPath,
    })),
    env: labEnv(r.state),
  };
}

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
}
