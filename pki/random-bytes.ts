// Injected randomness for serial numbers and token secrets, so tests can pin them; production uses the
// operating system's CSPRNG.
import { randomBytes } from 'node:crypto';

export type RandomBytes = (length: number) => Uint8Array;

export const secureRandomBytes: RandomBytes = (length) => new Uint8Array(randomBytes(length));
