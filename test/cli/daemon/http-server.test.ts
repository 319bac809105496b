// The daemon's HTTP port: /healthz reports the source's health (503 when not ok), /metrics serves
// Prometheus text with the covey gauges, anything else is 404.
import t from 'tap';
import { HttpServer } from '../../../cli/daemon/http-server.ts';

let ok = true;
const http = new HttpServer({
  health: () => ({ ok, nodeId: 'n1' }),
  gauges: () => ({ covey_store_tasks: 42 }),
});
const port = await http.listen('127.0.0.1:0');
t.teardown(() => http.close());

t.test('healthz', async (t) => {
  const r = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.equal(r.status, 200);
  t.same(await r.json(), { ok: true, nodeId: 'n1' });
  ok = false;
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 503, 'not ok → 503');
  ok = true;
});

t.test('metrics', async (t) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  t.match(text, /^covey_store_tasks 42$/m);
  t.match(text, /^covey_process_cpu_seconds_total /m, 'process metrics');
});

t.test('anything else', async (t) => {
  t.equal((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404);
});
