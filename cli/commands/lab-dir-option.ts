// `--dir`, where a lab keeps its state, its daemons' data and logs: ./.covey-lab of the current
// directory unless told, always resolved to an absolute path (lab.json records absolute paths).
import { resolve } from 'node:path';
import { Option } from 'commander';

export const DEFAULT_LAB_DIR = '.covey-lab';

export function labDirOption(): Option {
  return new Option('--dir <dir>', 'lab directory (state, data dirs, daemon logs)').default(
    `./${DEFAULT_LAB_DIR}`,
  );
}

export function labDir(opts: { readonly dir: string }, cwd: string = process.cwd()): string {
  return resolve(cwd, opts.dir);
}
