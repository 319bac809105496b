// Entry of the benchmark's agents' process (see scheduler-e2e-agents-process.ts): runs a HollowFleet
// on the parent's command and reports over IPC.
import pino from 'pino';
import { HollowFleet } from './scheduler-e2e-agents.ts';
import type { FleetCommand, FleetEvent } from './scheduler-e2e-agents-process.ts';

let fleet: HollowFleet | undefined;
const send = (e: FleetEvent): void => {
  if (process.connected) process.send?.(e);
};

process.on('message', (m: FleetCommand) => {
  if (m.kind === 'start') void start(m);
  else void stop();
});
process.on('disconnect', () => void stop());

async function start(m: Extract<FleetCommand, { kind: 'start' }>): Promise<void> {
  try {
    fleet = new HollowFleet({
      count: m.count,
      managers: m.managers,
      workerToken: m.workerToken,
      joinConcurrency: m.joinConcurrency,
      ...(m.keepalive ? { keepalive: m.keepalive } : {}),
      logger: pino({ level: m.logLevel }, pino.destination(2)),
      onJoined: (joined) => send({ kind: 'joined', joined }),
    });
    await fleet.join();
    send({ kind: 'join-done' });
    const f = fleet;
    const counter = setInterval(() => send({ kind: 'ready-count', ready: f.readyCount() }), 1000);
    await f.ready();
    clearInterval(counter);
    send({ kind: 'ready-count', ready: f.readyCount() });
    send({ kind: 'ready' });
  } catch (err) {
    send({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    await fleet?.stop();
    send({ kind: 'stopped' });
    process.disconnect?.();
  })();
  return stopping;
}
