// The lab's runtime: asked for process is process; auto is docker when the engine answers, else
// process with the reason; an explicit docker without an engine is a usage error before anything starts.
import t from 'tap';
import { chooseLabRuntime } from '../../../cli/lab/lab-runtime.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { requireDocker } from '../../fixtures/requirements.ts';

/** Runs `fn` with DOCKER_HOST pointing at a socket nothing listens on. */
async function withoutEngine<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/covey-lab-test-docker.sock';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

t.test('process when asked for', async (t) => {
  t.same(await withoutEngine(() => chooseLabRuntime('process')), { runtime: 'process', reason: 'asked for' });
});

t.test('auto without an engine: process, saying why', async (t) => {
  const chosen = await withoutEngine(() => chooseLabRuntime('auto'));
  t.equal(chosen.runtime, 'process');
  t.match(chosen.reason, /^no Docker engine answers \(.+\)$/);
});

t.test('explicit docker without an engine: a usage error', async (t) => {
  await t.rejects(
    withoutEngine(() => chooseLabRuntime('docker')),
    UsageError,
  );
});

t.test('auto and docker with an engine: docker', async (t) => {
  if ((await requireDocker(t)) === undefined) return;
  t.same(await chooseLabRuntime('auto'), { runtime: 'docker', reason: 'the Docker engine answers' });
  t.same(await chooseLabRuntime('docker'), { runtime: 'docker', reason: 'asked for' });
});
