// Logs that outlive their node and the leader: managers keep task logs and events in a real NATS
// JetStream server (`--nats`); a worker runs a task as a process, then the worker is stopped and the
// leader is stopped too; a surviving follower still serves the task's lines from NATS.
import t from 'tap';
import { ControlClient } from '../../cli/control-client.ts';
import type { LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { requireNats } from '../fixtures/requirements.ts';
import { LabCluster, waitFor } from './lab-cluster.ts';
import { serviceTasks } from './service-fixtures.ts';

const url = await requireNats(t);
if (url !== undefined) await run(url);

async function run(nats: string): Promise<void> {
  const lab = await LabCluster.start({
    managers: 3,
    workers: 1,
    nats,
    runtime: { manager: 'none', worker: 'process' },
  });
  t.teardown(() => lab.stop());
  const control = lab.control();
  await waitFor(async () => {
    const { nodes } = await control.listNodes();
    return nodes.some((n) => n.status?.state === NodeState.NODE_STATE_READY) ? true : undefined;
  }, 'the worker READY');
  const marker = `marker-${Date.now()}`;
  const { service } = await control.createService({
    spec: {
      annotations: { name: `nats-talker-${Date.now()}` },
      task: { process: { command: 'sh', args: ['-c', `echo ${marker}; exit 0`] } },
      replicated: { replicas: 1 },
      // The task ends at once; one run is enough.
    },
  });
  const serviceId = service?.id ?? '';
  const read = (addr: string) =>
    new Promise<LogMessage__Output[]>((resolve, reject) => {
      const client = new ControlClient([addr], lab.admin);
      const lines: LogMessage__Output[] = [];
      const call = client.raw().ServiceLogs({ serviceId });
      call.on('data', (r: { messages: LogMessage__Output[] }) => lines.push(...r.messages));
      call.on('end', () => {
        client.close();
        resolve(lines);
      });
      call.on('error', (err) => {
        client.close();
        reject(err);
      });
    });

  await t.test('the line is in NATS while the worker runs', async (t) => {
    const lines = await waitFor(async () => {
      const got = await read(lab.nodes[0]!.addr);
      return got.some((l) => Buffer.from(l.data).toString() === marker) ? got : undefined;
    }, 'the task’s line');
    t.ok(lines.length >= 1);
  });

  await t.test('the worker and then the leader stop: a follower still serves the line', async (t) => {
    const worker = lab.nodes.find((n) => n.name === 'w1')!;
    const tasks = await serviceTasks(control, serviceId);
    await worker.daemon?.halt();
    worker.daemon = undefined;
    const leader = lab.leader();
    await leader?.daemon?.halt();
    if (leader) leader.daemon = undefined;
    const survivor = lab.nodes.find((n) => n.name.startsWith('m') && n.daemon !== undefined)!;
    const lines = await waitFor(
      async () => {
        const got = await read(survivor.addr);
        return got.some((l) => Buffer.from(l.data).toString() === marker) ? got : undefined;
      },
      'the line through a surviving manager',
      20_000,
    );
    const line = lines.find((l) => Buffer.from(l.data).toString() === marker);
    t.equal(line?.context?.serviceId, serviceId);
    t.ok(
      tasks.all.some((x) => x.id === line?.context?.taskId),
      'the line names its task',
    );
  });
}
