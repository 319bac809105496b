// The queue's size estimate must track the encoded size closely enough that a batch cut at
// maxBatchBytes (4 MiB estimated) can never exceed the 16 MiB gRPC limit.
import t from 'tap';
import { encodeBatch } from '../../../../manager/raftnode/transport/codec.ts';
import { estimateMessageBytes } from '../../../../manager/raftnode/transport/message-size.ts';
import { loadRaftServiceDefinition } from '../../../../manager/raftnode/transport/raft-service.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { EntryType, MessageType } from '../../../../raft/types.ts';
import { ALL_TYPES, randomMessage } from './random-message.ts';

const serialize = loadRaftServiceDefinition().Stream.requestSerialize;

t.test('the encoded size never exceeds twice the estimate, for every variant', async (t) => {
  const rng = new SeededRandom(8);
  let worst = 0;
  for (const type of ALL_TYPES) {
    for (let i = 0; i < 300; i++) {
      const m = randomMessage(rng, type);
      const actual = serialize(encodeBatch([m])).length;
      const ratio = actual / estimateMessageBytes(m);
      worst = Math.max(worst, ratio);
      if (ratio > 2) t.fail(`${type}: ${actual} bytes encoded for an estimate of ${estimateMessageBytes(m)}`);
    }
  }
  t.ok(worst <= 2, `worst encoded/estimate ratio ${worst.toFixed(2)}`);
});

t.test('large App messages are estimated within a few percent', async (t) => {
  const data = new Uint8Array(256);
  const entries = Array.from({ length: 4000 }, (_, i) => ({
    term: 7,
    index: 1_000_000 + i,
    type: EntryType.Normal,
    data,
  }));
  const m = {
    type: MessageType.App,
    from: 'a',
    to: 'b',
    term: 7,
    index: 1,
    logTerm: 7,
    commit: 1,
    entries,
  } as const;
  const actual = serialize(encodeBatch([m])).length;
  const estimate = estimateMessageBytes(m);
  t.ok(actual <= estimate * 1.05 && actual >= estimate * 0.9, `estimate ${estimate}, encoded ${actual}`);
});
