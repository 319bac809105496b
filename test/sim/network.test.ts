// Tests of the simulated network's fault model: loss, duplication, delay/reordering, partitions.
import t from 'tap';
import { SeededRandom } from '../../raft/random.ts';
import { type HeartbeatMessage, type Message, MessageType } from '../../raft/types.ts';
import { Network, type NetworkFaults, RELIABLE } from './network.ts';
import { Scheduler } from './scheduler.ts';

function hb(from: string, to: string, n = 0): HeartbeatMessage {
  return { type: MessageType.Heartbeat, from, to, term: 1, commit: n, ctx: '' };
}

function setup(faults: NetworkFaults, seed = 1) {
  const sched = new Scheduler();
  const delivered: { m: Message; at: number }[] = [];
  const cut: Message[] = [];
  const net = new Network(
    sched,
    new SeededRandom(seed),
    faults,
    (m) => delivered.push({ m, at: sched.now }),
    (m) => cut.push(m),
  );
  const drain = (): void => {
    for (let e = sched.next(); e !== undefined; e = sched.next()) e.run();
  };
  return { sched, net, delivered, cut, drain };
}

t.test('a reliable network delivers everything once, within the delay bounds', (t) => {
  const { net, delivered, drain } = setup({ ...RELIABLE, minDelay: 2, maxDelay: 7 });
  for (let i = 0; i < 200; i++) net.send(hb('a', 'b', i));
  drain();
  t.equal(delivered.length, 200);
  t.same(new Set(delivered.map((d) => (d.m as HeartbeatMessage).commit)).size, 200);
  t.ok(delivered.every((d) => d.at >= 2 && d.at <= 7));
  t.end();
});

t.test('drops lose about the configured share of messages', (t) => {
  const { net, delivered, drain } = setup({ ...RELIABLE, dropRate: 0.3 });
  for (let i = 0; i < 2000; i++) net.send(hb('a', 'b', i));
  drain();
  t.ok(delivered.length > 1200 && delivered.length < 1600, `delivered ${delivered.length} of 2000`);
  t.equal(net.stats.dropped, 2000 - delivered.length);
  const all = setup({ ...RELIABLE, dropRate: 1 });
  all.net.send(hb('a', 'b'));
  all.drain();
  t.equal(all.delivered.length, 0);
  t.end();
});

t.test('duplicates deliver the same message twice', (t) => {
  const { net, delivered, drain } = setup({ ...RELIABLE, dupRate: 1 });
  for (let i = 0; i < 10; i++) net.send(hb('a', 'b', i));
  drain();
  t.equal(delivered.length, 20);
  for (let i = 0; i < 10; i++)
    t.equal(delivered.filter((d) => (d.m as HeartbeatMessage).commit === i).length, 2);
  t.end();
});

t.test('long delays reorder messages', (t) => {
  const { net, sched, delivered, drain } = setup({ ...RELIABLE, longDelayRate: 0.2, longDelay: 100 });
  for (let i = 0; i < 100; i++) {
    net.send(hb('a', 'b', i));
    sched.after(
      1,
      () => '',
      () => {},
    );
    sched.next()!.run();
  }
  drain();
  const order = delivered.map((d) => (d.m as HeartbeatMessage).commit);
  t.equal(order.length, 100);
  t.notSame(
    order,
    [...order].sort((x, y) => x - y),
    'some message overtook another',
  );
  t.end();
});

t.test('a partition cuts both directions between groups, not within a group', (t) => {
  const { net, delivered, cut, drain } = setup(RELIABLE);
  net.partition([['a', 'b'], ['c']]);
  net.send(hb('a', 'c'));
  net.send(hb('c', 'b'));
  net.send(hb('a', 'b'));
  net.send(hb('b', 'a'));
  drain();
  t.same(
    delivered.map((d) => `${d.m.from}${d.m.to}`),
    ['ab', 'ba'],
  );
  t.same(
    cut.map((m) => `${m.from}${m.to}`),
    ['ac', 'cb'],
    'the sender learns of cut sends',
  );
  net.heal();
  net.send(hb('a', 'c'));
  drain();
  t.equal(delivered.length, 3);
  t.notOk(net.partitioned);
  t.end();
});

t.test('isolate and one-way cuts', (t) => {
  const { net, delivered, drain } = setup(RELIABLE);
  net.isolate('a', ['a', 'b', 'c']);
  t.ok(net.isCut('a', 'b') && net.isCut('b', 'a') && net.isCut('c', 'a'));
  t.notOk(net.isCut('b', 'c'));
  net.heal();
  net.cutOneWay('a', 'b');
  net.send(hb('a', 'b'));
  net.send(hb('b', 'a'));
  drain();
  t.same(
    delivered.map((d) => `${d.m.from}${d.m.to}`),
    ['ba'],
  );
  t.end();
});

t.test('a message in flight when its link is cut is lost', (t) => {
  const { net, sched, delivered, drain } = setup({ ...RELIABLE, minDelay: 10, maxDelay: 10 });
  net.send(hb('a', 'b'));
  sched.after(
    5,
    () => 'cut',
    () => net.partition([['a'], ['b']]),
  );
  drain();
  t.equal(delivered.length, 0);
  t.end();
});

t.test('the same seed gives the same deliveries', (t) => {
  const faults: NetworkFaults = {
    dropRate: 0.1,
    dupRate: 0.1,
    minDelay: 1,
    maxDelay: 20,
    longDelayRate: 0.1,
    longDelay: 80,
  };
  const runOnce = (seed: number): string => {
    const { net, delivered, drain } = setup(faults, seed);
    for (let i = 0; i < 300; i++) net.send(hb('a', 'b', i));
    drain();
    return delivered.map((d) => `${(d.m as HeartbeatMessage).commit}@${d.at}`).join(',');
  };
  t.equal(runOnce(7), runOnce(7));
  t.not(runOnce(7), runOnce(8));
  t.end();
});
