// Child process for grpc-transport.test.ts: uses two transports in every way that opens a handle
// (servers, peer streams both ways, a dead peer in backoff), closes them, and must then exit on its
// own. It never calls process.exit: a leftover handle keeps it alive and fails the test.
import { GrpcRaftTransport } from '../../../../manager/raftnode/transport/grpc-transport.ts';
import { type Message, MessageType } from '../../../../raft/types.ts';
import { TransportRecorder } from './transport-recorder.ts';

const heartbeat = (from: string, to: string, i: number): Message => ({
  type: MessageType.Heartbeat,
  from,
  to,
  term: 1,
  commit: i,
  ctx: '',
});

const a = new GrpcRaftTransport({ selfId: 'a' });
const b = new GrpcRaftTransport({ selfId: 'b' });
const ra = new TransportRecorder(a);
const rb = new TransportRecorder(b);
const portA = await a.listen('127.0.0.1:0');
const portB = await b.listen('127.0.0.1:0');
a.setPeer('b', `127.0.0.1:${portB}`);
b.setPeer('a', `127.0.0.1:${portA}`);
a.setPeer('c', '127.0.0.1:1'); // nothing listens on port 1: a failed stream and a backoff timer
for (let i = 1; i <= 100; i++) {
  a.send([heartbeat('a', 'b', i), heartbeat('a', 'c', i)]);
  b.send([heartbeat('b', 'a', i)]);
}
await Promise.all([ra.untilMessages(100), rb.untilMessages(100), ra.untilUnreachable('c')]);
await a.close();
await b.close();
process.stdout.write(`exchanged ${ra.messages.length + rb.messages.length} messages; closed\n`);
