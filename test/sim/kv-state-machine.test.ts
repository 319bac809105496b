// Tests of the KV state machine and of the command encoding that carries its operations in the log.
import t from 'tap';
import { decodeCommand, encodeCommand, payloadFingerprint } from './kv-command.ts';
import { KvStateMachine } from './kv-state-machine.ts';

t.test('get, put, append and cas', (t) => {
  const sm = new KvStateMachine();
  t.equal(sm.apply({ kind: 'get', key: 'a' }), '');
  t.equal(sm.apply({ kind: 'append', key: 'a', value: 'x' }), undefined);
  t.equal(sm.apply({ kind: 'append', key: 'a', value: 'y' }), undefined);
  t.equal(sm.apply({ kind: 'get', key: 'a' }), 'xy');
  t.equal(sm.apply({ kind: 'cas', key: 'a', expected: 'nope', value: 'z' }), false);
  t.equal(sm.apply({ kind: 'cas', key: 'a', expected: 'xy', value: 'z' }), true);
  t.equal(sm.apply({ kind: 'put', key: 'b', value: 'q' }), undefined);
  t.same(sm.keys(), ['a', 'b']);
  t.equal(sm.get('a'), 'z');
  t.end();
});

t.test('a snapshot restores the same state; an empty one is the empty store', (t) => {
  const sm = new KvStateMachine();
  sm.apply({ kind: 'put', key: 'k2', value: 'v2' });
  sm.apply({ kind: 'put', key: 'k1', value: 'v1' });
  const copy = new KvStateMachine();
  copy.restore(sm.encode());
  t.same(copy.encode(), sm.encode());
  t.equal(copy.get('k1'), 'v1');
  copy.restore(new Uint8Array(0));
  t.same(copy.keys(), []);
  t.end();
});

t.test('commands round-trip and fingerprints tell payloads apart', (t) => {
  const cmd = {
    opId: 7,
    clientId: 2,
    input: { kind: 'cas' as const, key: 'a', expected: '', value: '[2.1]' },
  };
  t.same(decodeCommand(encodeCommand(cmd)), cmd);
  t.equal(decodeCommand(new Uint8Array(0)), undefined, 'the leader no-op carries no command');
  const a = encodeCommand(cmd);
  const b = encodeCommand({ ...cmd, opId: 8 });
  t.equal(payloadFingerprint(0, a), payloadFingerprint(0, a.slice()));
  t.not(payloadFingerprint(0, a), payloadFingerprint(0, b));
  t.not(payloadFingerprint(0, a), payloadFingerprint(1, a));
  t.end();
});
