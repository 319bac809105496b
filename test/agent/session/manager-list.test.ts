import t from 'tap';
import { DEFAULT_OBSERVATION_WEIGHT, ManagerList, MAX_WEIGHT } from '../../../agent/session/manager-list.ts';

/** A random source that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

t.test('initial managers start at the default weight and are picked in proportion', async (t) => {
  const list = new ManagerList(['a:1', 'b:1'], sequence(0.25, 0.75));
  t.equal(list.weight('a:1'), DEFAULT_OBSERVATION_WEIGHT);
  t.equal(list.select(), 'a:1', 'the lower half of the range is a');
  t.equal(list.select(), 'b:1', 'the upper half is b');
});

t.test('a demoted manager is rarely picked while another has weight', async (t) => {
  const list = new ManagerList(['a:1', 'b:1', 'c:1'], sequence(0.01, 0.2, 0.5, 0.9, 0.999));
  list.demote('a:1');
  t.equal(list.weight('a:1'), 0);
  const picks = new Set([list.select(), list.select(), list.select(), list.select(), list.select()]);
  t.notOk(picks.has('a:1'), 'a only wins a draw below its tiny bias share');
  t.same([...picks].sort(), ['b:1', 'c:1']);
});

t.test('when every manager failed they are equally likely (not always the first)', async (t) => {
  const list = new ManagerList(['a:1', 'b:1'], sequence(0.75));
  list.demote('a:1');
  list.demote('b:1');
  list.demote('a:1');
  t.ok((list.weight('a:1') ?? 0) < 0);
  t.equal(list.select(), 'b:1');
});

t.test('select() skips excluded managers unless nothing else is left', async (t) => {
  const list = new ManagerList(['a:1', 'b:1'], () => 0);
  t.equal(list.select(), 'a:1');
  t.equal(list.select(new Set(['a:1'])), 'b:1');
  t.equal(list.select(new Set(['a:1', 'b:1'])), 'a:1', 'all excluded: fall back to every manager');
  t.equal(new ManagerList([], () => 0).select(), undefined);
});

t.test('observations are smoothed and clipped', async (t) => {
  const list = new ManagerList(['a:1'], () => 0);
  list.observe('a:1', 30);
  t.equal(list.weight('a:1'), 20, 'half the new observation plus half the old weight');
  list.observe('a:1', 10_000);
  t.equal(list.weight('a:1'), Math.ceil((MAX_WEIGHT + 20) / 2));
  for (let i = 0; i < 50; i++) list.observe('a:1', -10_000);
  const floor = list.weight('a:1') ?? 0;
  t.ok(floor >= -MAX_WEIGHT && floor < -MAX_WEIGHT + 5, `bounded below (${floor})`);
  list.promote('new:1');
  t.equal(list.weight('new:1'), DEFAULT_OBSERVATION_WEIGHT, 'an unknown manager is added');
});

t.test("the leader's list replaces the known managers, keeping local weights in the blend", async (t) => {
  const list = new ManagerList(['join:1', 'a:1'], () => 0);
  list.demote('a:1');
  list.replace([
    { nodeId: 'na', addr: 'a:1', weight: 10 },
    { nodeId: 'nb', addr: 'b:1', weight: 10 },
    { nodeId: 'nx', addr: '', weight: 10 },
  ]);
  t.notOk(list.has('join:1'), 'the join address is forgotten once the real ones are known');
  t.equal(list.weight('a:1'), 5, 'the recent failure still counts');
  t.equal(list.weight('b:1'), 10);
  t.same(list.peers(), [
    { nodeId: 'nb', addr: 'b:1', weight: 10 },
    { nodeId: 'na', addr: 'a:1', weight: 5 },
  ]);
  list.replace([]);
  t.equal(list.size, 2, 'an empty list never leaves the agent without managers');
});
