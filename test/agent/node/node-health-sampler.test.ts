import { tmpdir } from 'node:os';
import t from 'tap';
import type { Executor, RuntimeHealthReport } from '../../../agent/executors/executor.ts';
import { HollowExecutor } from '../../../agent/executors/hollow-executor.ts';
import { NodeHealthSampler } from '../../../agent/node/node-health-sampler.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { FakeClock } from '../fake-clock.ts';

function executorWith(health: () => Promise<RuntimeHealthReport>, refreshes: { n: number }): Executor {
  const inner = new HollowExecutor({ clock: new FakeClock() });
  return {
    runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
    describe: () => inner.describe(),
    controller: (task) => inner.controller(task),
    health,
    refresh: async () => {
      refreshes.n++;
    },
  };
}

/** Yields to I/O until `done` holds (at most 2 s). */
async function landed(done: () => boolean): Promise<void> {
  const until = Date.now() + 2_000;
  while (!done() && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
}

t.test('the runtime’s availability, disk and load are sampled on the interval', async (t) => {
  const clock = new FakeClock();
  let answer: RuntimeHealthReport | Error = { available: true, message: '' };
  const refreshes = { n: 0 };
  const sampler = new NodeHealthSampler({
    executor: executorWith(async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    }, refreshes),
    dataDir: tmpdir(),
    clock,
    intervalMs: 1000,
    describeIntervalMs: 10_000,
  });
  t.teardown(() => sampler.stop());
  await sampler.start();
  const first = sampler.current();
  t.same(first.runtimes, [{ runtime: RuntimeKind.RUNTIME_KIND_DOCKER, available: true, message: '' }]);
  t.ok(Number(first.diskFreeBytes) > 0, 'free bytes of the data dir’s filesystem');
  t.ok(Number(first.loadAverage) >= 0);

  answer = { available: false, message: 'docker engine unreachable: connect ENOENT' };
  await clock.advance(999);
  t.equal(sampler.current().runtimes?.[0]?.available, true, 'not before the interval');
  await clock.advance(1);
  // The sample reads the disk (real I/O, off the microtask queue): wait for it to land.
  await landed(() => sampler.current().runtimes?.[0]?.available === false);
  t.same(sampler.current().runtimes?.[0], {
    runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
    available: false,
    message: 'docker engine unreachable: connect ENOENT',
  });
  answer = new Error('ping timed out');
  await clock.advance(1000);
  await landed(() => sampler.current().runtimes?.[0]?.message === 'ping timed out');
  t.same(
    sampler.current().runtimes?.[0]?.message,
    'ping timed out',
    'a throwing probe counts as unavailable',
  );
  t.equal(refreshes.n, 0);
  await clock.advance(8000);
  t.equal(refreshes.n, 1, 'the description is refreshed on its own, slower timer');
});
