// Runs the package.json `proto` script's generator into another directory, so a test can compare
// its output with the committed proto/gen without touching it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROTO_ROOT } from '../../proto/load.ts';

const repoRoot = join(PROTO_ROOT, '..');
const SCRIPT_PREFIX = 'cd proto && rm -rf gen && proto-loader-gen-types ';

/** Files under dir, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Runs the generator with the `proto` script's own flags, writing to outDir instead of proto/gen.
 * Throws when the script no longer has the shape this relies on, so a changed script cannot make
 * the comparison vacuous.
 */
export function regenerateProto(outDir: string): void {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.proto;
  if (script === undefined || !script.startsWith(SCRIPT_PREFIX)) {
    throw new Error(`package.json scripts.proto does not start with "${SCRIPT_PREFIX}"`);
  }
  const args = script.slice(SCRIPT_PREFIX.length).split(' ');
  const outIndex = args.indexOf('gen');
  if (outIndex < 1 || args[outIndex - 1] !== '-O') throw new Error('scripts.proto does not write to gen');
  args[outIndex] = outDir;
  // The shell would expand `covey/v1/*.proto`; do the same here.
  const expanded = args.flatMap((arg) => {
    if (!arg.endsWith('*.proto')) return [arg];
    const dir = arg.slice(0, arg.lastIndexOf('/'));
    return readdirSync(join(PROTO_ROOT, dir))
      .filter((f) => f.endsWith('.proto'))
      .sort()
      .map((f) => `${dir}/${f}`);
  });
  const cli = join(
    repoRoot,
    'node_modules',
    '@grpc',
    'proto-loader',
    'build',
    'bin',
    'proto-loader-gen-types.js',
  );
  execFileSync(process.execPath, [cli, ...expanded], { cwd: PROTO_ROOT, stdio: 'pipe' });
}
