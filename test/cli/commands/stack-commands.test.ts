// `covey stack` end to end: the real `cli/bin/covey` entry, spawned as a user would run it, against
// an in-process lab cluster (1 manager, 2 workers, hollow runtime), with the Docker-docs-style
// compose files of test/cli/stack/fixtures.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startCliLab } from '../../e2e/lab-cli.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { waitFor } from '../../e2e/lab-cluster.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const FIXTURES = join(import.meta.dirname, '..', 'stack', 'fixtures');
const dir = await mkdtemp(join(tmpdir(), 'covey-stack-e2e-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
const { lab, covey } = await startCliLab(t, { managers: 1, workers: 2 });

async function services(): Promise<Map<string, Service__Output>> {
  const { services } = await lab.control().listServices();
  return new Map(services.map((s) => [s.spec?.annotations?.name ?? '', s]));
}

/** Running tasks per service name. */
async function running(): Promise<Map<string, number>> {
  const byId = new Map([...(await services())].map(([name, s]) => [s.id, name]));
  const counts = new Map<string, number>();
  for (const task of (await lab.control().listTasks()).tasks) {
    const name = byId.get(task.serviceId);
    if (
      name &&
      task.status?.state === TaskState.TASK_STATE_RUNNING &&
      task.desiredState === TaskState.TASK_STATE_RUNNING
    )
      counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** [meta.version, specVersion] of a service. */
const versions = (s: Service__Output | undefined) => [s?.meta?.version, s?.specVersion];
/** Its spec and specVersion: what a deploy changes (the rolling update itself writes update_status). */
const specOf = (s: Service__Output | undefined) => [s?.specVersion, s?.spec];

// The web stack's file lives in a temp dir so the test can edit it; the wordpress one is used in
// place, its env_file found next to it while the CLI runs elsewhere.
const webFile = join(dir, 'web-redis.yml');
await copyFile(join(FIXTURES, 'web-redis.yml'), webFile);
const webYaml = await readFile(webFile, 'utf8');
await lab.allReady(3);

t.test('deploy two stacks; ls, services and ps show them; a broken file deploys nothing', async (t) => {
  const bad = join(FIXTURES, 'bad-replicas.yml');
  const [web, blog, broken] = await Promise.all([
    covey('stack', 'deploy', '-d', '-c', webFile, 'web'),
    covey('stack', 'deploy', '--detach', '-c', join(FIXTURES, 'wordpress-db.yml'), 'blog'),
    covey('stack', 'deploy', '-d', '-c', bad, 'bad'),
  ]);
  t.equal(web.code, 0, web.stderr);
  t.equal(web.stdout, 'Creating service web_redis\nCreating service web_web\n');
  t.match(web.stderr, `warning: ${webFile}:5: services.web.build: ignored:`);
  t.match(web.stderr, `warning: ${webFile}:11: services.web.depends_on: ignored:`);
  t.equal(blog.code, 0, blog.stderr);
  t.equal(blog.stdout, 'Creating service blog_db\nCreating service blog_wordpress\n');
  t.equal(broken.code, 2);
  t.equal(broken.stderr, `covey: ${bad}:6: services.web.deploy.replicas: must be a non-negative integer\n`);
  await lab.control().createService({
    spec: { annotations: { name: 'loner' }, task: { container: { image: 'busybox' } } },
  });

  const all = await services();
  t.same([...all.keys()].sort(), ['blog_db', 'blog_wordpress', 'loner', 'web_redis', 'web_web']);
  t.same(all.get('web_web')?.spec?.replicated, { replicas: 2 });
  t.same(all.get('web_redis')?.spec?.replicated, { replicas: 1 });
  t.same(all.get('blog_wordpress')?.spec?.replicated, { replicas: 3 });
  t.equal(all.get('web_web')?.spec?.annotations?.labels['com.docker.stack.namespace'], 'web');
  t.ok(
    all.get('blog_wordpress')?.spec?.task?.container?.env.includes('WORDPRESS_DB_NAME=wordpress'),
    'env_file read',
  );

  // blog_db waits for a node labelled disk=ssd: it stays pending. A generous deadline: the machine
  // running the tests may be busy.
  await waitFor(
    async () => {
      const r = await running();
      return r.get('web_web') === 2 && r.get('web_redis') === 1 && r.get('blog_wordpress') === 3;
    },
    'the web stack and wordpress running',
    30_000,
  );

  const [ls, svc, ps, none] = await Promise.all([
    covey('stack', 'ls'),
    covey('stack', 'services', 'web'),
    covey('stack', 'ps', '--no-trunc', 'web'),
    covey('stack', 'ps', 'nothing'),
  ]);
  t.equal(ls.code, 0, ls.stderr);
  t.match(ls.stdout, /^NAME\s+SERVICES\nblog\s+2\nweb\s+2\n$/);
  t.equal(svc.code, 0, svc.stderr);
  const svcLines = svc.stdout.trimEnd().split('\n');
  t.match(svcLines[0], /^ID\s+NAME\s+MODE\s+REPLICAS\s+IMAGE\s+PORTS$/);
  t.equal(svcLines.length, 3, 'a header and the two services of the stack');
  t.match(svcLines[1], /^\w{12}\s+web_redis\s+replicated\s+1\/1\s+redis:alpine$/);
  t.match(
    svcLines[2],
    /^\w{12}\s+web_web\s+replicated\s+2\/2\s+covey-test\/stackdemo:1\s+\*:8000->8000\/tcp$/,
  );
  t.equal(ps.code, 0, ps.stderr);
  const psRows = ps.stdout.trimEnd().split('\n').slice(1);
  t.equal(psRows.length, 3, 'one task per replica');
  for (const name of ['web_redis.1', 'web_web.1', 'web_web.2'])
    t.match(
      ps.stdout,
      new RegExp(`^\\w{25}\\s+${name.replace('.', '\\.')}\\s+\\S+\\s+(m1|w1|w2)\\s+Running\\s+Running`, 'm'),
    );
  t.equal(none.code, 1, 'as Docker: exit 1');
  t.equal(none.stderr, 'covey: nothing found in stack: nothing (list stacks with `covey stack ls`)\n');
});

t.test('redeploying the same file changes nothing', async (t) => {
  const before = await services();
  const again = await covey('stack', 'deploy', '-d', '-c', webFile, 'web');
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stdout, '', 'no service created or updated');
  const after = await services();
  for (const name of ['web_web', 'web_redis'])
    t.same(versions(after.get(name)), versions(before.get(name)), `${name}: versions unchanged`);
});

t.test(
  'one service changed, one dropped: only the changed one is updated, the dropped one stays',
  async (t) => {
    const before = await services();
    await writeFile(
      webFile,
      webYaml
        .replace('image: covey-test/stackdemo:1', 'image: covey-test/stackdemo:2')
        .replace(/ {2}redis:\n[\s\S]*$/, ''),
    );
    const changed = await covey('stack', 'deploy', '-d', '-c', webFile, 'web');
    t.equal(changed.code, 0, changed.stderr);
    t.equal(changed.stdout, `Updating service web_web (id: ${before.get('web_web')?.id})\n`);
    const after = await services();
    t.equal(after.get('web_web')?.spec?.task?.container?.image, 'covey-test/stackdemo:2');
    t.not(after.get('web_web')?.specVersion, before.get('web_web')?.specVersion, 'a new task template');
    t.same(versions(after.get('web_redis')), versions(before.get('web_redis')), 'web_redis kept, untouched');
  },
);

t.test('--prune removes the service the file dropped', async (t) => {
  const before = await services();
  const pruned = await covey('stack', 'deploy', '-d', '--prune', '-c', webFile, 'web');
  t.equal(pruned.code, 0, pruned.stderr);
  t.equal(pruned.stdout, 'Removing service web_redis\n');
  const after = await services();
  t.notOk(after.has('web_redis'), 'pruned');
  t.same(specOf(after.get('web_web')), specOf(before.get('web_web')), 'web_web untouched');
});

t.test('stack rm removes the stack and nothing else', async (t) => {
  const removed = await covey('stack', 'rm', 'web', 'nothing');
  t.equal(removed.code, 0, removed.stderr);
  t.equal(removed.stdout, 'Removing service web_web\n');
  t.equal(removed.stderr, 'Nothing found in stack: nothing\n');
  t.same([...(await services()).keys()].sort(), ['blog_db', 'blog_wordpress', 'loner']);
});
