// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose's ${VAR} syntax is what these tests are about
import t from 'tap';
import { composeError, composeStack } from './compose-source.ts';

const only = (yaml: string, env: Record<string, string> = {}) => {
  const [service] = composeStack(`services:\n  app:\n${yaml}`, env).services;
  if (!service) throw new Error('no service');
  return service;
};

t.test('container fields', async (t) => {
  const s = only(
    [
      '    image: busybox:1',
      '    entrypoint: ["/bin/sh", "-c"]',
      '    command: ["echo $$HOME", "x"]',
      '    hostname: app-host',
      '    read_only: true',
      '    user: 1000',
      '',
    ].join('\n'),
  );
  const c = s.spec.task?.container;
  t.equal(s.name, 'demo_app');
  t.equal(s.key, 'app');
  t.same(c?.entrypoint, ['/bin/sh', '-c']);
  t.same(c?.args, ['echo $HOME', 'x'], '$$ is a literal $');
  t.equal(c?.hostname, 'app-host');
  t.equal(c?.readOnly, true);
  t.equal(c?.user, '1000');
  t.equal(s.replicasFromFile, false);
  t.same(s.spec.replicated, { replicas: 1 });
  t.equal(s.spec.endpoint, undefined, 'no ports, no endpoint');
  t.same(
    only('    image: a\n    entrypoint: /docker-entrypoint.sh --verbose\n').spec.task?.container?.entrypoint,
    ['/docker-entrypoint.sh', '--verbose'],
  );
});

t.test('the image may come from the environment', async (t) => {
  t.equal(
    only('    image: registry/app:${TAG:-latest}\n', { TAG: '1.4' }).spec.task?.container?.image,
    'registry/app:1.4',
  );
  t.equal(
    only('    image: registry/app:${TAG:-latest}\n').spec.task?.container?.image,
    'registry/app:latest',
  );
});

t.test('global services have no replica count', async (t) => {
  const s = only('    image: agent\n    deploy: {mode: global}\n');
  t.same(s.spec.global, {});
  t.equal(s.spec.replicated, undefined);
});

t.test('x-covey-runtime: process runs image as the program with command as its arguments', async (t) => {
  const s = only(
    '    image: /bin/sleep\n    command: "1000"\n    x-covey-runtime: process\n    environment: {A: 1}\n    working_dir: /tmp\n',
  );
  t.same(s.spec.task?.process, { command: '/bin/sleep', args: ['1000'], env: ['A=1'], workdir: '/tmp' });
  t.equal(s.spec.task?.container, undefined);
  t.match(
    composeError(() => only('    image: /bin/sleep\n    x-covey-runtime: process\n    volumes: [/a:/b]\n')),
    { key: 'services.app.volumes', reason: /only for containers/ },
  );
  t.match(
    composeError(() => only('    image: x\n    x-covey-runtime: vm\n')).reason,
    /not one of docker, process/,
  );
});

t.test('an image is required, service names are checked', async (t) => {
  t.match(
    composeError(() => only('    build: .\n')),
    {
      line: 2,
      key: 'services.app',
      reason: /image is required \(stacks build no images/,
    },
  );
  t.match(
    composeError(() => only('    image: ""\n')),
    { key: 'services.app.image', reason: /image is required/ },
  );
  t.match(composeError(() => composeStack('services:\n  app:\n')).reason, /the service is empty/);
  t.match(
    composeError(() => composeStack('services:\n  "-app":\n    image: x\n')).reason,
    /a service name is letters/,
  );
  t.match(
    composeError(() => only('    image: x\n    command: "echo \'hi"\n')).reason,
    /cannot split into words: unclosed/,
  );
  t.match(composeError(() => only('    image: x\n    command: {a: 1}\n')).reason, /must be a list/);
  const long = 'x'.repeat(60);
  t.match(
    composeError(() => composeStack(`services:\n  ${long}:\n    image: x\n`)),
    {
      key: `services.${long}`,
      reason: `the service would be named demo_${long}, longer than 63 characters`,
    },
  );
});
