// The loopback ports of a lab's nodes. By default the ports of DESIGN.md, counted up (gRPC 4240,
// 4241, …; HTTP 4280, 4281, …) when all are free, so COVEY_HOST stays guessable; else any free ones.
import { freePort, portIsFree } from './free-port.ts';
import { UsageError } from '../usage-error.ts';
import { LabPortsInUseError } from './lab-errors.ts';

export const DEFAULT_PORT_BASE = 4240;
/** HTTP ports sit this far above the gRPC ones (4280 for 4240); it also caps a fixed range. */
export const HTTP_PORT_OFFSET = 40;

export interface NodePorts {
  readonly grpc: number;
  readonly http: number;
}

/**
 * - `prefer`: base.. when all are free, else any free ports (`fixed` false says so);
 * - `exact`: base.. or LabPortsInUseError;
 * - `any`: free ports the kernel picks.
 */
export type PortRequest =
  | { readonly kind: 'prefer'; readonly base: number }
  | { readonly kind: 'exact'; readonly base: number }
  | { readonly kind: 'any' };

export interface PortProbe {
  readonly isFree: (port: number) => Promise<boolean>;
  readonly anyFree: () => Promise<number>;
}

const SYSTEM_PROBE: PortProbe = { isFree: portIsFree, anyFree: freePort };

export async function pickLabPorts(
  count: number,
  request: PortRequest,
  probe: PortProbe = SYSTEM_PROBE,
): Promise<{ readonly ports: NodePorts[]; readonly fixed: boolean }> {
  const wanted = request.kind === 'any' ? undefined : fixedPorts(count, request.base);
  if (request.kind === 'exact' && wanted === undefined)
    throw new UsageError(
      `--port-base ${request.base} leaves no room for ${count} nodes (gRPC base.., HTTP base+${HTTP_PORT_OFFSET}..; at most ${HTTP_PORT_OFFSET} nodes)`,
    );
  if (wanted !== undefined) {
    const taken: number[] = [];
    for (const p of wanted.flatMap((n) => [n.grpc, n.http])) if (!(await probe.isFree(p))) taken.push(p);
    if (taken.length === 0) return { ports: wanted, fixed: true };
    if (request.kind === 'exact') throw new LabPortsInUseError(taken);
  }
  const seen = new Set<number>();
  const next = async (): Promise<number> => {
    for (;;) {
      const p = await probe.anyFree();
      if (!seen.has(p)) {
        seen.add(p);
        return p;
      }
    }
  };
  const ports: NodePorts[] = [];
  for (let i = 0; i < count; i++) ports.push({ grpc: await next(), http: await next() });
  return { ports, fixed: false };
}

/** base+i for gRPC, base+40+i for HTTP; undefined when that does not fit. */
export function fixedPorts(count: number, base: number): NodePorts[] | undefined {
  if (count > HTTP_PORT_OFFSET || base < 1 || base + HTTP_PORT_OFFSET + count - 1 > 65535) return undefined;
  return Array.from({ length: count }, (_, i) => ({ grpc: base + i, http: base + HTTP_PORT_OFFSET + i }));
}
