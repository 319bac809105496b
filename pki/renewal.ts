// When a node should ask for a new certificate: once a fixed fraction of its lifetime remains, so a
// CA outage shorter than that fraction never lets a certificate expire. Pure, with injected time.

/** Anything with a validity window: a NodeIdentity, a parsed certificate. */
export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Renew when half the lifetime remains: 45 days into a 90-day certificate. To spread a fleet's renewals
 * (Swarm renews somewhere between 50% and 80% of the lifetime), pass a per-node fraction such as
 * `0.5 - 0.3 * random`, drawn once per certificate.
 */
export const DEFAULT_RENEW_WHEN_REMAINING = 0.5;

/** The moment from which `needsRenewal` is true. */
export function renewalTime(
  validity: Validity,
  remainingFraction: number = DEFAULT_RENEW_WHEN_REMAINING,
): Date {
  if (!(remainingFraction > 0 && remainingFraction <= 1)) {
    throw new RangeError(`remainingFraction must be in (0, 1], got ${remainingFraction}`);
  }
  const start = validity.notBefore.getTime();
  const end = validity.notAfter.getTime();
  return new Date(end - (end - start) * remainingFraction);
}

/** True once `remainingFraction` of the lifetime or less remains, including after expiry. */
export function needsRenewal(
  validity: Validity,
  now: Date,
  remainingFraction: number = DEFAULT_RENEW_WHEN_REMAINING,
): boolean {
  return now.getTime() >= renewalTime(validity, remainingFraction).getTime();
}

/** Milliseconds from `now` until renewal is due (0 when it already is), for scheduling one timer. */
export function msUntilRenewal(
  validity: Validity,
  now: Date,
  remainingFraction: number = DEFAULT_RENEW_WHEN_REMAINING,
): number {
  return Math.max(0, renewalTime(validity, remainingFraction).getTime() - now.getTime());
}
