// The environment that points the CLI at a lab: every manager in COVEY_HOST (the client fails over
// between them) and the admin bundle in COVEY_CERT_DIR, as lines a shell can eval.
import type { LabState } from './lab-state-file.ts';

export interface LabEnv {
  readonly COVEY_HOST: string;
  readonly COVEY_CERT_DIR: string;
}

export function labEnv(state: LabState): LabEnv {
  return {
    COVEY_HOST: state.nodes
      .filter((n) => n.role === 'manager')
      .map((n) => n.grpc)
      .join(','),
    COVEY_CERT_DIR: state.clientDir,
  };
}

/** `export NAME=value` lines, values quoted for sh when they need it. */
export function exportLines(env: LabEnv): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellWord(value)}\n`)
    .join('');
}

function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
