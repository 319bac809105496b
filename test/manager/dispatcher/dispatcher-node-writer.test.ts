// NodeWriter without gRPC: one batch per macrotask for many nodes, no-op patches cost nothing, a
// concurrent writer's change survives, a removed node is refused.
import { pino } from 'pino';
import t from 'tap';
import { NodeNotMemberError } from '../../../manager/dispatcher/dispatcher-errors.ts';
import { NodeWriter } from '../../../manager/dispatcher/dispatcher-node-writer.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { Node } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { NodeDescription__Output } from '../../../proto/gen/covey/v1/NodeDescription.ts';
import type { NodeHealth__Output } from '../../../proto/gen/covey/v1/NodeHealth.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import { DirectProposer } from '../direct-proposer.ts';

const READY = { state: NodeState.NODE_STATE_READY, message: 'session registered' };

async function world(count: number) {
  const store = new MemoryStore();
  const proposer = new DirectProposer(store);
  const nodes: Node[] = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, status: { state: 1 } }));
  for (let i = 0; i < nodes.length; i += 500) {
    await proposer.propose(nodes.slice(i, i + 500).map((n) => ({ createNode: n })));
  }
  const writer = new NodeWriter({ store, proposer, logger: pino({ level: 'silent' }) });
  return { store, proposer, writer, before: proposer.batches.length };
}

/** A description as gRPC decodes it (every field present). */
function description(hostname: string): NodeDescription__Output {
  return {
    hostname,
    platform: { architecture: 'amd64', os: 'linux' },
    resources: { nanoCpus: 4e9, memoryBytes: 8e9 },
    engine: { engineVersion: '27.0', labels: { a: 'b' } },
    runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW],
    coveyVersion: '0.1.0',
  };
}

function health(load: number, available: boolean): NodeHealth__Output {
  return {
    runtimes: [{ runtime: RuntimeKind.RUNTIME_KIND_HOLLOW, available, message: '' }],
    diskFreeBytes: 1e9,
    loadAverage: load,
    message: '',
  };
}

t.test('a thousand registrations in one macrotask are two store batches', async (t) => {
  const { store, proposer, writer, before } = await world(1000);
  await Promise.all(
    Array.from({ length: 1000 }, (_, i) => writer.write(`n${i}`, { status: READY, addr: '10.0.0.9' })),
  );
  t.equal(proposer.batches.length - before, 2);
  t.ok(
    store
      .find('node')
      .every((n) => n.status?.state === NodeState.NODE_STATE_READY && n.status.addr === '10.0.0.9'),
  );
});

t.test('a patch that changes nothing is not written', async (t) => {
  const { proposer, writer, before } = await world(1);
  await writer.write('n0', { status: READY, description: description('h'), health: health(0.5, true) });
  t.equal(proposer.batches.length - before, 1);
  await writer.write('n0', { status: READY, description: description('h'), health: health(3.5, true) });
  t.equal(
    proposer.batches.length - before,
    1,
    'same description (store shape vs gRPC shape), load only changed',
  );
  await writer.write('n0', { health: health(3.5, false) });
  t.equal(proposer.batches.length - before, 2, 'a runtime going unavailable is written');
});

t.test('a later patch wins over a queued one, field by field', async (t) => {
  const { store, writer } = await world(1);
  writer.queue('n0', {
    status: { state: NodeState.NODE_STATE_DOWN, message: 'heartbeat failure' },
    addr: '10.0.0.1',
  });
  await writer.write('n0', { status: READY });
  t.equal(store.get('node', 'n0')?.status?.state, NodeState.NODE_STATE_READY);
  t.equal(store.get('node', 'n0')?.status?.addr, '10.0.0.1');
});

t.test("another writer's change in between is kept: the write is re-read and retried", async (t) => {
  const { store, proposer, writer } = await world(2);
  const propose = proposer.propose.bind(proposer);
  let interfered = false;
  proposer.propose = async (actions: readonly StoreAction[], requestId?: string) => {
    if (!interfered) {
      interfered = true;
      const current = store.get('node', 'n1')!;
      await propose([
        {
          updateNode: { ...current, spec: { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN } },
          expectedVersion: current.meta!.version,
        },
      ]);
    }
    return propose(actions, requestId);
  };
  await Promise.all([writer.write('n0', { status: READY }), writer.write('n1', { status: READY })]);
  t.ok(interfered);
  t.equal(store.get('node', 'n1')?.spec?.availability, NodeAvailability.NODE_AVAILABILITY_DRAIN);
  t.equal(store.get('node', 'n1')?.status?.state, NodeState.NODE_STATE_READY);
  t.equal(store.get('node', 'n0')?.status?.state, NodeState.NODE_STATE_READY, 'its batch-mate too');
});

t.test('a node that is not in the store is refused; the others in its batch are written', async (t) => {
  const { store, writer } = await world(1);
  const results = await Promise.allSettled([
    writer.write('gone', { status: READY }),
    writer.write('n0', { status: READY }),
  ]);
  t.equal(results[0]?.status, 'rejected');
  t.type(results[0]?.status === 'rejected' ? results[0].reason : undefined, NodeNotMemberError);
  t.equal(results[1]?.status, 'fulfilled');
  t.equal(store.get('node', 'n0')?.status?.state, NodeState.NODE_STATE_READY);
});
