import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { createExecutor } from '../../../cli/daemon/runtime-choice.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { TaskRejectedError } from '../../../agent/executors/errors.ts';
import { makeTask as task } from '../../agent/task-fixtures.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { requireDocker } from '../../fixtures/requirements.ts';

async function context(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'covey-runtime-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { ctx: { nodeId: 'node-1', agentDir: dir, logger }, lines };
}

/** Runs `fn` with DOCKER_HOST pointing at a socket nothing listens on. */
async function withoutEngine<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/covey-test-docker.sock';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

t.test('auto: docker when the engine answers, and the log says so', async (t) => {
  if ((await requireDocker(t)) === undefined) return;
  const { ctx, lines } = await context(t);
  const executor = await createExecutor('auto', ctx);
  t.equal(executor?.runtime, RuntimeKind.RUNTIME_KIND_DOCKER);
  t.ok(lines.some((l) => l.runtime === 'docker' && /the engine answers/.test(String(l.msg))));
});

t.test('auto without an engine: process, and the log says why', async (t) => {
  const { ctx, lines } = await context(t);
  const executor = await withoutEngine(() => createExecutor('auto', ctx));
  t.equal(executor?.runtime, RuntimeKind.RUNTIME_KIND_PROCESS);
  t.ok(lines.some((l) => l.runtime === 'process' && typeof l.reason === 'string'));
});

t.test('an explicit docker without an engine is a usage error; none offers no runtime', async (t) => {
  const { ctx } = await context(t);
  await t.rejects(
    withoutEngine(() => createExecutor('docker', ctx)),
    UsageError,
  );
  const none = await createExecutor('none', ctx);
  t.same(none.describe().runtimes, [], 'no runtime: the scheduler never places a task there');
  await t.rejects(none.controller(task('x')).prepare(), TaskRejectedError, 'a task sent anyway is rejected');
  t.equal((await createExecutor('hollow', ctx))?.runtime, RuntimeKind.RUNTIME_KIND_HOLLOW);
  t.equal((await createExecutor('process', ctx))?.runtime, RuntimeKind.RUNTIME_KIND_PROCESS);
});
