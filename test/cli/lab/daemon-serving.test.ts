// Waiting for a started daemon: the first healthy /healthz, or at once the exit (code and log end)
// of one that died first, or a timeout naming what was awaited.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import t, { type Test } from 'tap';
import { DaemonExitedError, untilServing } from '../../../cli/lab/daemon-serving.ts';
import { freePort } from '../../../cli/lab/free-port.ts';
import { WaitTimeoutError } from '../../../cli/lab/wait-for.ts';

function sleeper(t: Test) {
  const child = spawn('/bin/sh', ['-c', 'exec sleep 30'], { stdio: 'ignore' });
  t.teardown(() => void child.kill('SIGKILL'));
  return child;
}

t.test('resolves with the first healthy report', async (t) => {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"nodeId":"n1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const child = sleeper(t);
  const health = await untilServing({
    name: 'm1',
    http: `127.0.0.1:${port}`,
    child,
    timeoutMs: 5_000,
    logTail: () => '',
  });
  t.same(health, { ok: true, nodeId: 'n1' });
  t.equal(child.listenerCount('exit'), 0, 'no listener left on the child');
});

t.test('a daemon that exits first fails at once with its code and log', async (t) => {
  const child = spawn('/bin/sh', ['-c', 'exit 3'], { stdio: 'ignore' });
  const started = Date.now();
  const err = await untilServing({
    name: 'w1',
    http: `127.0.0.1:${await freePort()}`,
    child,
    timeoutMs: 20_000,
    logTail: async () => 'cannot listen: address in use',
  }).catch((e: unknown) => e);
  t.ok(err instanceof DaemonExitedError, String(err));
  t.match(err, { node: 'w1', code: 3, logTail: 'cannot listen: address in use' });
  t.match((err as Error).message, /^w1 exited \(3\) while starting:\ncannot listen/);
  t.ok(Date.now() - started < 10_000, 'without waiting for the timeout');
});

t.test('nothing serving: a timeout naming the node', async (t) => {
  const err = await untilServing({
    name: 'm2',
    http: `127.0.0.1:${await freePort()}`,
    child: sleeper(t),
    timeoutMs: 300,
    logTail: () => '',
  }).catch((e: unknown) => e);
  t.ok(err instanceof WaitTimeoutError);
  t.match(err, { what: 'm2 to serve /healthz', timeoutMs: 300 });
});
