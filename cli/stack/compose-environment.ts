// A service's environment: its env_file(s) first (paths relative to the compose file), then
// `environment` (a mapping or a list of KEY=VALUE) on top. A variable named without a value takes
// covey's own value, or is left out when covey has none. Sorted, as Docker sorts it.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseEnvFile } from './compose-env-file.ts';
import type { ComposeNode } from './compose-node.ts';

export function composeEnvironment(service: ComposeNode): string[] {
  const vars = new Map<string, string>();
  const envFile = service.get('env_file');
  if (envFile && !envFile.isNull()) for (const [k, v] of readEnvFiles(envFile)) vars.set(k, v);
  const environment = service.get('environment');
  if (environment && !environment.isNull()) {
    const env = service.source.env;
    const set = (key: string, value: string | undefined): void => {
      if (value !== undefined) vars.set(key, value);
      else vars.delete(key);
    };
    if (environment.isMap()) {
      for (const { key, value } of environment.entries()) set(key, value.isNull() ? env[key] : value.text());
    } else {
      for (const item of environment.items()) {
        const entry = item.string();
        const eq = entry.indexOf('=');
        if (eq === 0) item.fail(`invalid entry ${JSON.stringify(entry)}: expected KEY=VALUE or KEY`);
        if (eq < 0) set(entry, env[entry]);
        else set(entry.slice(0, eq), entry.slice(eq + 1));
      }
    }
  }
  return [...vars.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${vars.get(key) ?? ''}`);
}

/** `env_file: a.env`, a list of paths, or a list of {path, required} (a missing optional file is skipped). */
function readEnvFiles(node: ComposeNode): Map<string, string> {
  const entries = node.isSeq() ? node.items() : [node];
  const vars = new Map<string, string>();
  for (const entry of entries) {
    let pathNode = entry;
    let required = true;
    if (entry.isMap()) {
      for (const { key, value } of entry.entries()) {
        if (key === 'required') required = value.bool();
        else if (key !== 'path') value.fail('unknown key (expected path, required)');
      }
      pathNode = entry.get('path') ?? entry.fail('needs a path');
    }
    const written = pathNode.string();
    const file = isAbsolute(written) ? written : join(node.source.dir, written);
    const text = readEnvFile(pathNode, file, required);
    if (text === undefined) continue;
    for (const [k, v] of parseEnvFile(text, file, node.source.env)) vars.set(k, v);
  }
  return vars;
}

/** Undefined for a missing file that is not required. */
function readEnvFile(at: ComposeNode, file: string, required: boolean): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    return at.fail(`cannot read env file ${file}: ${code === 'ENOENT' ? 'no such file' : String(err)}`, {
      cause: err,
    });
  }
}
