// The hollow agents of the scheduler benchmark: each joins through the real flow (CA fetch pinned by
// the worker token, CSR, IssueNodeCertificate, which writes its Node) and then runs an `Agent` with a
// HollowExecutor over its own mTLS connection. Bare agents rather than daemons: a daemon per agent
// would add a gRPC server and a data dir each and measure nothing the scheduling path uses.
import type { Logger } from 'pino';
import { HollowExecutor } from '../agent/executors/hollow-executor.ts';
import { Agent } from '../agent/session/agent.ts';
import type { KeepaliveOptions } from '../agent/session/dispatcher-client.ts';
import { systemClock } from '../agent/worker/clock.ts';
import { joinCluster } from '../cli/daemon/cluster-join.ts';
import { NodeAvailability } from '../proto/gen/covey/v1/NodeAvailability.ts';

export interface FleetOptions {
  readonly count: number;
  /** Manager addresses; joins are spread over them (followers forward to the leader). */
  readonly managers: readonly string[];
  readonly workerToken: string;
  /** Joins in flight at once. */
  readonly joinConcurrency: number;
  readonly keepalive?: KeepaliveOptions;
  readonly logger: Logger;
  /** Told every 200 joins. */
  readonly onJoined?: (joined: number) => void;
}

/** The agents, wherever they run (this process, or a child: scheduler-e2e-agents-process.ts). */
export interface Fleet {
  /** Joins every agent and starts its session; resolves once all joined (not yet READY). */
  join(): Promise<void>;
  /** Resolves when every agent holds a session. */
  ready(): Promise<void>;
  readyCount(): number;
  stop(): Promise<void>;
}

/** Agents in this process. */
export class HollowFleet implements Fleet {
  readonly agents: Agent[] = [];

  constructor(private readonly o: FleetOptions) {}

  async join(): Promise<void> {
    let next = 0;
    const workers = Array.from({ length: Math.min(this.o.joinConcurrency, this.o.count) }, async () => {
      while (next < this.o.count) {
        const i = next++;
        await this.joinOne(i);
        if ((i + 1) % 200 === 0) this.o.onJoined?.(i + 1);
      }
    });
    await Promise.all(workers);
  }

  private async joinOne(i: number): Promise<void> {
    const joined = await joinCluster({
      managerAddr: this.o.managers[i % this.o.managers.length]!,
      token: this.o.workerToken,
      availability: NodeAvailability.NODE_AVAILABILITY_ACTIVE,
    });
    const executor = new HollowExecutor({ clock: systemClock });
    const described = executor.describe();
    const hostname = `hollow-${String(i).padStart(4, '0')}`;
    const agent = new Agent({
      bundle: joined.bundle,
      managers: this.o.managers,
      description: () => ({
        hostname,
        platform: { os: 'linux', architecture: 'x86_64' },
        resources: described.resources,
        runtimes: [...described.runtimes],
        coveyVersion: '0.1.0',
      }),
      executor,
      logger: this.o.logger.child({ bench: hostname }),
      ...(this.o.keepalive ? { keepalive: this.o.keepalive } : {}),
    });
    this.agents.push(agent);
    agent.start();
  }

  /** Agents whose first heartbeat was acknowledged. */
  readyCount(): number {
    return this.agents.filter((a) => a.state() === 'ready').length;
  }

  async ready(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.ready()));
  }

  /** Stops the agents, 64 at a time (each flushes its statuses and closes its connection). */
  async stop(): Promise<void> {
    const agents = this.agents.splice(0);
    for (let i = 0; i < agents.length; i += 64) {
      await Promise.all(agents.slice(i, i + 64).map((a) => a.stop().catch(() => undefined)));
    }
  }
}
