// Calls the managers a daemon knows one after another — going straight to a leader address that a
// follower names — until one answers, one refuses in a way no other manager would reverse
// (PERMISSION_DENIED, INVALID_ARGUMENT), or the deadline passes. Raft join and certificate renewal
// both need this while elections and role changes settle.
import * as grpc from '@grpc/grpc-js';
import { LEADER_ADDR_METADATA } from '../../proto/metadata.ts';

const FINAL = new Set([grpc.status.PERMISSION_DENIED, grpc.status.INVALID_ARGUMENT]);

export interface ManagerAttempts<T> {
  readonly managers: readonly string[];
  readonly timeoutMs: number;
  /** One call; a string means "not yet" (e.g. the store has not applied a change), said in the error. */
  readonly attempt: (addr: string) => Promise<T | { readonly notYet: string }>;
  /** The error to throw: `final` when a manager refused for good, else the deadline passed. */
  readonly fail: (last: string, final: boolean) => Error;
}

export async function withManagers<T>(o: ManagerAttempts<T>): Promise<T> {
  const queue = [...o.managers];
  const deadline = Date.now() + o.timeoutMs;
  let last = 'no manager address known';
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const addr = queue[attempt % Math.max(queue.length, 1)];
    if (addr === undefined) break;
    try {
      const r = await o.attempt(addr);
      if (!(typeof r === 'object' && r !== null && 'notYet' in r)) return r;
      last = `${addr}: ${r.notYet}`;
    } catch (err) {
      const e = err as Partial<grpc.ServiceError>;
      last = `${addr}: ${e.details ?? e.message ?? String(err)}`;
      if (e.code !== undefined && FINAL.has(e.code)) throw o.fail(last, true);
      const leader = e.metadata?.get(LEADER_ADDR_METADATA)[0];
      if (typeof leader === 'string' && leader !== addr) {
        queue.splice((attempt + 1) % Math.max(queue.length, 1), 0, leader);
        continue;
      }
    }
    await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * 2 ** Math.min(attempt, 4))));
  }
  throw o.fail(last, false);
}
