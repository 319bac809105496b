// `covey service inspect SERVICE...`: the services as JSON (an array, as Docker prints it), or with
// --pretty as Docker's readable summary, update status first among the things an operator checks.
import { Command } from 'commander';
import { resolveUpdateConfig } from '../../manager/orchestrator/update-config.ts';
import type { HealthConfig__Output } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { Resources__Output } from '../../proto/gen/covey/v1/Resources.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { UpdateConfig__Output } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { durationMs, timestampMs } from '../../proto/time.ts';
import { updateStateName } from '../progress/update-status-text.ts';
import { withControlClient } from './client-options.ts';
import { toJson } from './output-format.ts';
import { resolveService } from './resolve-reference.ts';
import { servicePorts } from './service-summary.ts';
import { humanDuration } from './time-ago.ts';

export function serviceInspectCommand(): Command {
  return new Command('inspect')
    .description('show services in detail, as JSON (or readable with --pretty)')
    .argument('<service...>', 'service name, ID or ID prefix')
    .option('--pretty', 'print a readable summary instead of JSON')
    .action(async (refs: string[], opts: { pretty?: boolean }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const services = [];
        for (const ref of refs) services.push(await resolveService(client, ref));
        if (opts.pretty) process.stdout.write(services.map((s) => servicePretty(s, Date.now())).join('\n'));
        else process.stdout.write(toJson(services));
      });
    });
}

/** Docker's `service inspect --pretty` layout. */
export function servicePretty(service: Service__Output, nowMs: number): string {
  const spec = service.spec;
  const task = spec?.task;
  const out: string[] = [];
  const row = (label: string, value: string | number, indent = '') =>
    out.push(`${indent}${`${label}:`.padEnd(15 - indent.length)}${value}`);
  const ago = (ms: number | undefined) =>
    ms === undefined ? '' : `${humanDuration(Math.max(0, nowMs - ms))} ago`;

  row('ID', service.id);
  row('Name', spec?.annotations?.name ?? '');
  const labels = Object.entries(spec?.annotations?.labels ?? {});
  if (labels.length > 0) {
    out.push('Labels:');
    for (const [k, v] of labels) out.push(` ${k}${v ? `=${v}` : ''}`);
  }
  if (spec?.global) row('Service Mode', 'Global');
  else {
    row('Service Mode', 'Replicated');
    row('Replicas', spec?.replicated?.replicas ?? 1, ' ');
  }
  const status = service.updateStatus;
  if (status) {
    out.push('UpdateStatus:');
    row('State', updateStateName(status.state), ' ');
    if (status.startedAt) row('Started', ago(timestampMs(status.startedAt)), ' ');
    if (status.completedAt) row('Completed', ago(timestampMs(status.completedAt)), ' ');
    row('Message', status.message, ' ');
  }
  const placement = task?.placement;
  out.push('Placement:');
  if (placement?.constraints.length) row('Constraints', `[${placement.constraints.join(' ')}]`, ' ');
  if (placement?.preferences.length)
    row(
      'Preferences',
      placement.preferences.map((p) => `spread=${p.spread?.spreadDescriptor ?? ''}`).join(' '),
      ' ',
    );
  if (placement?.maxReplicasPerNode) row('Max Replicas Per Node', placement.maxReplicasPerNode, ' ');
  updateConfigRows(out, 'UpdateConfig', 'Update order', spec?.updateConfig ?? null);
  updateConfigRows(out, 'RollbackConfig', 'Rollback order', spec?.rollbackConfig ?? null);

  const run = task?.container ?? task?.process;
  if (task?.container) {
    out.push('ContainerSpec:');
    row('Image', task.container.image, ' ');
    if (task.container.entrypoint.length) row('Entrypoint', task.container.entrypoint.join(' '), ' ');
  } else if (task?.process) {
    out.push('ProcessSpec:');
    row('Command', task.process.command, ' ');
  }
  if (run) {
    if (run.args.length) row('Args', run.args.join(' '), ' ');
    if (run.env.length) row('Env', run.env.join(' '), ' ');
    if (run.workdir) row('Dir', run.workdir, ' ');
    if (run.user) row('User', run.user, ' ');
    if (run.stopSignal) row('StopSignal', run.stopSignal, ' ');
    if (run.stopGracePeriod) row('StopGracePeriod', goDuration(durationMs(run.stopGracePeriod) ?? 0), ' ');
    if (run.healthcheck) row('Healthcheck', healthText(run.healthcheck), ' ');
  }
  if (task?.forceUpdate) row('ForceUpdate', task.forceUpdate, ' ');
  for (const m of task?.container?.mounts ?? []) {
    if (m === task?.container?.mounts[0]) out.push('Mounts:');
    out.push(` Target:       ${m.target}`, `  Source:      ${m.source}`, `  ReadOnly:    ${m.readOnly}`);
  }
  const reservations = resourcesText(task?.resources?.reservations);
  const limits = resourcesText(task?.resources?.limits);
  if (reservations || limits) {
    out.push('Resources:');
    if (reservations) out.push(' Reservations:', ...reservations);
    if (limits) out.push(' Limits:', ...limits);
  }
  const ports = servicePorts(spec);
  if (ports) row('Ports', ports);
  return `${out.join('\n')}\n`;
}

function updateConfigRows(
  out: string[],
  title: string,
  orderLabel: string,
  config: UpdateConfig__Output | null,
): void {
  // An absent config is Swarm's defaults: shown as the manager will apply them.
  const c = resolveUpdateConfig(config);
  out.push(`${title}:`);
  out.push(` Parallelism:   ${c.parallelism}`);
  if (c.delayMs > 0) out.push(` Delay:         ${goDuration(c.delayMs)}`);
  out.push(` On failure:    ${failureActionName(c.failureAction)}`);
  out.push(` Monitoring Period: ${goDuration(c.monitorMs)}`);
  out.push(` Max failure ratio: ${c.maxFailureRatio}`);
  out.push(
    ` ${`${orderLabel}:`.padEnd(18)} ${c.order === UpdateOrder.UPDATE_ORDER_START_FIRST ? 'start-first' : 'stop-first'}`,
  );
}

function failureActionName(a: number): string {
  if (a === UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE) return 'continue';
  if (a === UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK) return 'rollback';
  return 'pause';
}

/** Go's time.Duration text (`1m30s`, `500ms`, `0s`), as Docker prints durations. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

function healthText(h: HealthConfig__Output): string {
  const parts = [h.test.length ? h.test.join(' ') : '(the image check)'];
  if (h.interval) parts.push(`interval ${goDuration(durationMs(h.interval) ?? 0)}`);
  if (h.timeout) parts.push(`timeout ${goDuration(durationMs(h.timeout) ?? 0)}`);
  if (h.retries) parts.push(`retries ${h.retries}`);
  if (h.startPeriod) parts.push(`start period ${goDuration(durationMs(h.startPeriod) ?? 0)}`);
  return parts.join(', ');
}

function resourcesText(r: Resources__Output | null | undefined): string[] | undefined {
  const lines: string[] = [];
  if (r?.nanoCpus) lines.push(`  CPU:          ${r.nanoCpus / 1e9}`);
  if (r?.memoryBytes) lines.push(`  Memory:       ${memoryText(r.memoryBytes)}`);
  return lines.length > 0 ? lines : undefined;
}

function memoryText(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))}${unit}`;
  }
  return `${bytes}B`;
}
