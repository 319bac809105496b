// When the agent sends its next heartbeat. The dispatcher hands out a period ("send the next one
// within this"), already lengthened by up to +10% of jitter, and waits period + grace before it marks
// the node DOWN (grace ≈ one more period + 0.5 s by default).
//
// The agent sends at 90% of the period, counted from when the previous heartbeat was SENT (not
// answered), so the interval at the leader stays steady whatever the call's latency and each
// heartbeat lands inside the period with 10% to spare for the network. Since the leader's jitter
// only lengthens periods, 0.9 × a jittered period is still ≥ 0.9 × the base period: the leader's
// heartbeat rate bound is exceeded by at most ~11%, never doubled as sending at period/2 would.

/** Share of the period after which the next heartbeat is sent. */
export const HEARTBEAT_PERIOD_FRACTION = 0.9;
/** Period assumed when a response carries none (it always should). */
export const FALLBACK_HEARTBEAT_PERIOD_MS = 1_000;
/** Never heartbeat faster than this, whatever a manager says (a period of 0 would spin). */
export const MIN_HEARTBEAT_INTERVAL_MS = 50;

/** Milliseconds from `now` until the next heartbeat, for one sent at `sentAt` and given `periodMs`. */
export function nextHeartbeatDelayMs(periodMs: number, sentAt: number, now: number): number {
  const interval = Math.max(MIN_HEARTBEAT_INTERVAL_MS, Math.floor(periodMs * HEARTBEAT_PERIOD_FRACTION));
  return Math.max(0, sentAt + interval - now);
}
