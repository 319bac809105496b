import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { ControlClient } from '../control-client.ts';
import { listAllNodes, listAllTasks } from '../commands/list-all.ts';

export interface ObservedNode {
  readonly hostname: string;
  /** DOWN: the node's tasks will never report again, so they do not hold convergence back. */
  readonly down: boolean;
}

export interface ServiceObservation {
  readonly service: Service__Output;
  readonly tasks: readonly Task__Output[];
  /** A global service's eligible nodes as the manager counts them; undefined when replicated. */
  readonly globalDesired: number | undefined;
  readonly nodes: ReadonlyMap<string, ObservedNode>;
}

/** Reads observations of one service, listing nodes again only when a task names an unknown one. */
export class ServiceObserver {
  private nodes = new Map<string, ObservedNode>();
  private nodesReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly client: ControlClient,
    private readonly serviceId: string,
    /** Node states change slowly; a task on a node that just went down shows within this. */
    private readonly nodeRefreshMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async observe(): Promise<ServiceObservation> {
    const { service } = await this.client.getService(this.serviceId);
    if (!service) throw new Error(`GetService ${this.serviceId} answered without a service`);
    const tasks = await listAllTasks(this.client, { serviceIds: [this.serviceId] });
    const unknown = tasks.some((t) => t.nodeId !== '' && !this.nodes.has(t.nodeId));
    if (unknown || this.now() - this.nodesReadAt >= this.nodeRefreshMs) {
      this.nodes = new Map((await listAllNodes(this.client)).map((n) => [n.id, observedNode(n)]));
      this.nodesReadAt = this.now();
    }
    const globalDesired = service.spec?.global ? await this.eligibleNodes() : undefined;
    return { service, tasks, globalDesired, nodes: this.nodes };
  }

  /** ListServiceStatuses' desired count: the manager's own eligibility rules, not re-derived here. */
  private async eligibleNodes(): Promise<number> {
    const { statuses } = await this.client.listServiceStatuses([this.serviceId]);
    return statuses[0]?.desiredTasks ?? 0;
  }
}

function observedNode(n: Node__Output): ObservedNode {
  return {
    hostname: n.description?.hostname || n.spec?.annotations?.name || n.id.slice(0, 12),
    down: n.status?.state === NodeState.NODE_STATE_DOWN,
  };
}
