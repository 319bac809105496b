// What a manager can tell about its fellow Raft members from its own Raft status: which it believes
// reachable and which could take over leadership at once. One reading for the role manager, the
// demotion check, the agents' manager list and the shutdown hand-off.
import type { Status } from '../raft/status.ts';

/**
 * Itself always; on the leader, a member it heard from within the last election timeout
 * (recentActive); a follower has no progress to judge by and assumes every member reachable.
 */
export function isReachable(status: Status, id: string): boolean {
  return id === status.id || status.progress === undefined || status.progress.get(id)?.recentActive === true;
}

/** On the leader: a reachable voter other than `except` whose log ends where the leader's does. */
export function upToDateVoter(status: Status, except: string): string | undefined {
  return status.confState.voters.find(
    (v) => v !== except && isReachable(status, v) && status.progress?.get(v)?.match === status.lastIndex,
  );
}
