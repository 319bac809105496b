// `--nats auto`: a private nats-server on a free port with its store in a temp dir carries the bus
// and stops; a missing binary, a server that cannot listen and one that never gets ready each give
// their typed error (and leave no process behind).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { NatsServerNotFoundError, NatsServerStartError } from '../../bus/bus-errors.ts';
import { NatsBus } from '../../bus/nats-bus.ts';
import { locateNatsServer, startNatsServer } from '../../bus/nats-server-process.ts';
import { IN_CI } from '../fixtures/requirements.ts';
import { BASE_MS, drain, logLine, text, waitUntil } from './bus-test-kit.ts';

const silent = pino({ level: process.env.BUS_TEST_LOG ?? 'silent' });

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'covey-nats-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP listener on a free loopback port, owned by the test (closed in teardown). */
async function holdPort(t: Test): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

async function freePort(t: Test): Promise<number> {
  const { port, server } = await holdPort(t);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The installed nats-server, or undefined (test failed under CI, skipped elsewhere). */
function requireBinary(t: Test): string | undefined {
  try {
    return locateNatsServer();
  } catch (err) {
    const reason = `${(err as Error).message} (as scripts/ci/services.sh installs it)`;
    if (IN_CI) t.fail(`required under CI: ${reason}`);
    else {
      t.comment(`SKIPPING: ${reason}`);
      t.skip(reason, () => {});
    }
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

t.test('a private nats-server carries the bus and stops', async (t) => {
  if (requireBinary(t) === undefined) return;
  const port = await freePort(t);
  const storeDir = join(tempDir(t), 'nats');
  const server = await startNatsServer({ host: '127.0.0.1', port, storeDir, logger: silent });
  t.teardown(() => server.stop());
  t.equal(server.url, `nats://127.0.0.1:${port}`);
  const bus = await NatsBus.connect({ servers: [server.url], logger: silent });
  await bus.logs.publish([logLine('svc', 'a', BASE_MS, 'through a private server')]);
  t.strictSame((await drain(bus.logs.read({ serviceId: 'svc' }))).flat().map(text), [
    'through a private server',
  ]);
  await bus.close();
  t.ok(existsSync(join(storeDir, 'jetstream')), 'JetStream stores under the given directory');
  t.equal(await server.stop(), 'stopped', 'SIGTERM was enough');
  t.notOk(alive(server.pid), 'the process is gone');
  t.not((await server.exited).signal, 'SIGKILL');
  await t.rejects(
    connect({ servers: server.url, reconnect: false, timeout: 1_000 }),
    'nothing listens any more',
  );
  t.equal(await server.stop(), 'not-running', 'a second stop is harmless');
});

t.test('a missing binary is NatsServerNotFoundError', async (t) => {
  const dir = tempDir(t);
  const bogus = join(dir, 'no-such-nats-server');
  await t.rejects(
    startNatsServer({ host: '127.0.0.1', port: 1, storeDir: dir, binary: bogus }),
    new NatsServerNotFoundError(bogus, []),
  );
  const err = (() => {
    try {
      locateNatsServer('covey-no-such-nats-server', dir);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  t.type(err, NatsServerNotFoundError);
  t.equal((err as NatsServerNotFoundError).binary, 'covey-no-such-nats-server');
  t.ok((err as NatsServerNotFoundError).searched.includes(dir), 'PATH is searched');
  t.ok((err as NatsServerNotFoundError).searched.includes('/usr/sbin'), 'so are the usual directories');
});

t.test('a server that cannot listen is NatsServerStartError with its output', async (t) => {
  if (requireBinary(t) === undefined) return;
  const { port } = await holdPort(t);
  const err = await startNatsServer({ host: '127.0.0.1', port, storeDir: join(tempDir(t), 'nats') }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, NatsServerStartError);
  t.match((err as NatsServerStartError).reason, /exited with code/);
  t.match((err as NatsServerStartError).output, /\S/, 'the server output is kept for the operator');
});

t.test('a server not ready in time is killed and NatsServerStartError', async (t) => {
  const dir = tempDir(t);
  const pidFile = join(dir, 'pid');
  const fake = join(dir, 'fake-nats-server');
  writeFileSync(fake, `#!/bin/sh\necho $$ > '${pidFile}'\necho starting\nexec sleep 30\n`);
  chmodSync(fake, 0o755);
  const port = await freePort(t);
  const started = Date.now();
  const err = await startNatsServer({
    host: '127.0.0.1',
    port,
    storeDir: dir,
    binary: fake,
    startTimeoutMs: 700,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, NatsServerStartError);
  t.match((err as NatsServerStartError).reason, /not ready within 700 ms/);
  t.match((err as NatsServerStartError).output, /starting/);
  t.ok(Date.now() - started < 5_000);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  await waitUntil(() => !alive(pid), 5_000, 'the fake server is killed');
});
