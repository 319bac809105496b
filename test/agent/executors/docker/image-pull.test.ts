// One pull for every task that needs the same missing image at the same time.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import t from 'tap';
import { ImagePuller } from '../../../../agent/executors/docker/image-pull.ts';

function registry(outcome: (image: string) => string | null) {
  const pulls: string[] = [];
  const docker = {
    pull: async (image: string) => {
      pulls.push(image);
      const stream = new PassThrough();
      const error = outcome(image);
      setImmediate(() => {
        stream.end(JSON.stringify(error === null ? { status: 'Downloaded' } : { error }));
      });
      return stream;
    },
    modem: {
      followProgress(stream: PassThrough, done: (error: Error | null) => void) {
        let text = '';
        stream.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        stream.on('end', () => {
          const json = JSON.parse(text) as { error?: string };
          done(json.error === undefined ? null : new Error(json.error));
        });
      },
    },
  } as unknown as Docker;
  return { docker, pulls };
}

t.test('concurrent pulls of one image share one engine pull; a later one pulls again', async (t) => {
  const { docker, pulls } = registry(() => null);
  const puller = new ImagePuller(docker);
  await Promise.all([puller.pull('app:1'), puller.pull('app:1'), puller.pull('db:2')]);
  t.same(pulls, ['app:1', 'db:2']);
  await puller.pull('app:1');
  t.same(pulls, ['app:1', 'db:2', 'app:1']);
});

t.test('an error in the progress stream fails every waiter', async (t) => {
  const { docker } = registry((image) => (image === 'bad:1' ? 'manifest unknown' : null));
  const puller = new ImagePuller(docker);
  const results = await Promise.allSettled([puller.pull('bad:1'), puller.pull('bad:1')]);
  t.same(
    results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok')),
    ['manifest unknown', 'manifest unknown'],
  );
});
