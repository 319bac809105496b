// Public surface of covey's Raft library.
export * from './bootstrap.ts';
export * from './config.ts';
export * from './confchange.ts';
export * from './errors.ts';
export * from './memory-storage.ts';
export * from './random.ts';
export type * from './ready.ts';
export * from './rawnode.ts';
export type * from './status.ts';
export type * from './storage.ts';
export * from './types.ts';
export { ProgressState } from './progress.ts';
