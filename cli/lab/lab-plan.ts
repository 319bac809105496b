// The nodes of a lab before any starts: m1..mN and w1..wM, each with its folder, addresses and
// runtime. Managers are drained when there are workers (tasks go to the workers, as a production
// cluster keeps its managers free) yet run an agent, so they show READY; without workers they take tasks.
import { join } from 'node:path';
import type { NodePorts } from './lab-ports.ts';
import type { LabNodeRecord, LabRuntime } from './lab-state-file.ts';

export const LAB_HOST = '127.0.0.1';

export interface LabShape {
  readonly managers: number;
  readonly workers: number;
  readonly runtime: LabRuntime;
}

/** Records for every node, not yet started (no process, no node ID); `ports` has one entry per node. */
export function planLab(dir: string, shape: LabShape, ports: readonly NodePorts[]): LabNodeRecord[] {
  const names = [
    ...Array.from({ length: shape.managers }, (_, i) => ({ name: `m${i + 1}`, role: 'manager' as const })),
    ...Array.from({ length: shape.workers }, (_, i) => ({ name: `w${i + 1}`, role: 'worker' as const })),
  ];
  return names.map(({ name, role }, i) => {
    const p = ports[i];
    if (p === undefined)
      throw new RangeError(`no ports for ${name}: ${ports.length} for ${names.length} nodes`);
    const folder = join(dir, name);
    return {
      name,
      role,
      runtime: shape.runtime,
      availability: role === 'manager' && shape.workers > 0 ? 'drain' : 'active',
      process: null,
      grpc: `${LAB_HOST}:${p.grpc}`,
      http: `${LAB_HOST}:${p.http}`,
      folder,
      // The daemon wants an empty data dir, and daemon.log is opened before it starts.
      dataDir: join(folder, 'data'),
      logPath: join(folder, 'daemon.log'),
      nodeId: '',
    };
  });
}

/** The admin client bundle `--init` writes into the first manager's data dir. */
export function adminClientDir(first: LabNodeRecord): string {
  return join(first.dataDir, 'client');
}

/** `process`, or `process, drained` for a manager kept free of tasks. */
export function describeNodeRuntime(node: LabNodeRecord): string {
  return node.availability === 'drain' ? `${node.runtime}, drained` : node.runtime;
}
