// Ids of store objects (services, tasks, nodes, the cluster): 25 base-36 characters, about 129 bits
// of randomness, chosen by the leader (a node's by the CA). Same shape as SwarmKit's identity.NewID.
import { randomFillSync } from 'node:crypto';

export const OBJECT_ID_LENGTH = 25;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn from a pool refilled 4 KiB at a time: one randomFillSync per ~150 ids
// instead of one per id (a 100,000-task deploy creates 100,000 ids on the leader's loop).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

export function newObjectId(): string {
  // Each byte reduced mod 36 after rejecting the biased top (252..255).
  let id = '';
  while (id.length < OBJECT_ID_LENGTH) {
    const b = randomByte();
    if (b < 252) id += ALPHABET[b % 36];
  }
  return id;
}

export function isObjectId(value: string): boolean {
  return /^[0-9a-z]{25}$/.test(value);
}
