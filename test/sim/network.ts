// The simulated network between Raft members: per-message drops, delays (long ones reorder),
// duplicates, and partitions expressed as a set of cut directed links.
import type { SeededRandom } from '../../raft/random.ts';
import type { Message, NodeId } from '../../raft/types.ts';
import type { Scheduler } from './scheduler.ts';
import { describeMessage } from './trace-format.ts';

export interface NetworkFaults {
  /** Probability that a message is lost. */
  readonly dropRate: number;
  /** Probability that a message is delivered twice (the copy with its own delay). */
  readonly dupRate: number;
  readonly minDelay: number;
  readonly maxDelay: number;
  /** Probability of a delay up to `longDelay`, which overtakes later messages (reordering). */
  readonly longDelayRate: number;
  readonly longDelay: number;
}

export const RELIABLE: NetworkFaults = {
  dropRate: 0,
  dupRate: 0,
  minDelay: 1,
  maxDelay: 3,
  longDelayRate: 0,
  longDelay: 3,
};

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  cut: number;
}

export class Network {
  private faults: NetworkFaults;
  private readonly cutLinks = new Set<string>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, cut: 0 };

  constructor(
    private readonly sched: Scheduler,
    private readonly rng: SeededRandom,
    faults: NetworkFaults,
    /** Hands a message to its destination; the cluster drops it if the node is down or unknown. */
    private readonly deliver: (m: Message) => void,
    /** Told about messages lost to a cut link (a transport would see the connection fail). */
    private readonly onCut: (m: Message) => void,
    private readonly trace?: (line: string) => void,
  ) {
    this.faults = faults;
  }

  setFaults(f: NetworkFaults): void {
    this.faults = f;
  }

  send(m: Message): void {
    this.stats.sent++;
    if (this.isCut(m.from, m.to)) {
      this.stats.cut++;
      this.onCut(m);
      return;
    }
    const f = this.faults;
    if (f.dropRate > 0 && this.rng.chance(f.dropRate)) {
      this.stats.dropped++;
      this.trace?.(`drop ${describeMessage(m)}`);
      return;
    }
    this.schedule(m);
    if (f.dupRate > 0 && this.rng.chance(f.dupRate)) {
      this.stats.duplicated++;
      this.schedule(m);
    }
  }

  /** Cuts both directions between every pair of nodes in different groups. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i]!) for (const b of groups[j]!) this.cutLinks.add(linkKey(a, b));
      }
    }
  }

  /** Cuts `id` off from every node in `others`, both ways. */
  isolate(id: NodeId, others: readonly NodeId[]): void {
    this.partition([[id], others.filter((o) => o !== id)]);
  }

  /** Messages from `from` to `to` are lost; the other direction still works. */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.cutLinks.add(linkKey(from, to));
  }

  heal(): void {
    this.cutLinks.clear();
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cutLinks.size > 0 && this.cutLinks.has(linkKey(from, to));
  }

  get partitioned(): boolean {
    return this.cutLinks.size > 0;
  }

  private schedule(m: Message): void {
    const f = this.faults;
    const delay =
      f.longDelayRate > 0 && this.rng.chance(f.longDelayRate)
        ? f.minDelay + this.rng.intn(f.longDelay - f.minDelay + 1)
        : f.minDelay + this.rng.intn(f.maxDelay - f.minDelay + 1);
    this.sched.after(
      delay,
      () => `deliver ${describeMessage(m)}`,
      () => {
        // A link cut while the message was in flight loses it, like a TCP connection reset.
        if (this.isCut(m.from, m.to)) {
          this.stats.cut++;
          this.trace?.('  (link cut: message lost)');
          this.onCut(m);
          return;
        }
        this.stats.delivered++;
        this.deliver(m);
      },
    );
  }
}

function linkKey(from: NodeId, to: NodeId): string {
  return `${from}>${to}`;
}
