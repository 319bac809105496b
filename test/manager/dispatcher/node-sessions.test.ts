// Session registry with a fake clock and seeded random: registration, re-register invalidating the
// old session, resume, heartbeats, expiry within the grace (never before the deadline), status
// transitions, expected nodes after a leader change, and expiry cost with 10,000 sessions.
import t from 'tap';
import { SessionInvalidError } from '../../../manager/dispatcher/errors.ts';
import { DEFAULT_HEARTBEAT_CONFIG } from '../../../manager/dispatcher/heartbeat-period.ts';
import { NodeSessions } from '../../../manager/dispatcher/node-sessions.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { sequentialIds } from './fixtures.ts';

function make(seed = 1): NodeSessions {
  return new NodeSessions({ newSessionId: sequentialIds(), random: new SeededRandom(seed) });
}

t.test('register issues a session, READY, and a deadline of period + grace', async (t) => {
  const sessions = make();
  const grant = sessions.register('n1', 10_000);
  t.equal(grant.sessionId, 's1');
  t.notOk(grant.resumed);
  t.equal(grant.replacedSessionId, undefined);
  t.same(grant.change, { nodeId: 'n1', state: NodeState.NODE_STATE_READY, message: 'session registered' });
  t.ok(grant.periodMs >= 1000 && grant.periodMs <= 1100);
  t.equal(grant.deadline, 10_000 + grant.periodMs + 1500);
  t.equal(sessions.size, 1);
  t.equal(sessions.nextDeadline(), grant.deadline);
  t.doesNotThrow(() => sessions.check('n1', 's1'));
});

t.test('re-register replaces the session; the old one is refused as replaced', async (t) => {
  const sessions = make();
  sessions.register('n1', 0);
  const second = sessions.register('n1', 500);
  t.equal(second.sessionId, 's2');
  t.equal(second.replacedSessionId, 's1');
  t.equal(second.change, undefined, 'still READY: no store write');
  t.throws(() => sessions.heartbeat('n1', 's1', 600), SessionInvalidError);
  try {
    sessions.check('n1', 's1');
    t.fail('old session accepted');
  } catch (err) {
    t.ok(err instanceof SessionInvalidError);
    if (err instanceof SessionInvalidError) {
      t.equal(err.reason, 'replaced');
      t.equal(err.nodeId, 'n1');
      t.equal(err.sessionId, 's1');
      t.match(err.message, /register again/);
    }
  }
  t.doesNotThrow(() => sessions.heartbeat('n1', 's2', 600));
  t.equal(sessions.size, 1);
});

t.test('unknown session and unknown node are refused as unknown', async (t) => {
  const sessions = make();
  t.throws(() => sessions.heartbeat('ghost', 'x', 0), { name: 'SessionInvalidError', reason: 'unknown' });
  sessions.register('n1', 0);
  t.throws(
    () => sessions.check('n2', 's1'),
    new SessionInvalidError('n2', 's1', 'unknown'),
    "n1's session is not n2's",
  );
});

t.test('resume with the live session keeps it; a stale one gets a new session', async (t) => {
  const sessions = make();
  sessions.register('n1', 0);
  t.same(sessions.disconnect('n1', 's1'), {
    nodeId: 'n1',
    state: NodeState.NODE_STATE_DISCONNECTED,
    message: 'session closed; waiting for the node to reconnect',
  });
  t.equal(sessions.disconnect('n1', 's1'), undefined, 'second disconnect is no news');
  const resumed = sessions.register('n1', 800, 's1');
  t.ok(resumed.resumed);
  t.equal(resumed.sessionId, 's1');
  t.equal(resumed.change?.state, NodeState.NODE_STATE_READY);
  const fresh = sessions.register('n1', 900, 'bogus');
  t.notOk(fresh.resumed);
  t.equal(fresh.sessionId, 's2');
  t.equal(sessions.disconnect('n1', 's1'), undefined, 'disconnect of a replaced session is ignored');
});

t.test(
  'heartbeat after DISCONNECTED makes the node READY again; routine heartbeats are silent',
  async (t) => {
    const sessions = make();
    sessions.register('n1', 0);
    t.equal(sessions.heartbeat('n1', 's1', 1000).change, undefined);
    sessions.disconnect('n1', 's1');
    t.equal(sessions.heartbeat('n1', 's1', 1500).change?.state, NodeState.NODE_STATE_READY);
  },
);

t.test('a disconnected node that never comes back goes DOWN at its deadline', async (t) => {
  const sessions = make();
  const grant = sessions.register('n1', 0);
  sessions.disconnect('n1', 's1');
  t.same(sessions.expire(grant.deadline), []);
  const down = sessions.expire(grant.deadline + 1);
  t.equal(down.length, 1);
  t.equal(down[0]?.change.state, NodeState.NODE_STATE_DOWN);
  t.throws(
    () => sessions.check('n1', 's1'),
    new SessionInvalidError('n1', 's1', 'unknown'),
    'expired session is invalid',
  );
});

t.test(
  'a node that stops heartbeating is DOWN no later than the grace, never before its deadline',
  async (t) => {
    // Fake clock stepping 100 ms, like the dispatcher's expiry timer at its coarsest; 20 nodes, one
    // of which stops at a random time; every other node heartbeats on its returned period.
    for (let seed = 1; seed <= 20; seed++) {
      const random = new SeededRandom(seed);
      const sessions = new NodeSessions({ newSessionId: sequentialIds(), random });
      const nextBeat = new Map<string, number>();
      const sessionOf = new Map<string, string>();
      for (let i = 0; i < 20; i++) {
        const g = sessions.register(`n${i}`, 0);
        nextBeat.set(`n${i}`, g.periodMs);
        sessionOf.set(`n${i}`, g.sessionId);
      }
      const deadAt = 2000 + random.intn(5000);
      let lastBeat = 0;
      let deadline = 0;
      let reportedAt: number | undefined;
      for (let now = 0; now <= 20_000; now += 100) {
        for (const [node, due] of nextBeat) {
          if (now < due) continue;
          if (node === 'n0' && now >= deadAt) continue;
          const ack = sessions.heartbeat(node, sessionOf.get(node) ?? '', now);
          nextBeat.set(node, now + ack.periodMs);
          if (node === 'n0') {
            lastBeat = now;
            deadline = ack.deadline;
          }
        }
        for (const expired of sessions.expire(now)) {
          if (expired.nodeId !== 'n0') t.fail(`seed ${seed}: live node ${expired.nodeId} expired at ${now}`);
          else reportedAt = now;
        }
        if (reportedAt !== undefined) break;
      }
      if (reportedAt === undefined) {
        t.fail(`seed ${seed}: dead node never reported`);
        continue;
      }
      const grace = 1100 + DEFAULT_HEARTBEAT_CONFIG.basePeriodMs + DEFAULT_HEARTBEAT_CONFIG.marginMs;
      t.ok(reportedAt > deadline, `seed ${seed}: reported at ${reportedAt} after deadline ${deadline}`);
      t.ok(
        reportedAt - lastBeat <= grace + 100,
        `seed ${seed}: down ${reportedAt - lastBeat} ms after the last heartbeat (≤ ${grace + 100})`,
      );
      t.ok(reportedAt - lastBeat <= 3000, `seed ${seed}: within ~3 s of silence`);
    }
  },
);

t.test('expire inspects only what is due, not all 10,000 sessions', async (t) => {
  const sessions = new NodeSessions({
    newSessionId: sequentialIds(),
    random: new SeededRandom(5),
    config: { ...DEFAULT_HEARTBEAT_CONFIG, jitterFraction: 0 },
  });
  for (let i = 0; i < 10_000; i++) sessions.register(`n${i}`, i);
  // Deadlines are i + 20 s + 21 s (10,000 nodes ⇒ 20 s period, grace one more period + 0.5 s).
  const first = sessions.deadlineOf('n0') ?? 0;
  t.ok(first > 0);
  for (let i = 10; i < 10_000; i++) sessions.heartbeat(`n${i}`, sessions.sessionOf(`n${i}`) ?? '', 30_000);
  const before = sessions.expiryVisits;
  t.same(sessions.expire(first), [], 'nothing is due at its exact deadline');
  t.equal(sessions.expiryVisits - before, 1);
  const mid = sessions.expiryVisits;
  const expired = sessions.expire(first + 10);
  t.same(
    expired.map((e) => e.nodeId),
    ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'],
  );
  t.equal(sessions.expiryVisits - mid, 11, '10 expired + 1 not due');
  t.equal(sessions.size, 9990);
});

t.test('expected nodes (leader change) go DOWN unless they register in time', async (t) => {
  const sessions = make();
  t.equal(sessions.expect('old1', 0)?.state, NodeState.NODE_STATE_UNKNOWN);
  sessions.expect('old2', 0);
  const old2Deadline = sessions.deadlineOf('old2');
  t.equal(sessions.expect('old2', 2000), undefined);
  const deadline = sessions.deadlineOf('old1') ?? 0;
  t.ok(deadline >= 2500 && deadline <= 2600);
  t.equal(sessions.deadlineOf('old2'), old2Deadline, 'expecting twice does not extend the wait');
  sessions.register('old2', 1000);
  const down = sessions.expire(deadline + 1);
  t.same(
    down.map((d) => [d.nodeId, d.sessionId, d.change.state]),
    [['old1', '', NodeState.NODE_STATE_DOWN]],
  );
  sessions.expect('old2', 1000);
  t.equal(sessions.sessionOf('old2'), 's1', 'expect leaves a live session alone');
});

t.test('unregister forgets a node; the period follows the number of nodes', async (t) => {
  const sessions = new NodeSessions({
    newSessionId: sequentialIds(),
    random: new SeededRandom(9),
    config: { ...DEFAULT_HEARTBEAT_CONFIG, jitterFraction: 0 },
  });
  t.equal(sessions.register('a', 0).periodMs, 1000);
  t.ok(sessions.unregister('a'));
  t.notOk(sessions.unregister('a'));
  t.same(sessions.expire(1_000_000), []);
  for (let i = 0; i < 4999; i++) sessions.register(`n${i}`, 0);
  t.equal(sessions.register('last', 0).periodMs, 10_000, '5,000 nodes ⇒ 10 s');
});
