// The daemon's HTTP port: /healthz (is this daemon serving; JSON for humans and probes) and
// /metrics (Prometheus text: Raft, store and agent gauges, plus Node's process metrics).
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface HealthReport {
  readonly ok: boolean;
  readonly [key: string]: unknown;
}

export interface MetricsSource {
  health(): HealthReport;
  /** name → value for the covey_* gauges (labels as `name{k="v"}` are not needed yet). */
  gauges(): Readonly<Record<string, number>>;
}

export class HttpServer {
  private readonly server: Server;
  private readonly registry = new Registry();
  private readonly gauges = new Map<string, Gauge>();

  constructor(private readonly source: MetricsSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'covey_' });
    this.server = createServer((req, res) => {
      void this.handle(req.url ?? '/').then(
        ({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(body);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
        },
      );
    });
  }

  /** Binds host:port (port 0 picks one); resolves to the bound port. */
  listen(addr: string): Promise<number> {
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
    const port = Number(addr.slice(i + 1));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const a = this.server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/healthz') {
      const h = this.source.health();
      return { status: h.ok ? 200 : 503, type: 'application/json', body: `${JSON.stringify(h)}\n` };
    }
    if (path === '/metrics') {
      for (const [name, value] of Object.entries(this.source.gauges())) {
        let g = this.gauges.get(name);
        if (!g) {
          g = new Gauge({ name, help: name.replaceAll('_', ' '), registers: [this.registry] });
          this.gauges.set(name, g);
        }
        g.set(value);
      }
      return { status: 200, type: this.registry.contentType, body: await this.registry.metrics() };
    }
    return { status: 404, type: 'text/plain', body: 'not found: try /healthz or /metrics\n' };
  }
}
