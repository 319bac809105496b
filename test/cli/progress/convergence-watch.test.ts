import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { DEFAULT_VERDICT_OPTIONS } from '../../../cli/progress/convergence-verdict.ts';
import { watchConvergence } from '../../../cli/progress/convergence-watch.ts';
import type { ProgressLine } from '../../../cli/progress/progress-lines.ts';
import type { ServiceObservation } from '../../../cli/progress/service-observation.ts';
import { observation, PREPARING, service, task } from './observation-fixtures.ts';

/** A fake clock whose sleep just moves time on, and observations scripted by time. */
function harness(script: (nowMs: number) => ServiceObservation | Error) {
  let now = 0;
  const drawn: (readonly ProgressLine[])[] = [];
  const sleeps: number[] = [];
  return {
    drawn,
    sleeps,
    options: {
      verdict: { ...DEFAULT_VERDICT_OPTIONS, goal: 'converge' as const, timeoutMs: undefined },
      pollMs: 250,
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      draw: (lines: readonly ProgressLine[]) => drawn.push(lines),
    },
    observe: async () => {
      const o = script(now);
      if (o instanceof Error) throw o;
      return o;
    },
  };
}

const starting = observation(service({ replicas: 1 }), [task({ id: 'a', slot: 1, state: PREPARING })]);
const running = observation(service({ replicas: 1 }), [task({ id: 'a', slot: 1 })]);

t.test('polls until converged and draws every look', async (t) => {
  const h = harness((now) => (now < 1_000 ? starting : running));
  t.same(await watchConvergence(h.observe, h.options), { kind: 'converged' });
  // 0..750 starting, 1000 running (settle starts), 2000 converged.
  t.equal(h.drawn.length, 9);
  t.match(h.drawn.at(-1)?.at(-1), { text: 'verify: Service converged' });
  t.ok(h.sleeps.every((ms) => ms === 250));
});

t.test('an abort detaches at once', async (t) => {
  const controller = new AbortController();
  const h = harness(() => starting);
  const outcome = watchConvergence(h.observe, {
    ...h.options,
    signal: controller.signal,
    sleep: async (ms) => {
      h.sleeps.push(ms);
      if (h.sleeps.length === 3) controller.abort();
    },
  });
  t.same(await outcome, { kind: 'detached' });
  t.equal(h.sleeps.length, 3);
});

t.test(
  'managers that do not answer for a while are waited out; for too long, the error comes through',
  async (t) => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE'), {
      code: grpc.status.UNAVAILABLE,
      details: 'no connection',
      metadata: new grpc.Metadata(),
    });
    const h = harness((now) => (now < 2_000 ? unavailable : running));
    t.same(await watchConvergence(h.observe, { ...h.options, unreachableForMs: 5_000 }), {
      kind: 'converged',
    });
    const never = harness(() => unavailable);
    await t.rejects(watchConvergence(never.observe, { ...never.options, unreachableForMs: 5_000 }), {
      code: grpc.status.UNAVAILABLE,
    });
    const notFound = Object.assign(new Error('5 NOT_FOUND'), {
      code: grpc.status.NOT_FOUND,
      details: 'service gone',
      metadata: new grpc.Metadata(),
    });
    const gone = harness(() => notFound);
    await t.rejects(
      watchConvergence(gone.observe, gone.options),
      { code: grpc.status.NOT_FOUND },
      'not transient: at once',
    );
    t.equal(gone.sleeps.length, 0);
  },
);

t.test('a verdict other than converged ends the watch with its reason', async (t) => {
  const h = harness(() => starting);
  t.same(
    await watchConvergence(h.observe, { ...h.options, verdict: { ...h.options.verdict, timeoutMs: 1_000 } }),
    {
      kind: 'timeout',
      reason: 'not converged after 1s: 0 out of 1 tasks running',
    },
  );
});
