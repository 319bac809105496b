// One member of the Raft benchmark cluster, run as its own process: durable WAL on disk, gRPC
// transport on loopback, a trivial state machine. Driven by the coordinator (bench/raft.ts) over IPC.
import { performance } from 'node:perf_hooks';
import { openRaftStorage } from '../manager/raftnode/raft-storage.ts';
import { RaftNode } from '../manager/raftnode/raft-node.ts';
import { GrpcRaftTransport } from '../manager/raftnode/transport/grpc-transport.ts';
import type { Entry } from '../raft/types.ts';
import { LatencyRecorder } from './latency.ts';
import type { MemberCommand, MemberConfig, MemberEvent } from './raft-protocol.ts';

const cfg = JSON.parse(process.argv[2] ?? '{}') as MemberConfig;

function emit(e: MemberEvent): void {
  process.send?.(e);
}

/** Counts applied bytes: the cheapest deterministic state machine, so the bench measures Raft. */
class ByteCounter {
  bytes = 0;
  apply(e: Entry): number {
    this.bytes += e.data.length;
    return this.bytes;
  }
  snapshot(): Uint8Array {
    return new TextEncoder().encode(String(this.bytes));
  }
  restore(data: Uint8Array): void {
    this.bytes = Number(new TextDecoder().decode(data));
  }
}

const opened = await openRaftStorage(cfg.dir, { bootstrapVoters: cfg.voters });
const transport = new GrpcRaftTransport({ selfId: cfg.id });
await transport.listen(`127.0.0.1:${cfg.port}`);
for (const p of cfg.peers) transport.setPeer(p.id, p.addr);
const sm = new ByteCounter();
if (opened.snapshot) sm.restore(opened.snapshot.data);
const node = new RaftNode<number>({
  id: cfg.id,
  storage: opened.storage,
  persistence: opened.persistence,
  transport,
  stateMachine: sm,
  applied: opened.applied,
  tickMs: cfg.tickMs,
  snapshotEvery: 50_000,
  snapshotCatchUpEntries: 10_000,
  onSoftState: (s) => emit({ kind: 'soft', id: cfg.id, leader: s.leader, role: s.role, at: Date.now() }),
});
node.start();

async function run(concurrency: number, durationMs: number, size: number): Promise<void> {
  const payload = new Uint8Array(size).fill(7);
  const lat = new LatencyRecorder();
  const start = performance.now();
  const end = start + durationMs;
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await node.propose(payload);
        lat.record(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  emit({
    kind: 'result',
    id: cfg.id,
    concurrency,
    committed: lat.count,
    errors,
    elapsedMs: elapsed,
    p50: lat.percentile(50),
    p99: lat.percentile(99),
  });
}

process.on('message', (raw: unknown) => {
  const cmd = raw as MemberCommand;
  switch (cmd.kind) {
    case 'campaign':
      node.campaign();
      return;
    case 'run':
      void run(cmd.concurrency, cmd.durationMs, cmd.size);
      return;
    case 'stop':
      void node.stop().then(async () => {
        await transport.close();
        process.exit(0);
      });
      return;
  }
});
process.on('disconnect', () => process.exit(0));
emit({ kind: 'ready', id: cfg.id });
