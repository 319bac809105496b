// Where the dockerode client sends its requests, in the words an operator uses (`unix:///var/run/
// docker.sock`, `tcp://10.0.0.5:2376`), for health reports and error messages.
import type Docker from 'dockerode';

/** The modem's connection settings; dockerode's types leave them out of the class. */
interface ModemTarget {
  readonly socketPath?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly protocol?: unknown;
}

export function engineAddress(docker: Docker): string {
  const modem = docker.modem as unknown as ModemTarget;
  if (typeof modem.host === 'string' && modem.host !== '') {
    const scheme = modem.protocol === 'https' ? 'https' : modem.protocol === 'ssh' ? 'ssh' : 'tcp';
    const port = typeof modem.port === 'string' || typeof modem.port === 'number' ? `:${modem.port}` : '';
    return `${scheme}://${modem.host}${port}`;
  }
  // The default socket is looked up lazily (a function) when DOCKER_HOST is unset.
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  return 'unix:///var/run/docker.sock';
}
