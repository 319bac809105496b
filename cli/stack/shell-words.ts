// A compose `command:` or `entrypoint:` written as one string, split into words the way a POSIX shell
// would (quotes and backslashes, no expansion), as compose does before handing it to the engine.

export class ShellWordsError extends Error {
  override name = 'ShellWordsError';
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

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
      if (i + 1 >= text.length) throw new ShellWordsError(text, 'ends with an unescaped backslash');
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
  if (quote !== undefined) throw new ShellWordsError(text, `unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}
