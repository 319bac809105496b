// What a daemon reports on its HTTP port: /healthz (identity, Raft view, agent state) and the
// covey_* gauges of /metrics.
import type { Agent } from '../../agent/session/agent.ts';
import type { Manager } from '../../manager/manager.ts';
import type { NodeIdentity } from '../../pki/node-identity.ts';
import type { HealthReport, MetricsSource } from './http-server.ts';

/** The parts of a running daemon the reports read (read at each request: they change on promotion). */
export interface DaemonView {
  readonly identity: NodeIdentity;
  readonly advertiseAddr: string;
  readonly manager: Manager | undefined;
  readonly agent: Agent | undefined;
}

export function daemonMetrics(d: DaemonView): MetricsSource {
  return {
    health: (): HealthReport => {
      const m = d.manager;
      const status = m?.raft.status();
      return {
        ok: true,
        nodeId: d.identity.nodeId,
        role: d.identity.role,
        addr: d.advertiseAddr,
        ...(status && m
          ? {
              raft: {
                term: status.term,
                leader: status.leader,
                isLeader: m.isLeader(),
                commit: status.commit,
                applied: status.applied,
              },
            }
          : {}),
        ...(d.agent ? { agent: d.agent.state() } : {}),
      };
    },
    gauges: (): Record<string, number> => {
      const m = d.manager;
      const out: Record<string, number> = {};
      if (m) {
        const s = m.raft.status();
        out.covey_raft_term = s.term;
        out.covey_raft_is_leader = m.isLeader() ? 1 : 0;
        out.covey_raft_commit_index = s.commit;
        out.covey_raft_applied_index = s.applied;
        out.covey_store_nodes = m.store.count('node');
        out.covey_store_services = m.store.count('service');
        out.covey_store_tasks = m.store.count('task');
      }
      if (d.agent) out.covey_agent_tasks = d.agent.worker.taskIds.length;
      return out;
    },
  };
}
