// Task output end to end, in-process daemons over real gRPC + mTLS: 3 managers (no runtime) and 2
// workers running tasks as real processes. A task's stdout/stderr reach ServiceLogs through the
// agent's log shipper, the leader's PublishLogs and the embedded log bus; a follower relays the
// leader's stream; follow delivers lines written later; a past `since` on Events reads the history.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { COVEY_BIN } from '../../scripts/lab/process-cluster.ts';
import { ControlClient } from '../../cli/control-client.ts';
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import type { LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../../proto/gen/covey/v1/LogStream.ts';
import { timestampFromMs } from '../../proto/time.ts';
import { LabCluster, waitFor } from './lab-cluster.ts';
import { serviceTasks, readyWorkers } from './service-fixtures.ts';

const lab = await LabCluster.start({
  managers: 3,
  workers: 2,
  runtime: { manager: 'none', worker: 'process' },
});
t.teardown(async () => {
  // Tasks outlive a stopping daemon (they are adopted at its next start): remove them first so no
  // process is left behind the test.
  const control = lab.control();
  for (const s of (await control.listServices()).services) await control.removeService(s.id);
  await waitFor(async () => {
    for (const node of lab.nodes) {
      const held = (await node.daemon?.agent?.worker.executorWorkloads()) ?? [];
      if (held.some((w) => w.running)) return undefined;
    }
    return true;
  }, 'every task process stopped');
  await lab.stop();
});
await waitFor(async () => {
  const { nodes } = await lab.control().listNodes();
  return readyWorkers(nodes) === 2 ? true : undefined;
}, 'both workers READY');

/** A control client to one manager only (closed with the test file). */
function clientAt(addr: string) {
  const client = new ControlClient([addr], lab.admin);
  t.teardown(() => client.close());
  return client.raw();
}

function readLogs(addr: string, request: object, until?: (lines: LogMessage__Output[]) => boolean) {
  const client = clientAt(addr);
  return new Promise<LogMessage__Output[]>((resolve, reject) => {
    const lines: LogMessage__Output[] = [];
    const call = client.ServiceLogs(request);
    call.on('data', (r: { messages: LogMessage__Output[] }) => {
      lines.push(...r.messages);
      if (until?.(lines)) {
        call.cancel();
        resolve(lines);
      }
    });
    call.on('end', () => resolve(lines));
    call.on('error', (err: Error & { code?: number }) => (err.code === 1 ? resolve(lines) : reject(err)));
  });
}

const text = (lines: readonly LogMessage__Output[]) => lines.map((l) => Buffer.from(l.data).toString());

t.test('a task’s stdout and stderr are readable through any manager; follow gets later lines', async (t) => {
  const control = lab.control();
  const created = await control.createService({
    spec: {
      annotations: { name: 'talker' },
      task: {
        process: {
          command: 'sh',
          args: [
            '-c',
            'echo "hello from $COVEY_TASK_ID"; echo "oops" >&2; while [ ! -f stop ]; do sleep 0.1; done; echo late',
          ],
        },
      },
      replicated: { replicas: 2 },
    },
  });
  const serviceId = created.service?.id ?? '';
  const { running } = await waitFor(async () => {
    const tasks = await serviceTasks(control, serviceId);
    return tasks.running.length === 2 ? tasks : undefined;
  }, 'both tasks RUNNING');
  const leader = lab.leader();
  const follower = lab.nodes.find((n) => n.name.startsWith('m') && n !== leader);
  if (leader === undefined || follower === undefined) throw new Error('no leader or follower');

  const past = await waitFor(async () => {
    const lines = await readLogs(leader.addr, { serviceId });
    return lines.length >= 4 ? lines : undefined;
  }, 'four lines on the leader');
  for (const task of running) {
    const mine = past.filter((l) => l.context?.taskId === task.id);
    t.same(text(mine.filter((l) => l.stream === LogStream.LOG_STREAM_STDOUT)), [`hello from ${task.id}`]);
    t.same(text(mine.filter((l) => l.stream === LogStream.LOG_STREAM_STDERR)), ['oops']);
    t.equal(mine[0]?.context?.nodeId, task.nodeId, 'the line names the node that ran it');
    t.equal(mine[0]?.context?.slot, task.slot);
  }
  const viaFollower = await readLogs(follower.addr, {
    serviceId,
    streams: [LogStream.LOG_STREAM_STDOUT],
    tail: 1,
  });
  t.same(
    text(viaFollower).sort(),
    running.map((r) => `hello from ${r.id}`).sort(),
    'a follower relays the leader’s lines',
  );

  // follow on one task: its past line, then what it writes once told to go on.
  const one = running[0]!;
  const followed = readLogs(
    follower.addr,
    { serviceId, taskIds: [one.id], follow: true, streams: [LogStream.LOG_STREAM_STDOUT] },
    (lines) => text(lines).includes('late'),
  );
  const workDirTouch = await touchStop(one.id);
  t.ok(workDirTouch, 'the task’s working directory was found');
  t.same(text(await followed), [`hello from ${one.id}`, 'late']);
});

t.test('`covey service logs` prints each line with its task, stderr to stderr', async (t) => {
  const m1 = lab.nodes.find((n) => n.name === 'm1')!;
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      COVEY_BIN,
      ['--host', m1.addr, '--cert-dir', join(m1.dataDir, 'client'), 'service', 'logs', 'talker'],
      { timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
  t.equal(run.code, 0, run.stderr);
  const out = run.stdout.trimEnd().split('\n');
  t.ok(
    out.some((l) => /^talker\.\d+\.[0-9a-z]+@\S+\s+\| hello from [0-9a-z]{25}$/.test(l)),
    `stdout lines name the task: ${JSON.stringify(out)}`,
  );
  t.match(run.stderr, /\| oops/, 'stderr lines go to stderr');
});

t.test('events since a past time come from the event history', async (t) => {
  const since = timestampFromMs(Date.now() - 60_000);
  const client = clientAt(lab.nodes[1]!.addr);
  const events = await new Promise<ClusterEvent__Output[]>((resolve, reject) => {
    const got: ClusterEvent__Output[] = [];
    const call = client.Events({ since, types: [EventType.EVENT_TYPE_SERVICE] });
    call.on('data', (r: { events: ClusterEvent__Output[] }) => {
      got.push(...r.events);
      if (got.some((e) => e.attributes.name === 'talker')) {
        call.cancel();
        resolve(got);
      }
    });
    call.on('error', (err: Error & { code?: number }) => (err.code === 1 ? resolve(got) : reject(err)));
  });
  t.ok(events.every((e) => e.type === EventType.EVENT_TYPE_SERVICE));
  t.ok(
    events.some((e) => e.attributes.name === 'talker'),
    'the service created earlier is in the history',
  );
});

/** Creates the file the task waits for, in its working directory on whichever worker runs it. */
async function touchStop(taskId: string): Promise<boolean> {
  const { writeFile, access } = await import('node:fs/promises');
  const { join } = await import('node:path');
  for (const node of lab.nodes.filter((n) => n.name.startsWith('w'))) {
    const work = join(node.dataDir, 'agent', 'process', taskId, 'work');
    try {
      await access(work);
    } catch {
      continue;
    }
    await writeFile(join(work, 'stop'), '');
    return true;
  }
  return false;
}
