// Raft benchmark: a 3-member cluster, each member its own process with a fsynced WAL on disk and
// the gRPC transport on loopback. Measures committed proposals/s and commit latency for 256-byte
// proposals at 1, 64 and 1,024 concurrent proposers, then the time to elect a new leader after the
// leader is killed with SIGKILL. Prints one JSON line per phase and a summary object last.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './latency.ts';
import type { MemberCommand, MemberConfig, MemberEvent } from './raft-protocol.ts';

const QUICK = process.env.COVEY_BENCH_QUICK === '1';
const TICK_MS = 50; // the driver's default
const SIZE = 256;
const PHASES = QUICK
  ? [
      { concurrency: 1, durationMs: 1500 },
      { concurrency: 64, durationMs: 1500 },
      { concurrency: 1024, durationMs: 2000 },
    ]
  : [
      { concurrency: 1, durationMs: 4000 },
      { concurrency: 64, durationMs: 4000 },
      { concurrency: 1024, durationMs: 6000 },
    ];
// Profiling needs every member to exit cleanly, so it skips the failover trials (which SIGKILL).
const FAILOVER_TRIALS = process.env.COVEY_BENCH_PROF ? 0 : QUICK ? 2 : 5;

type ResultEvent = Extract<MemberEvent, { kind: 'result' }>;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

class Member {
  proc: ChildProcess | undefined;
  role = 'follower';
  leader = '';
  private listeners: ((e: MemberEvent) => void)[] = [];

  constructor(readonly cfg: MemberConfig) {}

  start(): Promise<void> {
    const script = fileURLToPath(new URL('./raft-member.ts', import.meta.url));
    const proc = fork(script, [JSON.stringify(this.cfg)], {
      // COVEY_BENCH_PROF=DIR writes a V8 CPU profile of every member into DIR (see "where the time goes").
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.COVEY_BENCH_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.COVEY_BENCH_PROF}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc = proc;
    proc.on('message', (raw) => {
      const e = raw as MemberEvent;
      if (e.kind === 'soft') {
        this.role = e.role;
        this.leader = e.leader;
      }
      for (const l of [...this.listeners]) l(e);
    });
    return this.next((e) => e.kind === 'ready').then(() => undefined);
  }

  next<E extends MemberEvent>(match: (e: MemberEvent) => e is E, timeoutMs?: number): Promise<E>;
  next(match: (e: MemberEvent) => boolean, timeoutMs?: number): Promise<MemberEvent>;
  next(match: (e: MemberEvent) => boolean, timeoutMs = 60_000): Promise<MemberEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`member ${this.cfg.id}: timed out waiting for an event`));
      }, timeoutMs);
      const listener = (e: MemberEvent): void => {
        if (!match(e)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(e);
      };
      this.listeners.push(listener);
    });
  }

  send(cmd: MemberCommand): void {
    this.proc?.send(cmd);
  }

  /** Asks the member to stop and waits for it to exit (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.send({ kind: 'stop' } satisfies MemberCommand);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.proc = undefined;
  }

  kill(): void {
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
    this.role = 'dead';
  }

  get alive(): boolean {
    return this.proc !== undefined;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'covey-bench-raft-'));
  const ids = ['m1', 'm2', 'm3'];
  const ports = await Promise.all(ids.map(() => freePort()));
  const members = ids.map(
    (id, i) =>
      new Member({
        id,
        port: ports[i]!,
        dir: join(dir, id),
        voters: ids,
        tickMs: TICK_MS,
        peers: ids
          .filter((p) => p !== id)
          .map((p) => ({ id: p, addr: `127.0.0.1:${ports[ids.indexOf(p)]}` })),
      }),
  );
  const cleanup = async (): Promise<void> => {
    await Promise.all(members.map((m) => m.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    for (const m of members) m.kill();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    const elected = Promise.race(members.map((m) => m.next((e) => e.kind === 'soft' && e.role === 'leader')));
    await Promise.all(members.map((m) => m.start()));
    // Whoever times out first wins; nudge the first member in case the timers are still running.
    if (!members.some((m) => m.role === 'leader')) members[0]!.send({ kind: 'campaign' });
    await elected;

    const phases: ResultEvent[] = [];
    for (const ph of PHASES) {
      const leader = members.find((m) => m.role === 'leader')!;
      const done = leader.next((e): e is ResultEvent => e.kind === 'result', ph.durationMs + 60_000);
      leader.send({ kind: 'run', concurrency: ph.concurrency, durationMs: ph.durationMs, size: SIZE });
      const r = await done;
      phases.push(r);
      console.log(
        JSON.stringify({
          phase: `proposers_${ph.concurrency}`,
          proposals_per_s: round((r.committed / r.elapsedMs) * 1000, 0),
          p50_ms: round(r.p50, 3),
          p99_ms: round(r.p99, 3),
          committed: r.committed,
          errors: r.errors,
        }),
      );
    }

    const failovers: number[] = [];
    for (let trial = 0; trial < FAILOVER_TRIALS; trial++) {
      const leader = members.find((m) => m.role === 'leader' && m.alive)!;
      const survivors = members.filter((m) => m !== leader);
      const next = Promise.race(
        survivors.map((m) =>
          m.next(
            (e): e is Extract<MemberEvent, { kind: 'soft' }> => e.kind === 'soft' && e.role === 'leader',
            30_000,
          ),
        ),
      );
      const killedAt = Date.now();
      leader.kill();
      const won = await next;
      failovers.push(won.at - killedAt);
      console.log(
        JSON.stringify({
          phase: 'failover',
          trial,
          killed: leader.cfg.id,
          new_leader: won.id,
          ms: won.at - killedAt,
        }),
      );
      // Bring the killed member back from its WAL, and let the cluster settle before the next trial.
      await leader.start();
      await new Promise((r) => setTimeout(r, 1500));
    }

    const byConc = (c: number): ResultEvent => phases.find((p) => p.concurrency === c)!;
    const sorted = [...failovers].sort((a, b) => a - b);
    const summary = {
      bench: 'raft',
      members: 3,
      transport: 'grpc-loopback',
      storage: 'wal-fsync',
      proposal_bytes: SIZE,
      tick_ms: TICK_MS,
      election_ticks: 10,
      throughput_1: round((byConc(1).committed / byConc(1).elapsedMs) * 1000, 0),
      throughput_64: round((byConc(64).committed / byConc(64).elapsedMs) * 1000, 0),
      throughput_1024: round((byConc(1024).committed / byConc(1024).elapsedMs) * 1000, 0),
      p50_ms_1: round(byConc(1).p50, 3),
      p99_ms_1: round(byConc(1).p99, 3),
      p50_ms_64: round(byConc(64).p50, 3),
      p99_ms_64: round(byConc(64).p99, 3),
      p50_ms_1024: round(byConc(1024).p50, 3),
      p99_ms_1024: round(byConc(1024).p99, 3),
      failover_ms: sorted[Math.floor(sorted.length / 2)] ?? null,
      failover_max_ms: sorted[sorted.length - 1] ?? null,
      failover_trials: failovers,
    };
    console.log(JSON.stringify(summary));
  } finally {
    await cleanup();
  }
}

await main();
