// A lab's ports: DESIGN.md's 4240../4280.. when all are free, else any free ones (prefer) or an
// error naming the taken ones (exact); kernel-picked ports never repeat.
import { createServer } from 'node:net';
import t from 'tap';
import { freePort, portIsFree } from '../../../cli/lab/free-port.ts';
import { LabPortsInUseError } from '../../../cli/lab/lab-errors.ts';
import { fixedPorts, type PortProbe, pickLabPorts } from '../../../cli/lab/lab-ports.ts';
import { UsageError } from '../../../cli/usage-error.ts';

/** Ports in `taken` are busy; anyFree hands out `free` in order. */
function probe(taken: readonly number[], free: readonly number[] = []): PortProbe {
  let i = 0;
  return {
    isFree: async (p) => !taken.includes(p),
    anyFree: async () => {
      const p = free[i++];
      if (p === undefined) throw new Error('the fake ran out of ports');
      return p;
    },
  };
}

t.test('the fixed range when every port of it is free', async (t) => {
  const r = await pickLabPorts(3, { kind: 'prefer', base: 4240 }, probe([]));
  t.same(r, {
    fixed: true,
    ports: [
      { grpc: 4240, http: 4280 },
      { grpc: 4241, http: 4281 },
      { grpc: 4242, http: 4282 },
    ],
  });
});

t.test('prefer: one taken port sends the whole lab to free ports, none twice', async (t) => {
  const r = await pickLabPorts(
    2,
    { kind: 'prefer', base: 4240 },
    probe([4281], [5000, 5001, 5000, 5002, 5003]),
  );
  t.same(r, {
    fixed: false,
    ports: [
      { grpc: 5000, http: 5001 },
      { grpc: 5002, http: 5003 },
    ],
  });
});

t.test('exact: the taken ports are named', async (t) => {
  const err = await pickLabPorts(2, { kind: 'exact', base: 6000 }, probe([6001, 6040])).catch(
    (e: unknown) => e,
  );
  t.ok(err instanceof LabPortsInUseError);
  t.same((err as LabPortsInUseError).ports, [6040, 6001]);
  t.match((err as Error).message, /ports in use on 127\.0\.0\.1: 6040, 6001/);
});

t.test('a range that does not fit: prefer falls back, exact is a usage error', async (t) => {
  t.equal(fixedPorts(41, 4240), undefined, 'HTTP ports would overlap gRPC ones');
  t.equal(fixedPorts(2, 65500), undefined, 'past 65535');
  const r = await pickLabPorts(
    41,
    { kind: 'prefer', base: 4240 },
    probe(
      [],
      Array.from({ length: 82 }, (_, i) => 7000 + i),
    ),
  );
  t.equal(r.fixed, false);
  t.equal(r.ports.length, 41);
  await t.rejects(pickLabPorts(2, { kind: 'exact', base: 65500 }, probe([])), UsageError);
});

t.test('portIsFree and freePort see the real loopback', async (t) => {
  const port = await freePort();
  t.ok(await portIsFree(port));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.notOk(await portIsFree(port), 'a listening port is taken');
});
