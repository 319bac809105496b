// Renewal timing: pure functions of the validity window and an injected now.
import t from 'tap';
import {
  DEFAULT_RENEW_WHEN_REMAINING,
  msUntilRenewal,
  needsRenewal,
  renewalTime,
} from '../../pki/renewal.ts';
import { DAY_MS, NOW } from './fixtures.ts';

const validity = { notBefore: NOW, notAfter: new Date(NOW.getTime() + 90 * DAY_MS) };
const day = (n: number): Date => new Date(NOW.getTime() + n * DAY_MS);

t.test('by default a certificate renews once half its lifetime remains', async (t) => {
  t.equal(DEFAULT_RENEW_WHEN_REMAINING, 0.5);
  t.same(renewalTime(validity), day(45));
  t.notOk(needsRenewal(validity, day(0)));
  t.notOk(needsRenewal(validity, new Date(day(45).getTime() - 1)), 'one millisecond before');
  t.ok(needsRenewal(validity, day(45)), 'at the mark');
  t.ok(needsRenewal(validity, day(89)));
  t.ok(needsRenewal(validity, day(200)), 'an expired certificate needs renewal too');
  t.equal(msUntilRenewal(validity, day(40)), 5 * DAY_MS);
  t.equal(msUntilRenewal(validity, day(50)), 0);
});

t.test('the fraction is the share of the lifetime still remaining', async (t) => {
  t.same(renewalTime(validity, 0.2), day(72), 'Swarm-like late end: 80% elapsed');
  t.same(renewalTime(validity, 1), day(0), '1 renews at once');
  t.ok(needsRenewal(validity, day(72), 0.2));
  t.notOk(needsRenewal(validity, day(71), 0.2));
  for (const bad of [0, -0.1, 1.5, Number.NaN]) {
    t.throws(() => renewalTime(validity, bad), RangeError, String(bad));
  }
});
