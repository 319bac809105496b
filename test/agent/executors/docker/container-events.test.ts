// The per-container event stream over a stand-in for the engine's /events response.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import t from 'tap';
import {
  ContainerEvents,
  EventStreamEndedError,
} from '../../../../agent/executors/docker/container-events.ts';

function engineWithStream() {
  const stream = new PassThrough();
  const asked: unknown[] = [];
  const docker = {
    getEvents: async (options: unknown) => {
      asked.push(options);
      return stream;
    },
  } as unknown as Docker;
  return { docker, stream, asked };
}

const event = (action: string, attributes: Record<string, string> = {}) =>
  `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: 'c1', Attributes: attributes } })}\n`;

t.test('subscribes for one container and actions; events arrive in order, split or batched', async (t) => {
  const { docker, stream, asked } = engineWithStream();
  const events = await ContainerEvents.subscribe(docker, 'c1', ['health_status', 'die']);
  t.same(asked, [{ filters: { type: ['container'], container: ['c1'], event: ['health_status', 'die'] } }]);
  const first = events.next();
  const line = event('health_status: healthy');
  stream.write(line.slice(0, 10));
  stream.write(line.slice(10) + event('die', { exitCode: '3' }));
  t.same(await first, { action: 'health_status: healthy', attributes: {} });
  t.same(await events.next(), { action: 'die', attributes: { exitCode: '3' } });
  stream.write('not json\n');
  stream.write(event('die'));
  t.equal((await events.next()).action, 'die', 'a line that is not JSON is skipped');
  events.close();
  await t.rejects(events.next(), EventStreamEndedError);
});

t.test('a stream that ends or breaks rejects the waiter', async (t) => {
  const ended = engineWithStream();
  const a = await ContainerEvents.subscribe(ended.docker, 'c1', ['die']);
  const waiting = a.next();
  ended.stream.end();
  ended.stream.resume();
  await t.rejects(waiting, EventStreamEndedError);

  const broken = engineWithStream();
  const b = await ContainerEvents.subscribe(broken.docker, 'c1', ['die']);
  const pending = b.next();
  broken.stream.destroy(new Error('aborted'));
  await t.rejects(pending, { name: 'EventStreamEndedError', cause: { message: 'aborted' } });
});
