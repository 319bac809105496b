// Publishes this manager's store changes on the event bus as ClusterEvents (objects included; a
// cluster's CA key cleared), one bus publish per macrotask of changes. Every manager publishes what
// it applies: the embedded bus is this process's own, and NATS drops the copies by (version, type,
// object id), so history survives any one manager. A watch lost to an overflow or a snapshot
// restore is opened again; the changes in between are missing from this manager's copy only.
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus.ts';
import type { ClusterEvent } from '../proto/gen/covey/v1/ClusterEvent.ts';
import { eventTime, toClusterEvent } from './controlapi/control-event-mapping.ts';
import type { MemoryStore } from './store/memory-store.ts';
import type { StoreWatcher } from './store/store-watcher.ts';

const WATCH_QUEUE_LIMIT = 200_000;

export class EventPublisher {
  private watcher: StoreWatcher | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly store: MemoryStore,
    private readonly bus: Pick<EventBus, 'publish'>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.running !== undefined || this.stopped) return;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const watcher = this.store.watch({ queueLimit: WATCH_QUEUE_LIMIT });
      this.watcher = watcher;
      try {
        await this.pump(watcher);
      } catch (err) {
        if (this.stopped) return;
        this.log.warn({ err }, 'event publisher lost its store watch; watching again');
      }
    }
  }

  private async pump(w: StoreWatcher): Promise<void> {
    for (;;) {
      const changes = await w.nextTurn();
      if (changes === undefined) return;
      const now = this.now();
      const events: ClusterEvent[] = changes.map((c) => toClusterEvent(c, eventTime(c, now), true));
      try {
        await this.bus.publish(events);
        this.failures = 0;
      } catch (err) {
        // The bus is down (NATS unreachable): these events are missing from the history; live
        // Events streams read the store and are unaffected. Logged once per outage.
        if (this.failures++ === 0)
          this.log.error({ err, events: events.length }, 'cannot publish cluster events');
      }
    }
  }
}
