// The one door to @peculiar/x509: its dependency-injection container needs the Reflect polyfill loaded
// before it, and it must sign with Node's WebCrypto. Every pki/ module imports the library from here.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };
