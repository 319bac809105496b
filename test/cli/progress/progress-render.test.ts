import t from 'tap';
import type { ProgressLine } from '../../../cli/progress/progress-lines.ts';
import { ProgressRenderer } from '../../../cli/progress/progress-render.ts';

function sink(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, ...(columns ? { columns } : {}), write: (s: string) => writes.push(s) } };
}

const frame = (overall: string, ...slots: string[]): ProgressLine[] => [
  { key: 'overall', text: overall },
  ...slots.map((text, i) => ({ key: `slot ${i + 1}`, text })),
];

t.test('not a terminal: a line is printed only when its text changed', async (t) => {
  const { writes, stream } = sink(false);
  const r = new ProgressRenderer(stream);
  r.draw(frame('overall progress: 0 out of 2 tasks', '1/2: pending', '2/2: pending'));
  r.draw(frame('overall progress: 0 out of 2 tasks', '1/2: pending', '2/2: pending'));
  r.draw(frame('overall progress: 0 out of 2 tasks', '1/2: running', '2/2: pending'));
  r.draw(frame('overall progress: 1 out of 2 tasks', '1/2: running', '2/2: running'));
  r.draw([
    ...frame('overall progress: 2 out of 2 tasks', '1/2: running', '2/2: running'),
    { key: 'verify', text: 'verify: Service converged' },
  ]);
  t.same(writes.join('').split('\n'), [
    'overall progress: 0 out of 2 tasks',
    '1/2: pending',
    '2/2: pending',
    '1/2: running',
    'overall progress: 1 out of 2 tasks',
    '2/2: running',
    'overall progress: 2 out of 2 tasks',
    'verify: Service converged',
    '',
  ]);
  t.notOk(writes.join('').includes('\u001b'), 'no escape sequences in logs');
});

t.test("not a terminal: realignment alone (another slot's longer state) prints nothing", async (t) => {
  const { writes, stream } = sink(false);
  const r = new ProgressRenderer(stream);
  r.draw(frame('overall progress: 0 out of 2 tasks', '1/2: ready [==>  ]', '2/2: ready [==>  ]'));
  r.draw(frame('overall progress: 0 out of 2 tasks', '1/2: ready    [==>  ]', '2/2: starting [===> ]'));
  t.same(writes.join('').split('\n'), [
    'overall progress: 0 out of 2 tasks',
    '1/2: ready [==>  ]',
    '2/2: ready [==>  ]',
    '2/2: starting [===> ]',
    '',
  ]);
});

t.test('a terminal: each frame redraws the block in place', async (t) => {
  const { writes, stream } = sink(true, 20);
  const r = new ProgressRenderer(stream);
  r.draw(frame('overall progress: 0 out of 1 tasks', '1/1: pending'));
  r.draw(frame('overall progress: 1 out of 1 tasks', '1/1: running'));
  r.draw([{ key: 'overall', text: 'short' }]);
  t.equal(
    writes[0],
    '\u001b[2Koverall progress: 0\n\u001b[2K1/1: pending\n\u001b[0J',
    'cut to the terminal width',
  );
  t.equal(
    writes[1],
    '\u001b[2F\u001b[2Koverall progress: 1\n\u001b[2K1/1: running\n\u001b[0J',
    'back up two lines',
  );
  t.equal(writes[2], '\u001b[2F\u001b[2Kshort\n\u001b[0J', 'a shorter frame clears what is below it');
});
