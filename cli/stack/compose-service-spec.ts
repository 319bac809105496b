// One compose service as the ServiceSpec `stack deploy` sends: named `<stack>_<service>`, labelled
// with the stack, a container (or, with `x-covey-runtime: process`, a program on the host: `image`
// is the program and `command` its arguments, as with `service create --runtime process`).
import type { ContainerSpec } from '../../proto/gen/covey/v1/ContainerSpec.ts';
import type { Mount } from '../../proto/gen/covey/v1/Mount.ts';
import type { ProcessSpec } from '../../proto/gen/covey/v1/ProcessSpec.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { composeDeploy } from './compose-deploy.ts';
import { composeEnvironment } from './compose-environment.ts';
import { composeHealthcheck } from './compose-healthcheck.ts';
import { IGNORED_SERVICE_KEYS, supportedEntries } from './compose-keys.ts';
import { composeLabels } from './compose-labels.ts';
import { composeMounts, composeTmpfs } from './compose-mounts.ts';
import type { ComposeNode } from './compose-node.ts';
import { composePorts } from './compose-ports.ts';
import type { StackVolumes } from './compose-stack-volumes.ts';
import { composeDuration } from './compose-units.ts';
import { ShellWordsError, splitShellWords } from '../shell-words.ts';
import { STACK_IMAGE_LABEL, stackServiceName, withStackLabels } from './stack-labels.ts';

export interface StackService {
  /** The service's key in the compose file. */
  readonly key: string;
  /** `<stack>_<key>`. */
  readonly name: string;
  readonly spec: ServiceSpec;
  /** False when the file gives no `deploy.replicas` (a redeploy then keeps the current count). */
  readonly replicasFromFile: boolean;
}

export interface ServiceSpecContext {
  readonly stack: string;
  readonly volumes: StackVolumes;
}

export const SERVICE_KEYS = [
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'volumes',
  'tmpfs',
  'healthcheck',
  'labels',
  'stop_grace_period',
  'stop_signal',
  'user',
  'working_dir',
  'hostname',
  'read_only',
  'deploy',
  'x-covey-runtime',
] as const;

const SERVICE_KEY = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** The managers' limit on service names (types.proto). */
const MAX_SERVICE_NAME = 63;

export function composeServiceSpec(key: string, node: ComposeNode, ctx: ServiceSpecContext): StackService {
  if (!SERVICE_KEY.test(key))
    node.fail("a service name is letters, digits, '_', '.' or '-', starting with a letter or digit");
  if (node.isNull()) node.fail('the service is empty: it needs at least an image');
  const fields = new Map(
    supportedEntries(node, SERVICE_KEYS, IGNORED_SERVICE_KEYS).map((e) => [e.key, e.value]),
  );
  const field = <T>(k: (typeof SERVICE_KEYS)[number], read: (n: ComposeNode) => T): T | undefined => {
    const n = fields.get(k);
    return n && !n.isNull() ? read(n) : undefined;
  };
  const runtimeNode = fields.get('x-covey-runtime');
  const runtime = runtimeNode?.string() ?? 'docker';
  if (runtime !== 'docker' && runtime !== 'process')
    runtimeNode?.fail(`${JSON.stringify(runtime)} is not one of docker, process`);
  const image = field('image', (n) => n.string());
  if (image === undefined || image.trim() === '')
    return (fields.get('image') ?? node).fail(
      runtime === 'process'
        ? 'image is required: with x-covey-runtime: process it is the program to run'
        : 'image is required (stacks build no images: build and push it, then name it here)',
    );
  const command = field('command', words) ?? [];
  const entrypoint = field('entrypoint', words);
  const healthcheck = field('healthcheck', composeHealthcheck);
  const stopGracePeriod = field('stop_grace_period', composeDuration);
  const stopSignal = field('stop_signal', (n) => n.string());
  const user = field('user', (n) => n.string());
  const workdir = field('working_dir', (n) => n.string());
  const common = {
    env: composeEnvironment(node),
    ...(workdir !== undefined ? { workdir } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(stopSignal !== undefined ? { stopSignal } : {}),
    ...(stopGracePeriod ? { stopGracePeriod } : {}),
    ...(healthcheck ? { healthcheck } : {}),
  };
  const deploy = composeDeploy(fields.get('deploy'));

  let task: TaskSpec;
  if (runtime === 'process') {
    for (const k of ['entrypoint', 'volumes', 'tmpfs', 'labels', 'hostname', 'read_only'] as const)
      fields.get(k)?.fail('only for containers: drop it, or drop x-covey-runtime: process');
    const process: ProcessSpec = { command: image, args: command, ...common };
    task = { process };
  } else {
    const mounts: Mount[] = [
      ...(field('volumes', (n) => composeMounts(n, ctx.volumes)) ?? []),
      ...(field('tmpfs', composeTmpfs) ?? []),
    ];
    const hostname = field('hostname', (n) => n.string());
    const readOnly = field('read_only', (n) => n.bool());
    const container: ContainerSpec = {
      image,
      labels: withStackLabels(ctx.stack, field('labels', composeLabels) ?? {}),
      args: command,
      ...(entrypoint !== undefined ? { entrypoint } : {}),
      mounts,
      ...(hostname !== undefined ? { hostname } : {}),
      ...(readOnly !== undefined ? { readOnly } : {}),
      ...common,
    };
    task = { container };
  }
  if (deploy.resources) task.resources = deploy.resources;
  if (deploy.restart) task.restart = deploy.restart;
  if (deploy.placement) task.placement = deploy.placement;

  const ports = field('ports', composePorts) ?? [];
  const name = stackServiceName(ctx.stack, key);
  if (name.length > MAX_SERVICE_NAME)
    node.fail(`the service would be named ${name}, longer than ${MAX_SERVICE_NAME} characters`);
  const spec: ServiceSpec = {
    annotations: {
      name,
      labels: { ...withStackLabels(ctx.stack, deploy.labels), [STACK_IMAGE_LABEL]: image },
    },
    task,
    ...(deploy.mode === 'global' ? { global: {} } : { replicated: { replicas: deploy.replicas ?? 1 } }),
    ...(deploy.updateConfig ? { updateConfig: deploy.updateConfig } : {}),
    ...(deploy.rollbackConfig ? { rollbackConfig: deploy.rollbackConfig } : {}),
    ...(ports.length > 0 ? { endpoint: { ports } } : {}),
  };
  return { key, name, spec, replicasFromFile: deploy.replicas !== undefined };
}

/** `command:` and `entrypoint:` as a list, or a string split as a shell would. */
function words(node: ComposeNode): string[] {
  if (!node.isScalar()) return node.strings();
  try {
    return splitShellWords(node.string());
  } catch (err) {
    if (err instanceof ShellWordsError)
      return node.fail(`cannot split into words: ${err.reason}`, { cause: err });
    throw err;
  }
}
