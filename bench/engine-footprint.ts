// What bench:swarm may leave on the shared Docker engine: it notes the swarm state, images and
// networks before it runs and afterwards undoes only what it added (leaves a swarm it initialised,
// removes the bench images and the docker_gwbridge network that `swarm init` made).
import type Docker from 'dockerode';

export interface EngineFootprint {
  readonly swarmActive: boolean;
  /** Which of the bench's image tags existed before. */
  readonly images: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
}

/** The swarm state as `docker info` reports it (`inactive`, `active`, `pending`, …). */
export async function swarmState(docker: Docker): Promise<string> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: unknown } };
  const state = info.Swarm?.LocalNodeState;
  return typeof state === 'string' ? state : '';
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

async function networkNames(docker: Docker): Promise<Set<string>> {
  return new Set((await docker.listNetworks()).map((n) => n.Name));
}

/**
 * `docker swarm init --advertise-addr 127.0.0.1`, as the baseline script means to: its own check
 * (`docker info … | grep -q active`) also matches `inactive`, so on an engine outside any swarm the
 * script would skip the init and fail at `service create`. Returns whether it initialised one.
 */
export async function ensureSwarm(docker: Docker): Promise<boolean> {
  if ((await swarmState(docker)) === 'active') return false;
  await docker.swarmInit({ ListenAddr: '0.0.0.0:2377', AdvertiseAddr: '127.0.0.1' });
  return true;
}

export async function noteFootprint(docker: Docker, imageTags: readonly string[]): Promise<EngineFootprint> {
  const images = new Set<string>();
  for (const tag of imageTags) if (await imageExists(docker, tag)) images.add(tag);
  return {
    swarmActive: (await swarmState(docker)) === 'active',
    images,
    networks: await networkNames(docker),
  };
}

/** Undoes what the bench added since `before`; returns what it did, for the log. */
export async function restoreFootprint(
  docker: Docker,
  before: EngineFootprint,
  imageTags: readonly string[],
): Promise<string[]> {
  const done: string[] = [];
  if (!before.swarmActive && (await swarmState(docker)) !== 'inactive') {
    await docker.swarmLeave({ force: true });
    done.push('left the swarm');
  }
  // `swarm init` makes docker_gwbridge and leaving keeps it; only a network the bench added goes.
  for (const name of await networkNames(docker)) {
    if (before.networks.has(name) || name !== 'docker_gwbridge') continue;
    try {
      await docker.getNetwork(name).remove();
      done.push(`removed network ${name}`);
    } catch {
      // Still in use by something else now: not the bench's to force.
    }
  }
  for (const tag of imageTags) {
    if (before.images.has(tag) || !(await imageExists(docker, tag))) continue;
    await docker.getImage(tag).remove({ noprune: false });
    done.push(`removed image ${tag}`);
  }
  return done;
}
