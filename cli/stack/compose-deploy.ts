// A service's `deploy:` section: mode and replicas, placement, update and rollback configs, restart
// policy, resources and the service's own labels. `replicas` left out is reported as such, so a
// redeploy keeps a scale set by `covey service scale`.
import type { Placement } from '../../proto/gen/covey/v1/Placement.ts';
import type { ResourceRequirements } from '../../proto/gen/covey/v1/ResourceRequirements.ts';
import type { Resources } from '../../proto/gen/covey/v1/Resources.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { RestartPolicy } from '../../proto/gen/covey/v1/RestartPolicy.ts';
import type { UpdateConfig } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { supportedEntries } from './compose-keys.ts';
import { composeLabels } from './compose-labels.ts';
import type { ComposeNode } from './compose-node.ts';
import { composeBytes, composeDuration, composeNanoCpus } from './compose-units.ts';
import { composeUpdateConfig } from './compose-update-config.ts';

export interface ComposeDeploy {
  readonly mode: 'replicated' | 'global';
  /** Undefined when the file does not say. */
  readonly replicas?: number;
  /** Service labels (`deploy.labels`), as opposed to the container labels of `labels:`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly placement?: Placement;
  readonly updateConfig?: UpdateConfig;
  readonly rollbackConfig?: UpdateConfig;
  readonly restart?: RestartPolicy;
  readonly resources?: ResourceRequirements;
}

const KEYS = [
  'mode',
  'replicas',
  'placement',
  'update_config',
  'rollback_config',
  'restart_policy',
  'resources',
  'labels',
];
const CONDITIONS: Readonly<Record<string, RestartCondition>> = {
  any: RestartCondition.RESTART_CONDITION_ANY,
  'on-failure': RestartCondition.RESTART_CONDITION_ON_FAILURE,
  none: RestartCondition.RESTART_CONDITION_NONE,
};

export function composeDeploy(node: ComposeNode | undefined): ComposeDeploy {
  if (!node || node.isNull()) return { mode: 'replicated', labels: {} };
  const fields = new Map(
    supportedEntries(node, KEYS, {
      endpoint_mode: 'covey has no virtual IPs; ports publish on the nodes',
    }).map((e) => [e.key, e.value]),
  );
  const modeNode = fields.get('mode');
  const mode = modeNode?.string() ?? 'replicated';
  if (mode !== 'replicated' && mode !== 'global')
    return (modeNode ?? node).fail(
      `${JSON.stringify(mode)} is not supported: use replicated or global${mode.endsWith('-job') ? ' (covey has no jobs)' : ''}`,
    );
  const replicasNode = fields.get('replicas');
  const replicas = replicasNode?.int();
  if (mode === 'global' && replicasNode) replicasNode.fail('only applies to mode replicated');
  const get = <T>(key: string, read: (n: ComposeNode) => T): T | undefined => {
    const n = fields.get(key);
    return n && !n.isNull() ? read(n) : undefined;
  };
  const placement = get('placement', (n) => placementOf(n, mode));
  const updateConfig = get('update_config', (n) => composeUpdateConfig(n, false));
  const rollbackConfig = get('rollback_config', (n) => composeUpdateConfig(n, true));
  const restart = get('restart_policy', restartOf);
  const resources = get('resources', resourcesOf);
  return {
    mode,
    ...(replicas !== undefined ? { replicas } : {}),
    labels: get('labels', composeLabels) ?? {},
    ...(placement ? { placement } : {}),
    ...(updateConfig ? { updateConfig } : {}),
    ...(rollbackConfig ? { rollbackConfig } : {}),
    ...(restart ? { restart } : {}),
    ...(resources ? { resources } : {}),
  };
}

function placementOf(node: ComposeNode, mode: string): Placement {
  const fields = new Map(
    supportedEntries(node, ['constraints', 'preferences', 'max_replicas_per_node']).map((e) => [
      e.key,
      e.value,
    ]),
  );
  const max = fields.get('max_replicas_per_node');
  if (max && mode === 'global') max.fail('only applies to mode replicated');
  const preferences = fields.get('preferences');
  return {
    constraints: fields.get('constraints')?.strings() ?? [],
    preferences: (preferences?.items() ?? []).map((p) => {
      const spread = supportedEntries(p, ['spread'])[0];
      if (!spread) return p.fail('needs spread: (e.g. spread: node.labels.zone)');
      return { spread: { spreadDescriptor: spread.value.string() } };
    }),
    ...(max ? { maxReplicasPerNode: max.int() } : {}),
  };
}

function restartOf(node: ComposeNode): RestartPolicy {
  const fields = new Map(
    supportedEntries(node, ['condition', 'delay', 'max_attempts', 'window']).map((e) => [e.key, e.value]),
  );
  const conditionNode = fields.get('condition');
  const condition = conditionNode ? CONDITIONS[conditionNode.string()] : undefined;
  if (conditionNode && condition === undefined)
    conditionNode.fail(`${JSON.stringify(conditionNode.string())} is not one of any, on-failure, none`);
  const delay = fields.get('delay');
  const window = fields.get('window');
  const maxAttempts = fields.get('max_attempts')?.int();
  return {
    ...(condition !== undefined ? { condition } : {}),
    ...(delay ? { delay: composeDuration(delay) } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(window ? { window: composeDuration(window) } : {}),
  };
}

function resourcesOf(node: ComposeNode): ResourceRequirements {
  const fields = new Map(supportedEntries(node, ['limits', 'reservations']).map((e) => [e.key, e.value]));
  const limits = fields.get('limits');
  const reservations = fields.get('reservations');
  return {
    ...(limits && !limits.isNull() ? { limits: amounts(limits, { pids: 'covey sets no pids limit' }) } : {}),
    ...(reservations && !reservations.isNull()
      ? {
          reservations: amounts(reservations, {
            devices: 'covey reserves no devices',
            generic_resources: 'covey has no generic resources',
          }),
        }
      : {}),
  };
}

function amounts(node: ComposeNode, ignored: Readonly<Record<string, string>>): Resources {
  const fields = new Map(supportedEntries(node, ['cpus', 'memory'], ignored).map((e) => [e.key, e.value]));
  const cpus = fields.get('cpus');
  const memory = fields.get('memory');
  return {
    ...(cpus ? { nanoCpus: composeNanoCpus(cpus) } : {}),
    ...(memory ? { memoryBytes: composeBytes(memory) } : {}),
  };
}
