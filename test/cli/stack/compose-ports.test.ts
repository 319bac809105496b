import t from 'tap';
import { composePorts } from '../../../cli/stack/compose-ports.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import { composeError, composeValue } from './compose-source.ts';

const { PORT_PROTOCOL_TCP: TCP, PORT_PROTOCOL_UDP: UDP } = PortProtocol;
const ports = (yaml: string) =>
  composePorts(composeValue(`ports:\n${yaml}`, 'ports')).map((p) => [
    p.publishedPort,
    p.targetPort,
    p.protocol,
    p.publishMode,
    p.name,
  ]);
const HOST = PublishMode.PUBLISH_MODE_HOST;

t.test('short syntax: target, published:target, protocol, ranges, numbers', async (t) => {
  t.same(
    ports('  - "3000"\n  - 80\n  - "8080:80"\n  - "53:53/udp"\n  - "9090-9091:8080-8081"\n  - "7000-7001"\n'),
    [
      [0, 3000, TCP, HOST, undefined],
      [0, 80, TCP, HOST, undefined],
      [8080, 80, TCP, HOST, undefined],
      [53, 53, UDP, HOST, undefined],
      [9090, 8080, TCP, HOST, undefined],
      [9091, 8081, TCP, HOST, undefined],
      [0, 7000, TCP, HOST, undefined],
      [0, 7001, TCP, HOST, undefined],
    ],
  );
});

t.test('long syntax: target, published, protocol, mode host, name', async (t) => {
  t.same(
    ports(
      '  - target: 80\n    published: "8080"\n    protocol: udp\n    mode: host\n    name: web\n  - target: 443\n',
    ),
    [
      [8080, 80, UDP, HOST, 'web'],
      [0, 443, TCP, HOST, undefined],
    ],
  );
});

t.test('what covey cannot publish fails at the entry', async (t) => {
  const fail = (yaml: string) => composeError(() => ports(yaml));
  t.match(fail('  - "127.0.0.1:8001:8001"\n').reason, /a host address is not supported/);
  t.match(fail('  - "80:http"\n'), { key: 'ports[0]', line: 2, reason: /invalid port "80:http"/ });
  t.match(fail('  - "8080:80/icmp"\n').reason, /expected protocol tcp, udp or sctp/);
  t.match(fail('  - "70000:80"\n').reason, /expected a port from 1 to 65535/);
  t.match(fail('  - "9090-9092:8080-8081"\n').reason, /ranges differ in length/);
  t.match(fail('  - "9091-9090:80-81"\n').reason, /invalid port range/);
  t.match(fail('  - target: 80\n    mode: ingress\n'), {
    key: 'ports[0].mode',
    line: 3,
    reason: /no routing mesh/,
  });
  t.match(fail('  - target: 80\n    host_ip: 127.0.0.1\n').reason, /host address is not supported/);
  t.match(fail('  - published: 80\n').reason, /needs a target port/);
  t.match(fail('  - target: 0\n').reason, /must be an integer from 1 to 65535/);
  t.match(fail('  - target: 80\n    published: 8000-8001\n').reason, /expected a port from 1 to 65535/);
  t.match(fail('  - target: 80\n    flavour: x\n').reason, /unknown key/);
});
