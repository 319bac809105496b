// The reader every bus read returns, driven by hand-written bodies: it opens at once, reports an
// opening failure through ready and next(), and return() or an abort ends a body that is waiting.
import t from 'tap';
import { openBusReader } from '../../bus/bus-reader.ts';
import { within } from './bus-test-kit.ts';

/** A body that yields `first`, then waits until stopped; records how it ended. */
function waitingBody(log: string[]) {
  return async function* (stop: AbortSignal, opened: () => void): AsyncGenerator<number[], void, undefined> {
    log.push('open');
    opened();
    try {
      yield [1, 2];
      await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
      log.push('stopped');
    } finally {
      log.push('released');
    }
  };
}

t.test('the body starts at once; return() ends it while next() waits', async (t) => {
  const log: string[] = [];
  let closed = 0;
  const reader = openBusReader(waitingBody(log), { onClose: () => closed++ });
  t.strictSame(log, ['open'], 'opened before anyone called next()');
  await reader.ready;
  t.strictSame(await reader.next(), { done: false, value: [1, 2] });
  const waiting = reader.next();
  await within(reader.return(), 2_000, 'return');
  t.strictSame(await waiting, { done: true, value: undefined });
  t.strictSame(log, ['open', 'stopped', 'released']);
  t.equal(closed, 1, 'onClose once');
  await reader.return();
  t.equal(closed, 1, 'a second return() changes nothing');
});

t.test("the caller's signal ends the read cleanly", async (t) => {
  const log: string[] = [];
  const abort = new AbortController();
  const reader = openBusReader(waitingBody(log), { signal: abort.signal });
  await reader.next();
  const waiting = reader.next();
  abort.abort();
  t.strictSame(await within(waiting, 2_000, 'aborted next'), { done: true, value: undefined });
  t.strictSame(log, ['open', 'stopped', 'released']);
});

t.test('return() before the first batch is taken releases the body', async (t) => {
  const log: string[] = [];
  const reader = openBusReader(waitingBody(log));
  await reader.ready;
  await reader.return();
  t.strictSame(log, ['open', 'released']);
  t.strictSame(await reader.next(), { done: true, value: undefined });
});

t.test('a body that fails before it opens rejects ready and next()', async (t) => {
  class OpenFailed extends Error {
    override name = 'OpenFailed';
  }
  let closed = 0;
  const reader = openBusReader<number>(
    async function* (stop) {
      if (!stop.aborted) throw new OpenFailed('no stream');
      yield [];
    },
    { onClose: () => closed++ },
  );
  await t.rejects(reader.ready, OpenFailed);
  await t.rejects(reader.next(), OpenFailed);
  t.strictSame(await reader.next(), { done: true, value: undefined });
  t.equal(closed, 1);
});

t.test('for await over a reader, break releases it', async (t) => {
  const log: string[] = [];
  const reader = openBusReader(waitingBody(log));
  for await (const batch of reader) {
    t.strictSame(batch, [1, 2]);
    break;
  }
  t.strictSame(log, ['open', 'released']);
});
