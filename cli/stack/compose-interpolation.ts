// Compose variable interpolation in values, from the environment of the `covey` process (as
// `docker stack deploy` does: no .env file). Forms: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?message}, ${VAR?message}, ${VAR:+alternative}, ${VAR+alternative} (nestable), $$ for a $.

export type Environment = Readonly<Record<string, string | undefined>>;

/** A `$` that starts no valid form, an unclosed `${`, or a `${VAR?message}` whose VAR is unset. */
export class InterpolationError extends Error {
  override name = 'InterpolationError';
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface Interpolated {
  readonly text: string;
  /** Variables used without a default that were unset (they read as ''), for a warning. */
  readonly unset: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

export function interpolate(text: string, env: Environment): Interpolated {
  const unset: string[] = [];
  return { text: expand(text, text, env, unset), unset };
}

function expand(text: string, whole: string, env: Environment, unset: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0) throw new InterpolationError(whole, `unclosed "\${" in ${JSON.stringify(whole)}`);
      out += braced(text.slice(dollar + 2, close), whole, env, unset);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (name === undefined)
        throw new InterpolationError(
          whole,
          `invalid interpolation in ${JSON.stringify(whole)} (write $$ for a literal $)`,
        );
      out += lookup(name, env, unset);
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, nested `${...}` skipped. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, whole: string, env: Environment, unset: string[]): string {
  const m = BRACED.exec(body);
  if (!m)
    throw new InterpolationError(whole, `invalid interpolation \${${body}} in ${JSON.stringify(whole)}`);
  const name = m[1] ?? '';
  const op = m[2];
  const word = m[3] ?? '';
  if (op === undefined) return lookup(name, env, unset);
  const value = env[name];
  const isSet = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  switch (op.replace(':', '')) {
    case '-':
      return isSet ? (value ?? '') : expand(word, whole, env, unset);
    case '+':
      return isSet ? expand(word, whole, env, unset) : '';
    default: {
      if (isSet) return value ?? '';
      const message = expand(word, whole, env, unset);
      throw new InterpolationError(
        whole,
        `variable ${name} is ${value === undefined ? 'not set' : 'empty'}${message === '' ? '' : `: ${message}`}`,
      );
    }
  }
}

function lookup(name: string, env: Environment, unset: string[]): string {
  const value = env[name];
  if (value === undefined) {
    if (!unset.includes(name)) unset.push(name);
    return '';
  }
  return value;
}
