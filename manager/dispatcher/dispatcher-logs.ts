// Which log lines an agent may publish: only its own tasks' (a task the store places on the calling
// node). Lines for unknown tasks or other nodes' tasks are dropped, not errors — a task removed a
// moment ago may still have lines in flight. The context comes from the store, not from the agent.
import type { LogMessage, LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { MemoryStore } from '../store/memory-store.ts';

export interface AcceptedLines {
  readonly lines: LogMessage[];
  /** Lines dropped: no such task, or not this node's. */
  readonly dropped: number;
}

export function acceptLogLines(
  store: Pick<MemoryStore, 'get'>,
  nodeId: string,
  messages: readonly LogMessage__Output[],
): AcceptedLines {
  const lines: LogMessage[] = [];
  let dropped = 0;
  for (const m of messages) {
    const task = m.context === null ? undefined : store.get('task', m.context.taskId);
    if (task === undefined || task.nodeId !== nodeId) {
      dropped++;
      continue;
    }
    lines.push({
      context: { serviceId: task.serviceId, nodeId, taskId: task.id, slot: task.slot },
      timestamp: m.timestamp,
      stream: m.stream,
      data: m.data,
    });
  }
  return { lines, dropped };
}
