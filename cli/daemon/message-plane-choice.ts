// Where a manager keeps task logs and cluster events (`covey daemon --nats`): the embedded buses
// (no flag), NATS JetStream at the given URLs (comma-separated), or `auto`: a NATS server already
// answering on 127.0.0.1:4222, else one this daemon starts there (its store in <data-dir>/nats) when
// the nats-server binary is installed, else the embedded buses. With NATS every manager reads the
// same retained logs, so a task's logs outlive its node; agents still send lines through the leader.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { NatsConnectError, NatsServerNotFoundError } from '../../bus/bus-errors.ts';
import { NatsBus } from '../../bus/nats-bus.ts';
import { type NatsServerHandle, startNatsServer } from '../../bus/nats-server-process.ts';
import { embeddedPlane, type MessagePlane } from '../../manager/message-plane.ts';
import { UsageError } from '../usage-error.ts';

export const AUTO_NATS_HOST = '127.0.0.1';
export const AUTO_NATS_PORT = 4222;

export interface OpenedPlane {
  readonly plane: MessagePlane;
  /** Drains the NATS connection and stops a server this daemon started. */
  close(): Promise<void>;
}

export interface PlaneContext {
  readonly nodeId: string;
  readonly dataDir: string;
  readonly logger: Logger;
}

function natsPlane(bus: NatsBus): MessagePlane {
  return { logs: bus.logs, events: bus.events, natsUrls: [], shared: true };
}

async function connect(servers: readonly string[], ctx: PlaneContext): Promise<NatsBus> {
  return NatsBus.connect({ servers, name: `covey-manager-${ctx.nodeId}`, logger: ctx.logger });
}

/** The plane for `--nats` (undefined: the embedded one). */
export async function openMessagePlane(nats: string | undefined, ctx: PlaneContext): Promise<OpenedPlane> {
  if (nats === undefined || nats === '') return { plane: embeddedPlane(), close: async () => {} };
  if (nats !== 'auto') {
    const servers = nats
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    let bus: NatsBus;
    try {
      bus = await connect(servers, ctx);
    } catch (err) {
      throw new UsageError(`--nats ${nats}: ${(err as Error).message}`);
    }
    ctx.logger.info({ servers }, 'logs and events: NATS JetStream');
    return { plane: natsPlane(bus), close: () => bus.close() };
  }
  const url = `nats://${AUTO_NATS_HOST}:${AUTO_NATS_PORT}`;
  try {
    const bus = await connect([url], ctx);
    ctx.logger.info({ servers: [url] }, 'logs and events: NATS JetStream (a server answers locally)');
    return { plane: natsPlane(bus), close: () => bus.close() };
  } catch (err) {
    if (!(err instanceof NatsConnectError)) throw err;
  }
  let server: NatsServerHandle;
  try {
    server = await startNatsServer({
      host: AUTO_NATS_HOST,
      port: AUTO_NATS_PORT,
      storeDir: join(ctx.dataDir, 'nats'),
      logger: ctx.logger,
    });
  } catch (err) {
    const reason =
      err instanceof NatsServerNotFoundError ? 'no nats-server binary is installed' : (err as Error).message;
    ctx.logger.warn({ reason }, 'logs and events: embedded (--nats auto found no NATS server)');
    return { plane: embeddedPlane(), close: async () => {} };
  }
  const bus = await connect([server.url], ctx).catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  ctx.logger.info(
    { servers: [server.url], pid: server.pid },
    'logs and events: NATS JetStream (started nats-server)',
  );
  return {
    plane: natsPlane(bus),
    close: async () => {
      await bus.close();
      await server.stop();
    },
  };
}
