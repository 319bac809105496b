// The env_file format compose reads: `KEY=VALUE` lines, `#` comments, an optional `export `,
// values quoted '...' (literal) or "..." (escapes \n \t \\ \", interpolated) or bare (interpolated,
// ` #` starts a comment); a bare `KEY` takes the value from covey's environment, or is skipped.
import { ComposeFileError } from './compose-errors.ts';
import { type Environment, InterpolationError, interpolate } from './compose-interpolation.ts';

const LINE = /^\s*(?:export\s+)?([^\s=#]+)\s*(?:=(.*))?$/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', $: '$' };

/** Variables in file order; `file` is the name used in messages. */
export function parseEnvFile(text: string, file: string, env: Environment): Map<string, string> {
  const out = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const m = LINE.exec(raw);
    if (!m)
      throw new ComposeFileError(file, line, '', `expected KEY=VALUE, got ${JSON.stringify(raw.trim())}`);
    const key = m[1] ?? '';
    const value = m[2];
    if (value === undefined) {
      const inherited = env[key];
      if (inherited !== undefined) out.set(key, inherited);
      return;
    }
    try {
      out.set(key, envValue(value.trim(), env));
    } catch (err) {
      if (err instanceof InterpolationError || err instanceof EnvValueError)
        throw new ComposeFileError(file, line, key, err.message, { cause: err });
      throw err;
    }
  });
  return out;
}

class EnvValueError extends Error {
  override name = 'EnvValueError';
}

function envValue(text: string, env: Environment): string {
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    if (end < 0) throw new EnvValueError("unclosed ' quote");
    return text.slice(1, end);
  }
  if (text.startsWith('"')) {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i] ?? '';
      if (c === '"') return interpolate(out, env).text;
      if (c === '\\' && i + 1 < text.length) {
        const next = text[++i] ?? '';
        // An escaped $ must survive interpolation as a literal one.
        out += next === '$' ? '$$' : (ESCAPES[next] ?? `\\${next}`);
      } else out += c;
    }
    throw new EnvValueError('unclosed " quote');
  }
  const comment = text.search(/\s#/);
  return interpolate(comment < 0 ? text : text.slice(0, comment).trimEnd(), env).text;
}
