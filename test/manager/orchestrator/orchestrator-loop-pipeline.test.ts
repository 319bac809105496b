import t from 'tap';
import {
  type ProposalBatch,
  type ProposalOutcome,
  ProposalPipeline,
} from '../../../manager/orchestrator/orchestrator-loop-pipeline.ts';
import type { BatchApplied } from '../../../manager/store/memory-store.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';

class Held implements StoreProposer {
  calls: {
    actions: readonly StoreAction[];
    resolve: (r: BatchApplied) => void;
    reject: (e: Error) => void;
  }[] = [];
  propose(actions: readonly StoreAction[]): Promise<BatchApplied> {
    return new Promise((resolve, reject) => this.calls.push({ actions, resolve, reject }));
  }
}

const applied = (index: number): BatchApplied => ({ ok: true, index, requestId: '', changes: 1 });
const batch = (id: string, ...services: string[]): ProposalBatch<string> => ({
  items: [id],
  actions: [{ deleteTask: { id }, expectedVersion: 1 }],
  services: new Set(services),
});
const tick = () => new Promise<void>((r) => setImmediate(r));

t.test('at most maxInFlight proposals; the rest wait their turn in order', async (t) => {
  const proposer = new Held();
  const settled: [string, boolean][] = [];
  const p = new ProposalPipeline<string>(
    proposer,
    (b, o: ProposalOutcome) => settled.push([b.items[0]!, o.ok]),
    2,
  );
  p.enqueue(batch('a', 's1'));
  p.enqueue(batch('b', 's2'));
  p.enqueue(batch('c', 's1'));
  t.equal(proposer.calls.length, 2);
  t.equal(p.pending, 3);
  t.ok(p.isBusy('s1') && p.isBusy('s2'));
  proposer.calls[0]!.resolve(applied(1));
  await tick();
  t.same(settled, [['a', true]]);
  t.equal(proposer.calls.length, 3, 'c proposed once a slot freed');
  t.ok(p.isBusy('s1'), 's1 still has c in flight');
  proposer.calls[1]!.reject(new Error('lost'));
  proposer.calls[2]!.resolve(applied(2));
  await p.settled();
  t.same(settled, [
    ['a', true],
    ['b', false],
    ['c', true],
  ]);
  t.notOk(p.isBusy('s1') || p.isBusy('s2'));
  t.equal(p.pending, 0);
});

t.test('a service is no longer busy when its batch is reported settled', async (t) => {
  const proposer = new Held();
  let busyAtSettle: boolean | undefined;
  const p: ProposalPipeline<string> = new ProposalPipeline<string>(proposer, () => {
    busyAtSettle = p.isBusy('s1');
  });
  p.enqueue(batch('a', 's1'));
  proposer.calls[0]!.resolve(applied(1));
  await p.settled();
  t.equal(busyAtSettle, false);
});

t.test('dropQueued returns unproposed batches and frees their services', async (t) => {
  const proposer = new Held();
  const p = new ProposalPipeline<string>(proposer, () => {}, 1);
  p.enqueue(batch('a', 's1'));
  p.enqueue(batch('b', 's2'));
  t.same(
    p.dropQueued().map((b) => b.items[0]),
    ['b'],
  );
  t.notOk(p.isBusy('s2'));
  t.ok(p.isBusy('s1'));
  proposer.calls[0]!.resolve(applied(1));
  await p.settled();
  t.equal(proposer.calls.length, 1);
});

t.test(
  'a proposer that throws synchronously is a failed outcome, and empty batches are ignored',
  async (t) => {
    const outcomes: ProposalOutcome[] = [];
    const proposer: StoreProposer = {
      propose() {
        throw new Error('boom');
      },
    };
    const p = new ProposalPipeline<string>(proposer, (_b, o) => outcomes.push(o));
    p.enqueue({ items: [], actions: [], services: new Set(['s']) });
    t.notOk(p.isBusy('s'));
    p.enqueue(batch('a', 's1'));
    await p.settled();
    t.equal(outcomes.length, 1);
    t.equal(outcomes[0]?.ok, false);
    t.throws(() => new ProposalPipeline<string>(proposer, () => {}, 0), RangeError);
  },
);
