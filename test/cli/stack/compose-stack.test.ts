// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose's ${VAR} syntax is what these tests are about
import { join } from 'node:path';
import t from 'tap';
import { ComposeFileError, ComposeFileReadError } from '../../../cli/stack/compose-errors.ts';
import { readComposeStack } from '../../../cli/stack/compose-stack.ts';
import { formatComposeWarning } from '../../../cli/stack/compose-warnings.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { composeError, composeStack } from './compose-source.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);

t.test('web-redis.yml (Docker docs style): two services with the deploy section mapped', async (t) => {
  const stack = readComposeStack(fixture('web-redis.yml'), 'web', { FLASK_ENV: 'production' });
  t.same(
    stack.services.map((s) => s.name),
    ['web_redis', 'web_web'],
    'named <stack>_<service>, sorted',
  );
  const [redis, web] = stack.services;
  t.same(redis?.spec.task?.container?.args, ['redis-server', '--appendonly', 'yes'], 'command string split');
  t.same(redis?.spec.replicated, { replicas: 1 });

  const spec = web?.spec;
  t.equal(spec?.task?.container?.image, 'covey-test/stackdemo:1');
  t.same(spec?.replicated, { replicas: 2 });
  t.same(
    spec?.task?.container?.env,
    ['FLASK_ENV=production', 'REDIS_HOST=redis'],
    'a bare name takes the env',
  );
  t.same(spec?.endpoint?.ports, [
    {
      targetPort: 8000,
      publishedPort: 8000,
      protocol: PortProtocol.PORT_PROTOCOL_TCP,
      publishMode: PublishMode.PUBLISH_MODE_HOST,
    },
  ]);
  t.same(spec?.updateConfig, {
    parallelism: 1,
    delay: { seconds: 10, nanos: 0 },
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
    maxFailureRatio: 0,
    order: UpdateOrder.UPDATE_ORDER_START_FIRST,
  });
  t.same(spec?.task?.restart, {
    condition: RestartCondition.RESTART_CONDITION_ON_FAILURE,
    delay: { seconds: 5, nanos: 0 },
    maxAttempts: 3,
    window: { seconds: 120, nanos: 0 },
  });
  t.same(spec?.task?.resources, {
    limits: { nanoCpus: 500_000_000, memoryBytes: 50 * 1024 ** 2 },
    reservations: { nanoCpus: 250_000_000, memoryBytes: 20 * 1024 ** 2 },
  });
  t.same(spec?.annotations?.labels, {
    'com.docker.stack.namespace': 'web',
    'covey.stack.namespace': 'web',
    'com.docker.stack.image': 'covey-test/stackdemo:1',
  });
  t.same(spec?.task?.container?.labels, {
    'com.docker.stack.namespace': 'web',
    'covey.stack.namespace': 'web',
  });

  t.same(
    stack.warnings.map((w) => [w.line, w.key]),
    [
      [5, 'services.web.build'],
      [11, 'services.web.depends_on'],
    ],
    'build and depends_on are reported with their lines',
  );
  t.match(
    formatComposeWarning(stack.warnings[0]!),
    new RegExp(`^warning: ${FIXTURES}/web-redis\\.yml:5: services\\.web\\.build: ignored: `),
  );
});

t.test('wordpress-db.yml: environment map and list, env_file, volumes, healthcheck, placement', async (t) => {
  const stack = readComposeStack(fixture('wordpress-db.yml'), 'blog', {});
  const [db, wordpress] = stack.services;
  t.equal(db?.name, 'blog_db');
  t.equal(wordpress?.name, 'blog_wordpress');
  t.same(stack.warnings, [], 'nothing ignored');

  const dbContainer = db?.spec.task?.container;
  t.same(
    dbContainer?.env,
    [
      'MYSQL_DATABASE=wordpress',
      'MYSQL_PASSWORD=wordpress',
      'MYSQL_ROOT_PASSWORD=somewordpress',
      'MYSQL_USER=wordpress',
    ],
    'a mapping with a << merge, and ${VAR:-default}',
  );
  t.same(dbContainer?.mounts, [
    {
      type: MountType.MOUNT_TYPE_VOLUME,
      source: 'blog_db_data',
      target: '/var/lib/mysql',
      readOnly: false,
      volumeOptions: {
        noCopy: false,
        labels: { 'com.docker.stack.namespace': 'blog', 'covey.stack.namespace': 'blog' },
      },
    },
  ]);
  t.same(dbContainer?.healthcheck, {
    test: ['CMD-SHELL', 'mysqladmin ping -h localhost'],
    interval: { seconds: 10, nanos: 0 },
    timeout: { seconds: 5, nanos: 0 },
    startPeriod: { seconds: 30, nanos: 0 },
    retries: 5,
  });
  t.same(dbContainer?.stopGracePeriod, { seconds: 90, nanos: 0 }, '1m30s');
  t.same(db?.spec.task?.placement?.constraints, ['node.labels.disk == ssd', 'node.role == worker']);
  t.same(db?.spec.task?.restart, { condition: RestartCondition.RESTART_CONDITION_ANY });
  t.equal(db?.replicasFromFile, false, 'no deploy.replicas');

  const wp = wordpress?.spec.task?.container;
  t.same(
    wp?.env,
    [
      'WORDPRESS_DB_HOST=db:3306',
      'WORDPRESS_DB_NAME=wordpress',
      'WORDPRESS_DB_PASSWORD=wordpress',
      'WORDPRESS_DB_USER=wordpress',
      'WORDPRESS_DEBUG=0',
      'WORDPRESS_TABLE_PREFIX=wp_',
    ],
    'env_file (relative to the compose file) under the environment list',
  );
  t.same(wp?.mounts, [
    {
      type: MountType.MOUNT_TYPE_BIND,
      source: join(FIXTURES, 'html'),
      target: '/var/www/html',
      readOnly: true,
    },
    {
      type: MountType.MOUNT_TYPE_TMPFS,
      source: '',
      target: '/tmp',
      readOnly: false,
      tmpfsOptions: { sizeBytes: 64 * 1024 ** 2, mode: 0 },
    },
  ]);
  t.same(wordpress?.spec.endpoint?.ports, [
    {
      targetPort: 80,
      publishedPort: 8080,
      protocol: PortProtocol.PORT_PROTOCOL_TCP,
      publishMode: PublishMode.PUBLISH_MODE_HOST,
    },
  ]);
  t.same(wp?.labels, {
    'com.example.description': 'WordPress front end',
    'com.docker.stack.namespace': 'blog',
    'covey.stack.namespace': 'blog',
  });
  t.equal(wp?.stopSignal, 'SIGQUIT');
  t.equal(wp?.user, '33:33');
  t.equal(wp?.workdir, '/var/www/html');
  t.equal(wordpress?.spec.annotations?.labels?.['com.example.tier'], 'front', 'deploy.labels on the service');
  t.same(wordpress?.spec.task?.placement, {
    constraints: [],
    preferences: [{ spread: { spreadDescriptor: 'node.labels.zone' } }],
    maxReplicasPerNode: 2,
  });
  t.same(wordpress?.spec.replicated, { replicas: 3 });

  const withPassword = readComposeStack(fixture('wordpress-db.yml'), 'blog', { WP_DB_PASSWORD: 's3cret' });
  t.ok(
    withPassword.services[0]?.spec.task?.container?.env?.includes('MYSQL_PASSWORD=s3cret'),
    'the environment wins over the default',
  );
});

t.test('broken files fail with the file, line and key', async (t) => {
  // Not *.yml: Biome checks YAML files and would refuse a deliberately broken one.
  const cases: [string, number, string, RegExp][] = [
    ['bad-yaml.compose', 5, 'services.web.ports', /invalid YAML: Flow sequence/],
    ['bad-replicas.yml', 6, 'services.web.deploy.replicas', /^must be a non-negative integer$/],
    ['bad-port.yml', 6, 'services.web.ports[1]', /invalid port "80:http"/],
  ];
  for (const [name, line, key, reason] of cases) {
    const file = fixture(name);
    const err = composeError(() => readComposeStack(file, 'demo', {}));
    t.equal(err.file, file, `${name}: file`);
    t.equal(err.line, line, `${name}: line`);
    t.equal(err.key, key, `${name}: key`);
    t.match(err.reason, reason, `${name}: reason`);
    t.ok(err.message.startsWith(`${file}:${line}: ${key === '' ? '' : `${key}: `}`), err.message);
    t.notMatch(err.message, /\n/, 'one line');
    t.ok(err instanceof UsageError, 'a usage error: exit 2, no stack trace');
  }
  t.equal(
    composeError(() => readComposeStack(fixture('bad-replicas.yml'), 'demo', {})).message,
    `${fixture('bad-replicas.yml')}:6: services.web.deploy.replicas: must be a non-negative integer`,
  );
});

t.test('unsupported keys are warnings naming the key, unknown keys are errors', async (t) => {
  const stack = readComposeStack(fixture('unsupported-keys.yml'), 'demo', {});
  t.same(
    stack.services.map((s) => s.name),
    ['demo_app', 'demo_cache'],
    'the stack still deploys',
  );
  t.same(stack.warnings.map((w) => `${w.line}:${w.key}`).sort(), [
    '10:services.app.networks',
    '13:services.app.deploy.endpoint_mode',
    '16:networks',
    '5:services.app.build',
    '7:services.app.depends_on',
    '9:services.app.container_name',
  ]);
  const err = composeError(() => composeStack('services:\n  web:\n    image: nginx\n    imgae: nginx\n'));
  t.equal(err.line, 4);
  t.equal(err.key, 'services.web.imgae');
  t.match(err.reason, /^unknown key \(expected one of image, command, /);
});

t.test('a file that cannot be read, or holds no services', async (t) => {
  t.throws(() => readComposeStack(fixture('missing.yml'), 'demo', {}), ComposeFileReadError);
  t.throws(() => readComposeStack(FIXTURES, 'demo', {}), { message: /it is a directory/ });
  t.match(composeError(() => composeStack('')).message, /compose\.yml: the file is empty/);
  t.match(
    composeError(() => composeStack('- a\n- b\n')).message,
    /^compose\.yml:1: the file must be a mapping/,
  );
  t.match(composeError(() => composeStack('version: "3"\n')).message, /services: is missing/);
  t.match(
    composeError(() => composeStack('services: {}\n')).message,
    /^compose\.yml:1: services: a stack needs/,
  );
  t.ok(composeError(() => composeStack('')) instanceof ComposeFileError);
});

t.test('top-level volumes: stack-prefixed, named or external; undeclared ones fail', async (t) => {
  const stack = composeStack(
    [
      'services:',
      '  app:',
      '    image: app',
      '    volumes: [data:/data, shared:/shared, logs:/logs:ro, "/abs:/abs", "./rel:/rel"]',
      'volumes:',
      '  data:',
      '  shared:',
      '    external: true',
      '  logs:',
      '    name: all-logs',
      '    labels: [tier=logs]',
      '',
    ].join('\n'),
  );
  const mounts = stack.services[0]?.spec.task?.container?.mounts ?? [];
  t.same(
    mounts.map((m) => [m.type, m.source, m.target, m.readOnly]),
    [
      [MountType.MOUNT_TYPE_VOLUME, 'demo_data', '/data', false],
      [MountType.MOUNT_TYPE_VOLUME, 'shared', '/shared', false],
      [MountType.MOUNT_TYPE_VOLUME, 'all-logs', '/logs', true],
      [MountType.MOUNT_TYPE_BIND, '/abs', '/abs', false],
      [MountType.MOUNT_TYPE_BIND, '/srv/app/rel', '/rel', false],
    ],
  );
  t.equal(mounts[1]?.volumeOptions, undefined, 'an external volume is not labelled');
  t.same(mounts[2]?.volumeOptions?.labels, {
    tier: 'logs',
    'com.docker.stack.namespace': 'demo',
    'covey.stack.namespace': 'demo',
  });
  const err = composeError(() =>
    composeStack('services:\n  app:\n    image: app\n    volumes:\n      - cache:/c\n'),
  );
  t.equal(err.line, 5);
  t.equal(err.key, 'services.app.volumes[0]');
  t.match(err.reason, /volume "cache" is not declared/);
});
