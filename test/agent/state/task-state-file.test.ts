import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { AgentStateCorruptError } from '../../../agent/state/errors.ts';
import { decodeTaskState, encodeTaskState, TaskStateFile } from '../../../agent/state/task-state-file.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { makeTask } from '../task-fixtures.ts';

async function dir(t: Test): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'covey-agent-state-'));
  t.teardown(() => rm(d, { recursive: true, force: true }));
  return d;
}

t.test('tasks survive a save and a load, statuses and log watermarks included', async (t) => {
  const file = new TaskStateFile(join(await dir(t), 'tasks.json'));
  t.same(await file.load(), { kind: 'absent' });
  const running = makeTask('a', { state: TaskState.TASK_STATE_RUNNING, labels: { x: 'y' } });
  await file.save([
    { task: running, logsShippedUntilMs: 1234 },
    { task: makeTask('b'), logsShippedUntilMs: 0 },
  ]);
  const loaded = await file.load();
  if (loaded.kind !== 'loaded') throw new Error(`expected loaded, got ${loaded.kind}`);
  t.same(
    loaded.tasks.map((s) => [s.task.id, s.task.status?.state, s.logsShippedUntilMs]),
    [
      ['a', TaskState.TASK_STATE_RUNNING, 1234],
      ['b', TaskState.TASK_STATE_ASSIGNED, 0],
    ],
  );
  t.same(loaded.tasks[0]?.task.spec?.container?.labels, { x: 'y' });
});

t.test('saves made while one is being written coalesce into the latest', async (t) => {
  const path = join(await dir(t), 'tasks.json');
  const file = new TaskStateFile(path);
  const writes = [1, 2, 3, 4].map((n) => file.save([{ task: makeTask(`t${n}`), logsShippedUntilMs: n }]));
  await Promise.all(writes);
  const loaded = await file.load();
  t.same(loaded.kind === 'loaded' ? loaded.tasks.map((s) => s.task.id) : [], ['t4']);
  t.same(
    (await readdir(join(path, '..'))).filter((n) => n.endsWith('.tmp')),
    [],
    'no temp file is left behind',
  );
});

t.test('a damaged file is set aside and reported, never thrown', async (t) => {
  const d = await dir(t);
  const cases: Array<[string, string, RegExp]> = [
    ['garbage', '\u0000\u0001 not json', /not JSON/],
    ['wrong format', JSON.stringify({ format: 'covey-agent-tasks 99', tasks: [] }), /unknown format/],
    ['no list', JSON.stringify({ format: 'covey-agent-tasks 1' }), /no task list/],
    [
      'bad entry',
      JSON.stringify({ format: 'covey-agent-tasks 1', tasks: [{ task: 5, logsShippedUntilMs: 0 }] }),
      /entry 0 is malformed/,
    ],
    [
      'undecodable task',
      JSON.stringify({ format: 'covey-agent-tasks 1', tasks: [{ task: '////', logsShippedUntilMs: 0 }] }),
      /entry 0 does not decode|has no id/,
    ],
  ];
  for (const [name, text, reason] of cases) {
    const path = join(d, `${name}.json`);
    await writeFile(path, text);
    const loaded = await new TaskStateFile(path).load(() => 42);
    if (loaded.kind !== 'corrupt') {
      t.fail(`${name}: expected corrupt, got ${loaded.kind}`);
      continue;
    }
    t.ok(loaded.error instanceof AgentStateCorruptError, name);
    t.match(loaded.error.message, reason, name);
    t.equal(loaded.setAsideAt, `${path}.corrupt-42`, `${name}: set aside`);
    t.equal(
      await readFile(loaded.setAsideAt, 'utf8'),
      text,
      `${name}: the damaged bytes are kept for a person`,
    );
    t.same(await new TaskStateFile(path).load(), { kind: 'absent' }, `${name}: the next start begins afresh`);
  }
});

t.test('the encoding is stable text a person can inspect', async (t) => {
  const text = encodeTaskState([{ task: makeTask('a'), logsShippedUntilMs: 7 }]);
  t.match(text, /^\{"format":"covey-agent-tasks 1"/);
  const back = decodeTaskState('x', text);
  t.notOk(back instanceof Error);
});
