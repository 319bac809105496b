// Where the end-to-end run's time goes: reads a V8 CPU profile (node --cpu-prof) and sums its time
// by component of the cluster, both where it was spent and which covey code asked for it, optionally
// within a time window (the deploy's `window_us`, in the profile's monotonic microseconds). Usage:
//   COVEY_BENCH_PART=e2e node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/scheduler.ts
//   npx tsx bench/scheduler-e2e-profile.ts /tmp/prof/CPU.<the main thread's, the larger>.cpuprofile [FROM_US TO_US]
// V8 reports native work done inside the event loop's poll phase (socket reads, TLS, HTTP/2 framing)
// as "(idle)": during a saturated deploy that is I/O work, not idle time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Components, first match wins: [name, test on the frame's url or function name]. */
const COMPONENTS: readonly (readonly [string, (url: string, fn: string) => boolean])[] = [
  ['gc', (_u, f) => f === '(garbage collector)'],
  ['idle', (_u, f) => f === '(idle)'],
  ['native (program)', (_u, f) => f === '(program)'],
  [
    'protobuf encode/decode',
    // The generated codecs (Task$encode…) carry no url.
    (u, f) =>
      u.includes('/protobufjs/') ||
      u.includes('/@protobufjs/') ||
      /\$(encode|decode|toObject|fromObject)$/.test(f),
  ],
  ['grpc-js', (u) => u.includes('/@grpc/')],
  [
    'x509/asn1 (joins)',
    (u) => u.includes('/@peculiar/') || u.includes('/asn1js/') || u.includes('/pvtsutils/'),
  ],
  ['pino', (u) => u.includes('/pino') || u.includes('/sonic-boom/')],
  [
    'tls/http2/net (node)',
    (u) =>
      /node:(_tls|tls|http2|internal\/http2|net|internal\/stream_base|_http)/.test(u) ||
      u.includes('internal/tls'),
  ],
  ['streams/events (node)', (u) => /node:(internal\/streams|stream|events|internal\/event_target)/.test(u)],
  ['timers/promises (node)', (u) => /node:(internal\/timers|timers|internal\/process\/task_queues)/.test(u)],
  ['store apply + freeze + indexes', (u) => u.includes('/manager/store/')],
  ['raft core', (u) => /\/raft\/[^/]+\.ts/.test(u) && !u.includes('/manager/')],
  ['raft WAL', (u) => u.includes('/manager/raftnode/wal/')],
  ['raft transport', (u) => u.includes('/manager/raftnode/transport/')],
  ['raft driver', (u) => u.includes('/manager/raftnode/')],
  ['orchestrator', (u) => u.includes('/manager/orchestrator/')],
  ['scheduler', (u) => u.includes('/manager/scheduler/')],
  ['dispatcher', (u) => u.includes('/manager/dispatcher/')],
  ['control API', (u) => u.includes('/manager/controlapi/')],
  ['RPC authorization (peer certificate)', (u) => u.includes('/manager/grpc/')],
  ['manager (other)', (u) => u.includes('/manager/')],
  ['agents', (u) => u.includes('/agent/')],
  ['proto helpers', (u) => u.includes('/proto/')],
  ['pki', (u) => u.includes('/pki/')],
  ['bench', (u) => u.includes('/bench/')],
  ['node (other)', (u, f) => u.startsWith('node:') || (u === '' && !f.startsWith('('))],
  ['other', () => true],
];

export interface ProfileSummary {
  readonly window_ms: number;
  /** Self time by where it was spent (library code counts as the library). */
  readonly components: Record<string, number>;
  /**
   * The same time charged to the deepest covey frame on the stack: library work (protobuf, grpc-js,
   * TLS) counts for the covey code that asked for it. Time with no covey frame on the stack (GC,
   * idle, incoming bytes not yet handed to a covey handler) keeps its self-time component.
   */
  readonly by_caller: Record<string, number>;
  readonly top_functions: readonly { readonly fn: string; readonly ms: number; readonly share: number }[];
}

function componentOf(url: string, fn: string): string {
  return COMPONENTS.find(([, test]) => test(url, fn))?.[0] ?? 'other';
}

/** Project source, not a dependency or Node itself. */
function isCovey(url: string): boolean {
  return url.startsWith('file://') && !url.includes('/node_modules/');
}

function deepestCoveyFrame(
  id: number,
  byId: ReadonlyMap<number, ProfileNode>,
  parent: ReadonlyMap<number, number>,
): ProfileNode['callFrame'] | undefined {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const frame = byId.get(cur)?.callFrame;
    if (frame !== undefined && isCovey(frame.url)) return frame;
  }
  return undefined;
}

export function summarizeProfile(profile: CpuProfile, fromUs?: number, toUs?: number): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // A sample's time is the gap to the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (fromUs !== undefined && t < fromUs) continue;
    if (toUs !== undefined && t > toUs) break;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  }
  const components = new Map<string, number>();
  const callers = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const name = componentOf(frame.url, frame.functionName);
    components.set(name, (components.get(name) ?? 0) + us);
    const caller = deepestCoveyFrame(id, byId, parent);
    const callerName = caller === undefined ? name : componentOf(caller.url, caller.functionName);
    callers.set(callerName, (callers.get(callerName) ?? 0) + us);
    const file = frame.url.replace(/^.*\/(node_modules\/)?/, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const ms = (us: number): number => Math.round(us / 1000);
  const share = (us: number): number => Math.round((us / Math.max(1, total)) * 1000) / 10;
  return {
    window_ms: ms(total),
    components: Object.fromEntries(
      [...components].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, share(us)]),
    ),
    by_caller: Object.fromEntries([...callers].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, share(us)])),
    top_functions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([fn, us]) => ({ fn, ms: ms(us), share: share(us) })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, from, to] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: tsx bench/scheduler-e2e-profile.ts PROFILE.cpuprofile [FROM_US TO_US]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeProfile(
    profile,
    from === undefined ? undefined : Number(from),
    to === undefined ? undefined : Number(to),
  );
  console.log(JSON.stringify(summary, null, 1));
}
