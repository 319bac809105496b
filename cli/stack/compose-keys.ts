// Which keys of a compose mapping covey reads: supported keys pass, keys of the compose
// specification that Swarm (and so covey) ignores become warnings naming the key, `x-` extensions are
// skipped, and anything else is an error, as compose's own schema validation makes it.
import type { ComposeEntry, ComposeNode } from './compose-node.ts';

/** Why a key is ignored, by key. */
export type IgnoredKeys = Readonly<Record<string, string>>;

/** The supported entries of `node`, in file order; warns about ignored keys, fails on unknown ones. */
export function supportedEntries(
  node: ComposeNode,
  supported: readonly string[],
  ignored: IgnoredKeys = {},
): ComposeEntry[] {
  const out: ComposeEntry[] = [];
  for (const entry of node.entries()) {
    if (supported.includes(entry.key)) out.push(entry);
    else if (entry.key.startsWith('x-')) continue;
    else if (Object.hasOwn(ignored, entry.key)) entry.value.warn(`ignored: ${ignored[entry.key]}`);
    else
      entry.value.fail(
        `unknown key (expected one of ${supported.filter((k) => !k.startsWith('x-')).join(', ')})`,
      );
  }
  return out;
}

/** Keys of a service in the compose specification that a Swarm stack does not use. */
export const IGNORED_SERVICE_KEYS: IgnoredKeys = {
  build: 'stacks build no images; build and push the image, then name it in image:',
  depends_on: 'services of a stack start in no particular order',
  container_name: 'covey names the containers of tasks itself',
  restart: 'use deploy.restart_policy',
  networks: 'covey has no overlay networks; tasks use the engine default network',
  network_mode: 'covey has no overlay networks; tasks use the engine default network',
  links: 'not supported by stacks',
  external_links: 'not supported by stacks',
  expose: 'ports are only published through ports:',
  extends: 'not supported by stacks; write the service out',
  profiles: 'every service of a stack is deployed',
  scale: 'use deploy.replicas',
  secrets: 'covey has no secrets yet',
  configs: 'covey has no configs yet',
  logging: 'tasks log to covey (`covey service logs`)',
  cap_add: 'not supported by covey',
  cap_drop: 'not supported by covey',
  cgroup: 'not supported by covey',
  cgroup_parent: 'not supported by covey',
  cpu_count: 'use deploy.resources',
  cpu_percent: 'use deploy.resources',
  cpu_period: 'use deploy.resources',
  cpu_quota: 'use deploy.resources',
  cpu_rt_period: 'use deploy.resources',
  cpu_rt_runtime: 'use deploy.resources',
  cpu_shares: 'use deploy.resources',
  cpus: 'use deploy.resources.limits.cpus',
  cpuset: 'not supported by covey',
  mem_limit: 'use deploy.resources.limits.memory',
  mem_reservation: 'use deploy.resources.reservations.memory',
  mem_swappiness: 'not supported by covey',
  memswap_limit: 'not supported by covey',
  pids_limit: 'not supported by covey',
  blkio_config: 'not supported by covey',
  credential_spec: 'not supported by covey',
  device_cgroup_rules: 'not supported by covey',
  devices: 'not supported by covey',
  dns: 'not supported by covey',
  dns_opt: 'not supported by covey',
  dns_search: 'not supported by covey',
  domainname: 'not supported by covey',
  extra_hosts: 'not supported by covey',
  gpus: 'not supported by covey',
  group_add: 'not supported by covey',
  init: 'not supported by covey',
  ipc: 'not supported by covey',
  isolation: 'not supported by covey',
  mac_address: 'not supported by covey',
  oom_kill_disable: 'not supported by covey',
  oom_score_adj: 'not supported by covey',
  pid: 'not supported by covey',
  platform: 'use a deploy.placement constraint on node.platform.os / node.platform.arch',
  privileged: 'not supported by covey',
  pull_policy: 'images are pulled when missing',
  runtime: "not supported by covey (x-covey-runtime: process chooses covey's process runtime)",
  security_opt: 'not supported by covey',
  shm_size: 'not supported by covey',
  stdin_open: 'not supported by covey',
  storage_opt: 'not supported by covey',
  sysctls: 'not supported by covey',
  tty: 'not supported by covey',
  ulimits: 'not supported by covey',
  userns_mode: 'not supported by covey',
  uts: 'not supported by covey',
  volumes_from: 'not supported by covey',
  annotations: 'not supported by covey',
  attach: 'not supported by stacks',
  develop: 'not supported by stacks',
  label_file: 'not supported by covey; use labels:',
  post_start: 'not supported by covey',
  pre_stop: 'not supported by covey',
};
