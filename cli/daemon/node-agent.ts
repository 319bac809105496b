// The daemon's agent: the executor chosen for this node, its description (re-read at each heartbeat,
// sent when it changed), its health sampler, and the state file that lets a restarted daemon adopt
// the tasks it was running.
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Executor } from '../../agent/executors/executor.ts';
import { NodeHealthSampler } from '../../agent/node/node-health-sampler.ts';
import { Agent } from '../../agent/session/agent.ts';
import { TaskStateFile } from '../../agent/state/task-state-file.ts';
import { systemClock } from '../../agent/worker/clock.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { LogMessage } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeDescription } from '../../proto/gen/covey/v1/NodeDescription.ts';
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';

export const COVEY_VERSION = '0.1.0';

export interface NodeAgentOptions {
  readonly executor: Executor;
  readonly nodeId: string;
  readonly bundle: TlsBundle;
  readonly managers: readonly string[];
  /** Reported as the node's hostname (default: the OS hostname). */
  readonly hostname?: string;
  /** The daemon's --label values, merged over the engine's own labels (they win on a shared key). */
  readonly engineLabels?: Readonly<Record<string, string>>;
  /** <data-dir>/agent */
  readonly agentDir: string;
  readonly logger: Logger;
  readonly onManagers: (peers: WeightedPeer__Output[]) => void;
  readonly onNode: (node: Node__Output) => void;
  /** Where log lines go instead of the leader's PublishLogs (a cluster with NATS). */
  readonly sendLogs?: (messages: LogMessage[]) => Promise<void>;
}

export class NodeAgent {
  private constructor(
    readonly agent: Agent,
    private readonly sampler: NodeHealthSampler,
  ) {}

  static async start(o: NodeAgentOptions): Promise<NodeAgent> {
    const hostname = o.hostname ?? osHostname();
    const daemonLabels = o.engineLabels ?? {};
    const description = (): NodeDescription => {
      const d = o.executor.describe();
      // A node without Docker still gets an engine entry for its daemon labels (version empty).
      const engine =
        d.engine === undefined && Object.keys(daemonLabels).length === 0
          ? undefined
          : { engineVersion: d.engine?.version ?? '', labels: { ...d.engine?.labels, ...daemonLabels } };
      return {
        hostname,
        platform: { os: process.platform, architecture: process.arch },
        resources: d.resources,
        runtimes: [...d.runtimes],
        ...(engine === undefined ? {} : { engine }),
        coveyVersion: COVEY_VERSION,
      };
    };
    const logger = o.logger.child({ component: 'agent' });
    const sampler = new NodeHealthSampler({
      executor: o.executor,
      dataDir: o.agentDir,
      clock: systemClock,
      logger,
    });
    await sampler.start();
    const agent = new Agent({
      bundle: o.bundle,
      managers: [...new Set(o.managers)],
      description,
      executor: o.executor,
      nodeId: o.nodeId,
      stateFile: new TaskStateFile(join(o.agentDir, 'tasks.json')),
      health: () => sampler.current(),
      logger,
      onManagers: o.onManagers,
      onNode: o.onNode,
      ...(o.sendLogs === undefined ? {} : { sendLogs: o.sendLogs }),
    });
    agent.start();
    return new NodeAgent(agent, sampler);
  }

  /** Stops the session and the sampler; tasks keep running (they are adopted at the next start). */
  async stop(): Promise<void> {
    this.sampler.stop();
    await this.agent.stop();
  }
}
