import { spawn } from 'node:child_process';
import t, { type Test } from 'tap';
import { ProcessGroup, stopGroup } from '../../../../agent/executors/process/process-group.ts';
import { SIGKILL, SIGTERM } from '../../../../agent/executors/process/process-signal.ts';
import { listProcStats, readProcStat } from '../../../../agent/executors/process/proc-stat.ts';
import { systemClock } from '../../../../agent/worker/clock.ts';
import { killGroup, running, waitFor } from './process-test-kit.ts';

/**
 * A shell script as the leader of a new process group, killed on teardown. A script that prints
 * `ready` is waited for, so a signal cannot land before its traps are set (a loaded machine).
 */
async function groupOf(t: Test, script: string): Promise<ProcessGroup> {
  const waits = script.includes('echo ready');
  const child = spawn('/bin/sh', ['-c', script], {
    detached: true,
    stdio: ['ignore', waits ? 'pipe' : 'ignore', 'ignore'],
  });
  const pid = child.pid ?? 0;
  t.teardown(() => killGroup(pid));
  if (waits) {
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      });
    });
  }
  const stat = await readProcStat(pid);
  return new ProcessGroup({ pid, pgid: pid, startTime: stat?.startTime ?? null });
}

t.test('a leader whose start time differs is not ours: never signalled', async (t) => {
  const real = await groupOf(t, 'sleep 30');
  const { pid, startTime } = real.identity;
  const impostor = new ProcessGroup({ pid, pgid: pid, startTime: (startTime ?? 0) + 1 });
  t.notOk(await impostor.isOurs());
  t.notOk(await impostor.leaderAlive());
  t.notOk(await impostor.alive());
  t.equal(await impostor.signal(SIGKILL), false);
  t.ok(await running(pid), 'the process with the reused pid was left alone');
  t.ok(await real.leaderAlive());
  t.ok(await real.alive());
});

t.test('stopGroup: TERM first, SIGKILL after the grace, resolves once the group is gone', async (t) => {
  const polite = await groupOf(t, 'sleep 30');
  let started = Date.now();
  await stopGroup(polite, { signal: SIGTERM, graceMs: 5_000, clock: systemClock });
  t.ok(Date.now() - started < 2_000);
  t.notOk(await polite.alive());

  const stubborn = await groupOf(t, 'trap "" TERM; sleep 30 & echo ready; wait');
  started = Date.now();
  await stopGroup(stubborn, { signal: SIGTERM, graceMs: 250, clock: systemClock });
  t.ok(Date.now() - started >= 250);
  t.notOk(await stubborn.alive());
  await stopGroup(stubborn, { signal: SIGTERM, graceMs: 250, clock: systemClock });
  t.pass('stopping a gone group returns at once');
});

t.test('a group whose only member left is a zombie is not alive', async (t) => {
  // The background sleep's parent becomes `sleep 30` (exec), which never reaps it.
  const group = await groupOf(t, 'sleep 0.05 & exec sleep 30');
  const members = async () => (await listProcStats()).filter((s) => s.pgrp === group.identity.pgid);
  await waitFor(async () => (await members()).some((s) => s.state === 'Z'), 'the zombie');
  process.kill(group.identity.pid, 'SIGKILL');
  await waitFor(async () => !(await group.leaderAlive()), 'the leader to die');
  t.notOk(await group.alive());
});
