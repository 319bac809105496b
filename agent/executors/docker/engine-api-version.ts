// Which Docker API features the engine at hand understands: a field an older engine does not know is
// left out of the request rather than sent and refused (or, worse, silently ignored).

/** Healthcheck.StartInterval arrived with Docker API 1.44 (Engine 25). */
export const START_INTERVAL_MIN_API = '1.44';

/** Whether API version `version` (`1.41`) is `minimum` or newer; an unreadable version is not. */
export function apiVersionAtLeast(version: string, minimum: string): boolean {
  const have = parseApiVersion(version);
  const need = parseApiVersion(minimum);
  if (have === undefined || need === undefined) return false;
  if (have[0] !== need[0]) return have[0] > need[0];
  return have[1] >= need[1];
}

function parseApiVersion(version: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(version.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2])];
}
