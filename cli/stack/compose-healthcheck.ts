// A service's `healthcheck:` as covey's HealthConfig (Docker's HEALTHCHECK): `test` as a string
// (run by the shell) or ["CMD", ...] / ["CMD-SHELL", "..."] / ["NONE"]; `disable: true` turns the
// image's check off.
import type { HealthConfig } from '../../proto/gen/covey/v1/HealthConfig.ts';
import { supportedEntries } from './compose-keys.ts';
import type { ComposeNode } from './compose-node.ts';
import { composeDuration } from './compose-units.ts';

const KEYS = ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'];

export function composeHealthcheck(node: ComposeNode): HealthConfig {
  const fields = new Map(supportedEntries(node, KEYS).map((e) => [e.key, e.value]));
  const disable = fields.get('disable');
  if (disable?.bool()) {
    const tuning = KEYS.filter((k) => k !== 'disable' && fields.has(k));
    if (tuning.length > 0) disable.fail(`disable: true conflicts with ${tuning.join(', ')}`);
    return { test: ['NONE'] };
  }
  const health: HealthConfig = { test: testOf(fields.get('test')) };
  const duration = (key: string) => {
    const v = fields.get(key);
    return v ? composeDuration(v) : undefined;
  };
  const interval = duration('interval');
  const timeout = duration('timeout');
  const startPeriod = duration('start_period');
  const startInterval = duration('start_interval');
  const retries = fields.get('retries')?.int();
  return {
    ...health,
    ...(interval ? { interval } : {}),
    ...(timeout ? { timeout } : {}),
    ...(startPeriod ? { startPeriod } : {}),
    ...(startInterval ? { startInterval } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

/** [] keeps the image's own test (with the timings given here). */
function testOf(node: ComposeNode | undefined): string[] {
  if (!node || node.isNull()) return [];
  if (node.isScalar()) {
    const command = node.string();
    if (command.trim() === '') node.fail('must not be empty');
    return ['CMD-SHELL', command];
  }
  const test = node.strings();
  const [kind] = test;
  if (kind === 'NONE' && test.length === 1) return test;
  if ((kind === 'CMD' || kind === 'CMD-SHELL') && test.length > 1) return test;
  return node.fail('must be a command string, or a list starting with "CMD", "CMD-SHELL" or "NONE"');
}
