// Writes what the dispatcher learns about nodes (status, address, description, health) to the store,
// coalesced: every patch queued in one macrotask goes out as one batch of updateNode actions (a
// thousand agents registering at once cost two Raft entries, not a thousand). Each action carries the
// version it read; a conflicting batch is re-read and retried, so an operator's concurrent UpdateNode
// is never overwritten with a stale spec.
import type { Logger } from 'pino';
import type { Type } from 'protobufjs';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeDescription__Output } from '../../proto/gen/covey/v1/NodeDescription.ts';
import type { NodeHealth__Output } from '../../proto/gen/covey/v1/NodeHealth.ts';
import { NodeState, type NodeState__Output } from '../../proto/gen/covey/v1/NodeState.ts';
import type { NodeStatus__Output } from '../../proto/gen/covey/v1/NodeStatus.ts';
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import { loadProtobufRoot } from '../../proto/load.ts';
import { statusOf } from '../grpc/error-status.ts';
import { NotFoundError, VersionConflictError } from '../store/errors.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import { batchesOf, type StoreProposer } from '../store/store-proposer.ts';
import { DispatcherStoppedError, leadershipError, NodeNotMemberError } from './dispatcher-errors.ts';

/** What to change on one node; absent fields keep the stored value. */
export interface NodePatch {
  readonly status?: { readonly state: NodeState__Output; readonly message: string };
  readonly addr?: string;
  readonly description?: NodeDescription__Output;
  readonly health?: NodeHealth__Output;
}

export interface NodeWriterOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly logger: Logger;
  /** Runs `fn` on a later macrotask (default setImmediate): the coalescing window. */
  readonly defer?: (fn: () => void) => void;
  /** Attempts per patch when batches keep conflicting with other writers. */
  readonly maxAttempts?: number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Pending {
  patch: NodePatch;
  waiters: Waiter[];
  attempts: number;
}

export class NodeWriter {
  private pending = new Map<string, Pending>();
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private stopped = false;
  private readonly defer: (fn: () => void) => void;
  private readonly maxAttempts: number;
  private readonly log: Logger;

  constructor(private readonly options: NodeWriterOptions) {
    this.defer = options.defer ?? ((fn) => setImmediate(fn));
    this.maxAttempts = options.maxAttempts ?? 10;
    this.log = options.logger;
  }

  /** Queues the patch; resolves once it is committed (or changes nothing). */
  write(nodeId: string, patch: NodePatch): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue(nodeId, patch, { resolve, reject }));
  }

  /** Queues the patch without waiting; a failure is logged (the next leader re-derives statuses). */
  queue(nodeId: string, patch: NodePatch): void {
    this.enqueue(nodeId, patch, undefined);
  }

  /** Refuses what is queued and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    const dropped = this.pending;
    this.pending = new Map();
    for (const p of dropped.values()) settle(p.waiters, new DispatcherStoppedError('leadership-lost'));
    await this.inFlight;
  }

  private enqueue(nodeId: string, patch: NodePatch, waiter: Waiter | undefined): void {
    if (this.stopped) {
      waiter?.reject(new DispatcherStoppedError('leadership-lost'));
      return;
    }
    const held = this.pending.get(nodeId);
    if (held === undefined) {
      this.pending.set(nodeId, { patch, waiters: waiter ? [waiter] : [], attempts: 0 });
    } else {
      // A later patch wins field by field: a READY after a queued DOWN is what the node is now.
      held.patch = { ...held.patch, ...patch };
      if (waiter) held.waiters.push(waiter);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight !== undefined || this.stopped || this.pending.size === 0) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      if (this.stopped) return;
      this.inFlight = this.flush().finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const taken = this.pending;
    this.pending = new Map();
    const writes: Array<{ readonly nodeId: string; readonly entry: Pending; readonly action: StoreAction }> =
      [];
    for (const [nodeId, entry] of taken) {
      const stored = this.options.store.get('node', nodeId);
      if (stored === undefined) {
        settle(entry.waiters, new NodeNotMemberError(nodeId));
        continue;
      }
      let next: Node__Output | undefined;
      try {
        next = patched(stored, entry.patch);
      } catch (err) {
        // A description protobufjs cannot re-encode: refuse this patch, not the whole batch.
        this.log.error({ err, nodeId }, 'cannot apply a node status patch');
        settle(entry.waiters, err);
        continue;
      }
      if (next === undefined) {
        settle(entry.waiters);
        continue;
      }
      writes.push({
        nodeId,
        entry,
        action: { updateNode: next, expectedVersion: stored.meta?.version ?? 0 },
      });
    }
    const chunks = batchesOf(writes);
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          await this.options.proposer.propose(chunk.map((w) => w.action));
          for (const w of chunk) settle(w.entry.waiters);
        } catch (err) {
          this.failed(chunk, err);
        }
      }),
    );
  }

  private failed(
    chunk: ReadonlyArray<{ readonly nodeId: string; readonly entry: Pending }>,
    err: unknown,
  ): void {
    // One stale or deleted node fails its whole batch: put every patch back to be re-read (a deleted
    // node is then refused on its own).
    if ((err instanceof VersionConflictError || err instanceof NotFoundError) && !this.stopped) {
      for (const { nodeId, entry } of chunk) {
        entry.attempts++;
        if (entry.attempts >= this.maxAttempts) {
          this.log.warn(
            { nodeId, err: err.message },
            'giving up a node status write after repeated conflicts',
          );
          settle(entry.waiters, err);
          continue;
        }
        const newer = this.pending.get(nodeId);
        if (newer === undefined) this.pending.set(nodeId, entry);
        else {
          newer.patch = { ...entry.patch, ...newer.patch };
          newer.waiters.unshift(...entry.waiters);
        }
      }
      return;
    }
    const mapped = leadershipError(err);
    if (mapped instanceof DispatcherStoppedError) {
      this.log.debug({ nodes: chunk.length }, 'node status write dropped: leadership lost');
    } else if (!statusOf(err).known) {
      this.log.error({ err, nodes: chunk.length }, 'node status write failed');
    } else {
      this.log.warn({ err: (err as Error).message, nodes: chunk.length }, 'node status write failed');
    }
    for (const { entry } of chunk) settle(entry.waiters, mapped);
  }
}

function settle(waiters: readonly Waiter[], err?: unknown): void {
  for (const w of waiters) {
    if (err === undefined) w.resolve();
    else w.reject(err);
  }
}

const EMPTY_STATUS: NodeStatus__Output = {
  state: NodeState.NODE_STATE_UNKNOWN,
  message: '',
  addr: '',
  health: null,
};

/** The node with the patch applied, or undefined when the patch changes nothing. */
function patched(stored: Node__Output, patch: NodePatch): Node__Output | undefined {
  const status = stored.status ?? EMPTY_STATUS;
  const nextStatus: NodeStatus__Output = {
    state: patch.status?.state ?? status.state,
    message: patch.status?.message ?? status.message,
    addr: patch.addr ?? status.addr,
    // Load and free disk change on every heartbeat; only runtime availability and the message are
    // news worth a Raft entry (the scheduler reads the runtimes).
    health:
      patch.health !== undefined && !sameHealth(patch.health, status.health) ? patch.health : status.health,
  };
  const description =
    patch.description !== undefined && !sameDescription(patch.description, stored.description)
      ? patch.description
      : stored.description;
  const statusChanged =
    stored.status === null ||
    nextStatus.state !== status.state ||
    nextStatus.message !== status.message ||
    nextStatus.addr !== status.addr ||
    nextStatus.health !== status.health;
  if (!statusChanged && description === stored.description) return undefined;
  return { ...stored, status: nextStatus, description };
}

let types: { readonly description: Type; readonly health: Type } | undefined;
function messageTypes(): { readonly description: Type; readonly health: Type } {
  if (types === undefined) {
    const root = loadProtobufRoot(['covey/v1/objects.proto']);
    types = {
      description: root.lookupType('covey.v1.NodeDescription'),
      health: root.lookupType('covey.v1.NodeHealth'),
    };
  }
  return types;
}

/** Compared as encoded bytes: decoded objects from gRPC and from the store differ in shape only. */
function sameBytes(type: Type, a: object, b: object): boolean {
  return Buffer.from(type.encode(type.fromObject(a)).finish()).equals(
    type.encode(type.fromObject(b)).finish(),
  );
}

export function sameDescription(a: NodeDescription__Output, b: NodeDescription__Output | null): boolean {
  return b !== null && sameBytes(messageTypes().description, a, b);
}

function sameHealth(a: NodeHealth__Output, b: NodeHealth__Output | null): boolean {
  if (b === null) return false;
  const significant = (h: NodeHealth__Output) => ({ runtimes: h.runtimes, message: h.message });
  return sameBytes(messageTypes().health, significant(a), significant(b));
}
