// What a group of identical tasks (same service, same spec version) asks of a node, derived once
// per group; filters and the decision tree read only this.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { type Constraint, parseConstraints } from './constraint.ts';
import { parseSpreadDescriptor, type SpreadDescriptor } from './spread-descriptor.ts';
import { hostPortKeys, taskRuntime } from './task-usage.ts';

export interface TaskRequirements {
  readonly serviceId: string;
  readonly nanoCpus: number;
  readonly memoryBytes: number;
  readonly hostPorts: readonly string[];
  readonly runtime: number;
  readonly constraints: readonly Constraint[];
  readonly preferences: readonly SpreadDescriptor[];
  /** 0: no limit. */
  readonly maxReplicasPerNode: number;
}

/** Tasks with the same key share requirements, so they are scheduled as one group. */
export function taskGroupKey(task: Task__Output): string {
  return task.serviceId === '' ? `task:${task.id}` : `${task.serviceId}@${task.specVersion}`;
}

/** Throws ConstraintSyntaxError / PlacementPreferenceError for a spec that escaped validation. */
export function taskRequirements(task: Task__Output): TaskRequirements {
  const placement = task.spec?.placement;
  const r = task.spec?.resources?.reservations;
  const preferences: SpreadDescriptor[] = [];
  for (const [i, p] of (placement?.preferences ?? []).entries()) {
    if (p.spread) preferences.push(parseSpreadDescriptor(p.spread.spreadDescriptor, i));
  }
  return {
    serviceId: task.serviceId,
    nanoCpus: r?.nanoCpus ?? 0,
    memoryBytes: r?.memoryBytes ?? 0,
    hostPorts: hostPortKeys(task),
    runtime: taskRuntime(task),
    constraints: parseConstraints(placement?.constraints ?? []),
    preferences,
    maxReplicasPerNode: placement?.maxReplicasPerNode ?? 0,
  };
}
