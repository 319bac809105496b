import t from 'tap';
import { ShellWordsError, splitShellWords } from '../../cli/shell-words.ts';

t.test('words split on whitespace, quotes group and escape', async (t) => {
  t.same(splitShellWords('redis-server --appendonly yes'), ['redis-server', '--appendonly', 'yes']);
  t.same(splitShellWords('  sh   -c  "echo hi; sleep 1"  '), ['sh', '-c', 'echo hi; sleep 1']);
  t.same(splitShellWords(`echo 'a "b" $c' "d \\"e\\" \\$f \\g"`), ['echo', 'a "b" $c', 'd "e" $f \\g']);
  t.same(splitShellWords('a\\ b c'), ['a b', 'c'], 'an escaped space');
  t.same(splitShellWords('x "" y'), ['x', '', 'y'], 'an empty quoted word stays');
  t.same(splitShellWords(`'' ""`), ['', ''], 'empty quoted words alone count');
  t.same(splitShellWords(`a'b c'"d"`), ['ab cd'], 'quoted parts join the word around them');
  t.same(splitShellWords('"a\\\nb"'), ['a\nb'], 'a backslash before a newline in double quotes goes');
  t.same(splitShellWords(''), []);
});

t.test('unclosed quotes and a trailing backslash are errors', async (t) => {
  t.throws(() => splitShellWords('echo "hi'), ShellWordsError);
  t.throws(() => splitShellWords("echo 'hi"), {
    message: "unclosed ' quote",
    problem: { kind: 'unclosed-quote', quote: "'" },
  });
  t.throws(() => splitShellWords('echo \\'), {
    message: 'ends with an unescaped backslash',
    problem: { kind: 'trailing-backslash' },
    text: 'echo \\',
  });
});
