// A command line written as one string, split into words the way a POSIX shell would (quotes and
// backslashes, no expansion): a compose `command:` or `entrypoint:`, and `service update --args`.

/** What is wrong with the text, for each caller to phrase in its own terms. */
export type ShellWordsProblem =
  | { readonly kind: 'trailing-backslash' }
  | { readonly kind: 'unclosed-quote'; readonly quote: '"' | "'" };

export class ShellWordsError extends Error {
  override name = 'ShellWordsError';
  /** The problem in words: "unclosed ' quote", "ends with an unescaped backslash". */
  readonly reason: string;
  constructor(
    readonly text: string,
    readonly problem: ShellWordsProblem,
  ) {
    const reason =
      problem.kind === 'unclosed-quote'
        ? `unclosed ${problem.quote} quote`
        : 'ends with an unescaped backslash';
    super(reason);
    this.reason = reason;
  }
}

/**
 * Blanks separate words, single quotes keep everything, double quotes keep all but \" \\ \$ \` and
 * backslash-newline, a backslash outside quotes escapes the next character.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1] ?? '')) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ShellWordsError(text, { kind: 'trailing-backslash' });
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new ShellWordsError(text, { kind: 'unclosed-quote', quote });
  if (inWord) words.push(word);
  return words;
}
