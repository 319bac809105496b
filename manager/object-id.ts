// Ids of store objects (services, tasks, nodes, the cluster): 25 base-36 characters, about 129 bits
// of randomness, chosen by the leader (a node's by the CA). Same shape as SwarmKit's identity.NewID.
import { randomBytes } from 'node:crypto';

export const OBJECT_ID_LENGTH = 25;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newObjectId(): string {
  // 32 random bytes, each reduced mod 36 after rejecting the biased top (252..255).
  let id = '';
  while (id.length < OBJECT_ID_LENGTH) {
    for (const b of randomBytes(32)) {
      if (b >= 252) continue;
      id += ALPHABET[b % 36];
      if (id.length === OBJECT_ID_LENGTH) break;
    }
  }
  return id;
}

export function isObjectId(value: string): boolean {
  return /^[0-9a-z]{25}$/.test(value);
}
