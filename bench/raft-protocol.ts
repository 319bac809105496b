// IPC messages between the Raft benchmark coordinator and its member processes.

export interface MemberConfig {
  readonly id: string;
  readonly port: number;
  readonly dir: string;
  readonly voters: readonly string[];
  readonly peers: readonly { readonly id: string; readonly addr: string }[];
  readonly tickMs: number;
}

export type MemberCommand =
  | { readonly kind: 'campaign' }
  | { readonly kind: 'run'; readonly concurrency: number; readonly durationMs: number; readonly size: number }
  | { readonly kind: 'stop' };

export type MemberEvent =
  | { readonly kind: 'ready'; readonly id: string }
  | {
      readonly kind: 'soft';
      readonly id: string;
      readonly leader: string;
      readonly role: string;
      readonly at: number;
    }
  | {
      readonly kind: 'result';
      readonly id: string;
      readonly concurrency: number;
      readonly committed: number;
      readonly errors: number;
      readonly elapsedMs: number;
      readonly p50: number;
      readonly p99: number;
    };
