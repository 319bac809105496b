// Test support: records what a transport delivers and reports, and lets a test await a condition on
// those records instead of sleeping; plus a pino logger that keeps its records in memory.
import { pino } from 'pino';
import type { GrpcRaftTransport } from '../../../../manager/raftnode/transport/grpc-transport.ts';
import type { Message, NodeId } from '../../../../raft/types.ts';

export class TransportRecorder {
  readonly messages: Message[] = [];
  readonly unreachable: NodeId[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(transport: GrpcRaftTransport) {
    transport.onMessage((m) => {
      this.messages.push(m);
      this.poke();
    });
    transport.onUnreachable((id) => {
      this.unreachable.push(id);
      this.poke();
    });
  }

  /** Resolves once `check` holds (checked now and after every recorded event). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  untilMessages(n: number): Promise<void> {
    return this.until(() => this.messages.length >= n);
  }

  untilUnreachable(id: NodeId, times = 1): Promise<void> {
    return this.until(() => this.unreachable.filter((x) => x === id).length >= times);
  }

  private poke(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.check()) w.resolve();
      else this.waiters.push(w);
    }
  }
}

export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A debug-level pino logger writing JSON records into `records`. */
export function memoryLogger(): { logger: pino.Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        records.push(JSON.parse(line) as LogRecord);
      },
    },
  );
  return { logger, records };
}

export const WARN = 40;
export const ERROR = 50;
