// The replacements held by their restart delay (desired READY) that the loop has seen, so it can arm
// one timer for the earliest and re-dirty exactly the slots that became due. Refreshed from the
// tasks each pass reads; the store stays the truth (heldUntil derives from the task itself).
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { DirtyScope } from './orchestrator-loop-dirty.ts';
import { heldUntil } from './restart-delay.ts';

export interface HeldTask {
  readonly serviceId: string;
  readonly slot: number;
  readonly nodeId: string;
  /** Epoch ms at which the task may start. */
  readonly at: number;
}

export class HeldTasks {
  private readonly byService = new Map<string, Map<string, HeldTask>>();

  /**
   * Replaces what is known of `scope` (the slots and nodes a pass read, or the whole service) with
   * the held tasks among `tasks`, the tasks that pass read.
   */
  refresh(serviceId: string, scope: DirtyScope, tasks: readonly Task__Output[]): void {
    let held = this.byService.get(serviceId);
    if (held !== undefined) {
      for (const [id, h] of held) {
        if (scope.full || (h.slot > 0 ? scope.slots.has(h.slot) : scope.nodes.has(h.nodeId))) held.delete(id);
      }
    }
    for (const t of tasks) {
      const at = heldUntil(t);
      if (at === undefined) continue;
      if (held === undefined) {
        held = new Map();
        this.byService.set(serviceId, held);
      }
      held.set(t.id, { serviceId, slot: t.slot, nodeId: t.nodeId, at });
    }
    if (held !== undefined && held.size === 0) this.byService.delete(serviceId);
  }

  forget(serviceId: string): void {
    this.byService.delete(serviceId);
  }

  /** Held tasks whose delay has passed at `now`. */
  due(now: number): HeldTask[] {
    const out: HeldTask[] = [];
    for (const held of this.byService.values()) for (const h of held.values()) if (h.at <= now) out.push(h);
    return out;
  }

  /** The earliest delay ending after `now` (already-due ones were handed to a pass). */
  nextAt(now: number): number | undefined {
    let next: number | undefined;
    for (const held of this.byService.values()) {
      for (const h of held.values()) if (h.at > now && (next === undefined || h.at < next)) next = h.at;
    }
    return next;
  }

  get size(): number {
    let n = 0;
    for (const held of this.byService.values()) n += held.size;
    return n;
  }
}
