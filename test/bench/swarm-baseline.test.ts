import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SwarmBaselineError } from '../../bench/errors.ts';

// The script the module runs is fixed when it loads: a fake one that answers as the real one would.
const dir = await mkdtemp(join(tmpdir(), 'covey-swarm-baseline-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
const script = join(dir, 'swarm-baseline.sh');
process.env.COVEY_SWARM_BASELINE = script;
const { parseSwarmResult, runSwarmBaseline } = await import('../../bench/swarm-baseline.ts');

async function fakeScript(body: string): Promise<void> {
  await writeFile(script, `#!/usr/bin/env bash\n${body}\n`);
  await chmod(script, 0o755);
}

t.test('parseSwarmResult reads the script’s line and nothing else', async (t) => {
  t.same(
    parseSwarmResult(
      '{"system":"docker-swarm","n":50,"parallelism":10,"create_s":16.67,"update_s":23.77,"scale_s":14.98}',
    ),
    { system: 'docker-swarm', n: 50, parallelism: 10, create_s: 16.67, update_s: 23.77, scale_s: 14.98 },
  );
  t.equal(parseSwarmResult('{"system":"covey","n":50}'), undefined);
  t.equal(parseSwarmResult('Error response from daemon: ...'), undefined);
  t.equal(parseSwarmResult('null'), undefined);
});

t.test('runs the script with N, P and IMG and returns its JSON line', async (t) => {
  await fakeScript(
    [
      'echo "pulling nothing"',
      'echo "some progress" >&2',
      'printf \'{"system":"docker-swarm","n":%d,"parallelism":%d,"create_s":1.5,"update_s":2.5,"scale_s":3.5,"img":"%s"}\\n\' "$N" "$P" "$IMG"',
    ].join('\n'),
  );
  const result = await runSwarmBaseline({ n: 7, parallelism: 3, image: 'x/y:1' });
  t.same(result, {
    system: 'docker-swarm',
    n: 7,
    parallelism: 3,
    create_s: 1.5,
    update_s: 2.5,
    scale_s: 3.5,
  });
});

t.test('a failing script is a SwarmBaselineError carrying its exit code and its last words', async (t) => {
  await fakeScript('echo "This node is not a swarm manager." >&2\nexit 1');
  const error = await runSwarmBaseline({ n: 1, parallelism: 1, image: 'x/y:1' }).catch((e: unknown) => e);
  t.ok(error instanceof SwarmBaselineError);
  t.match(error, { script, exitCode: 1, outputTail: /not a swarm manager/ });
});

t.test('a script that exits 0 without a result line is a failure too', async (t) => {
  await fakeScript('echo "done"');
  const error = await runSwarmBaseline({ n: 1, parallelism: 1, image: 'x/y:1' }).catch((e: unknown) => e);
  t.match(error, { name: 'SwarmBaselineError', exitCode: 0 });
});

t.test('an aborted run stops the script', async (t) => {
  await fakeScript('exec sleep 30'); // exec: the SIGTERM reaches the sleep itself, nothing is left behind
  const abort = new AbortController();
  const started = Date.now();
  const running = runSwarmBaseline({ n: 1, parallelism: 1, image: 'x/y:1' }, abort.signal);
  abort.abort();
  const error = await running.catch((e: unknown) => e);
  t.ok(error instanceof SwarmBaselineError);
  t.ok(Date.now() - started < 10_000, 'did not wait for the script to end by itself');
});
