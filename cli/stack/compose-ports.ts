// A service's `ports:` in compose's short syntax (`"8080:80"`, `"53:53/udp"`, `"9090-9091:8080-8081"`,
// `80`) and long syntax (target, published, protocol, mode, name), through the CLI's --publish
// parser. Ports publish on the node (covey has no routing mesh), so a host address is refused.
import type { PortConfig } from '../../proto/gen/covey/v1/PortConfig.ts';
import { FlagValueError } from '../commands/flag-value-error.ts';
import { parsePublish } from '../commands/service-flags.ts';
import { supportedEntries } from './compose-keys.ts';
import type { ComposeNode } from './compose-node.ts';

const SHORT = /^(?:(?:(.*):)?(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)(?:\/(\w+))?$/;
const SHORT_EXPECTED =
  'expected [published:]target[/protocol], e.g. "8080:80", "53:53/udp" or "9090-9091:8080-8081"';
const HOST_IP = 'a host address is not supported: covey publishes ports on every address of the node';

export function composePorts(node: ComposeNode): PortConfig[] {
  return node.items().flatMap((item) => (item.isMap() ? [longPort(item)] : shortPorts(item)));
}

function shortPorts(item: ComposeNode): PortConfig[] {
  const text = item.text().trim();
  const m = SHORT.exec(text);
  if (!m) return item.fail(`invalid port ${JSON.stringify(text)}: ${SHORT_EXPECTED}`);
  const [, hostIp, published, target = '', protocol = 'tcp'] = m;
  if (hostIp !== undefined && hostIp !== '') return item.fail(`${JSON.stringify(text)}: ${HOST_IP}`);
  const targets = portRange(item, text, target);
  const publishedPorts = published === undefined ? undefined : portRange(item, text, published);
  if (publishedPorts !== undefined && publishedPorts.length !== targets.length)
    return item.fail(
      `invalid port ${JSON.stringify(text)}: the published and target ranges differ in length`,
    );
  return targets.map((t, i) =>
    publish(
      item,
      publishedPorts === undefined ? `${t}/${protocol}` : `${publishedPorts[i]}:${t}/${protocol}`,
    ),
  );
}

function longPort(item: ComposeNode): PortConfig {
  const fields = new Map(
    supportedEntries(item, ['target', 'published', 'protocol', 'mode', 'name', 'host_ip'], {
      app_protocol: 'covey does not use it',
    }).map((e) => [e.key, e.value]),
  );
  const hostIp = fields.get('host_ip');
  if (hostIp && !hostIp.isNull() && hostIp.string() !== '') hostIp.fail(HOST_IP);
  const target = fields.get('target');
  if (!target) return item.fail('needs a target port');
  const parts = [`target=${target.int(1, 65535)}`];
  const published = fields.get('published');
  if (published && !published.isNull()) {
    const text = published.text();
    if (!/^\d+$/.test(text))
      published.fail(`invalid value ${JSON.stringify(text)}: expected a port from 1 to 65535`);
    parts.push(`published=${text}`);
  }
  const protocol = fields.get('protocol');
  if (protocol) parts.push(`protocol=${protocol.string()}`);
  // Long syntax defaults to Swarm's ingress mode; covey's only mode is host.
  const mode = fields.get('mode');
  if (mode && mode.string() !== 'host')
    mode.fail(`${JSON.stringify(mode.string())} is not supported: covey has no routing mesh, use mode: host`);
  parts.push('mode=host');
  const port = publish(item, parts.join(','));
  const name = fields.get('name');
  return name ? { ...port, name: name.string() } : port;
}

function portRange(item: ComposeNode, text: string, range: string): number[] {
  const [from = '', to = from] = range.split('-');
  const first = Number(from);
  const last = Number(to);
  if (last < first)
    return item.fail(`invalid port range ${JSON.stringify(range)} in ${JSON.stringify(text)}`);
  return Array.from({ length: Math.min(last - first, 65535) + 1 }, (_, i) => first + i);
}

function publish(item: ComposeNode, text: string): PortConfig {
  try {
    return parsePublish(text);
  } catch (err) {
    if (err instanceof FlagValueError)
      return item.fail(
        `invalid port${item.isMap() ? '' : ` ${JSON.stringify(item.text())}`}: expected ${err.expected}`,
        { cause: err },
      );
    throw err;
  }
}
