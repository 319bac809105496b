// Per-seed parameters of a run, drawn from the seed's random source so that different seeds explore
// different timings, message sizes, snapshot cadences, fault rates and workloads.
import type { SeededRandom } from '../../raft/random.ts';
import type { ClientTuning } from './client.ts';
import type { NemesisAction, NemesisTuning } from './nemesis.ts';
import type { NetworkFaults } from './network.ts';
import type { NodeTuning } from './node-tuning.ts';

export interface SimTuning {
  readonly node: NodeTuning;
  readonly faults: NetworkFaults;
  readonly client: ClientTuning;
  readonly clients: number;
  readonly nemesis: NemesisTuning;
  /** Name of the fault profile, for reports. */
  readonly profile: string;
}

const BASE_WEIGHTS: Record<NemesisAction, number> = {
  partition: 3,
  bridge: 2,
  'isolate-leader': 2,
  'one-way': 1,
  heal: 6,
  crash: 3,
  'crash-leader': 2,
  'crash-syncing-leader': 2,
  restart: 2,
  'add-learner': 3,
  'add-voter-direct': 1,
  promote: 4,
  'remove-voter': 2,
  'remove-leader': 3,
  'remove-learner': 1,
  'conf-burst': 1,
  transfer: 3,
  campaign: 1,
  pause: 2,
  'pause-leader': 2,
};

export function drawTuning(rng: SeededRandom, nodes: number): SimTuning {
  const tickInterval = 10;
  const preVote = rng.chance(0.9);
  const tickSkew = rng.pick([0, 0.1, 0.3]);
  const node: NodeTuning = {
    tickInterval,
    electionTick: rng.pick([8, 10, 12]),
    heartbeatTick: rng.pick([1, 1, 2, 3]),
    snapshotChunkSize: rng.pick([16, 64, 128, 512]),
    maxSizePerMsg: rng.pick([128, 512, 4096]),
    maxInflightMsgs: rng.pick([1, 4, 16, 256]),
    maxCommittedSizePerReady: rng.pick([1, 200, 1 << 20]),
    maxUncommittedEntriesSize: rng.pick([0, 0, 500]),
    learnerCatchUpEntries: rng.pick([2, 10, 100]),
    minFsyncDelay: 1,
    maxFsyncDelay: rng.pick([3, 10, 25]),
    stallRate: rng.pick([0, 0.02, 0.1]),
    stallDelay: 200,
    preVote,
    checkQuorum: rng.chance(0.75),
    snapshotEvery: rng.pick([4, 10, 25, 60]),
    snapshotKeep: rng.intn(6),
    earlySendRate: rng.pick([0, 0.5, 1]),
    earlyApplyRate: rng.pick([0, 0.5, 1]),
    takeCommittedRate: rng.pick([0, 0.5, 1]),
    reportUnreachableRate: rng.pick([0, 0, 0.1, 0.5]),
    // Without pre-vote, a member with a fast clock and a stale log keeps deposing everyone with its
    // elections (each one resets their timers) and never wins: a known Raft liveness gap, not a bug.
    tickSkew: preVote ? tickSkew : 0,
  };
  const profile = rng.pick(['calm', 'lossy', 'chaos', 'chaos', 'membership', 'crashy', 'storm', 'busy']);
  const faults: NetworkFaults =
    profile === 'calm'
      ? { dropRate: 0, dupRate: 0, minDelay: 1, maxDelay: 5, longDelayRate: 0, longDelay: 5 }
      : profile === 'storm'
        ? { dropRate: 0.25, dupRate: 0.1, minDelay: 1, maxDelay: 30, longDelayRate: 0.1, longDelay: 200 }
        : {
            dropRate: rng.pick([0.01, 0.03, 0.08]),
            dupRate: rng.pick([0, 0.02, 0.05]),
            minDelay: 1,
            maxDelay: rng.pick([5, 12, 25]),
            longDelayRate: rng.pick([0, 0.02, 0.05]),
            longDelay: 150,
          };
  const weights: Record<NemesisAction, number> = { ...BASE_WEIGHTS };
  if (profile === 'calm') for (const k of Object.keys(weights) as NemesisAction[]) weights[k] = 0;
  if (profile === 'calm') weights.transfer = 1;
  if (profile === 'membership') {
    weights['add-learner'] = 6;
    weights.promote = 8;
    weights['remove-voter'] = 4;
    weights['remove-leader'] = 3;
  }
  if (profile === 'crashy') {
    weights.crash = 8;
    weights['crash-leader'] = 5;
  }
  if (profile === 'lossy') {
    weights.crash = 1;
    weights['crash-leader'] = 1;
  }
  const nemesis: NemesisTuning = {
    minInterval: 40,
    maxInterval: profile === 'calm' ? 600 : 250,
    weights,
    minDowntime: 1,
    maxDowntime: 500,
    // Sometimes shrink to one or two voters: single-voter commit and read paths, quorum of two.
    minVoters: nodes === 3 ? rng.pick([1, 2, 3, 3]) : rng.pick([2, 3, 4]),
    maxVoters: nodes + 1,
    maxMembers: nodes + 2,
    maxAdds: 6,
  };
  const client: ClientTuning = {
    keys: rng.pick([
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c', 'd'],
    ]),
    minThink: 5,
    // A busy workload keeps the leader's pipeline and the snapshot cadence under pressure.
    maxThink: profile === 'busy' ? 8 : rng.pick([30, 60, 120]),
    opTimeout: 40 * tickInterval,
    readRate: 0.4,
    readIndexRate: 0.5,
    casRate: 0.1,
    minRpcDelay: 1,
    maxRpcDelay: 8,
    replyLossRate: profile === 'calm' ? 0 : 0.02,
  };
  return { node, faults, client, clients: 3 + rng.intn(3), nemesis, profile };
}
