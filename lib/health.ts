/**
 * The health endpoint (HEALTH_PORT): GET /healthz answers 200 with a small JSON while the worker can
 * reach its database and is not stopping, 503 otherwise, so a load balancer or the orchestrator sends
 * nothing to a worker that is going away (graceful shutdown: 503 first, then the turns in flight are
 * finished). It names no person and no secret: the worker, the backend, the roles it leads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthReport {
  worker: string;
  database: 'sqlite' | 'postgres';
  /** The roles this worker leads now ("jobs", "telegram-poller", …). */
  leading: string[];
}

export interface HealthOptions {
  host: string;
  port: number;
  /** Throws when the database cannot be reached (a `SELECT 1`). */
  probe(): Promise<void>;
  report(): HealthReport;
  /** Longest wait for the probe. */
  timeoutMs?: number;
}

export class HealthServer {
  private server: Server | undefined;
  private stopping = false;

  constructor(private readonly options: HealthOptions) {}

  /** Starts listening; resolves to the port (useful with port 0). */
  async listen(): Promise<number> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' || (path !== '/healthz' && path !== '/health')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      void this.check().then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(`${JSON.stringify(body)}\n`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** From now on the worker says it is stopping (503): no new work should be sent to it. */
  markStopping(): void {
    this.stopping = true;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async check(): Promise<{ status: number; body: Record<string, unknown> }> {
    const report = this.options.report();
    if (this.stopping) return { status: 503, body: { status: 'stopping', ...report } };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), this.options.timeoutMs ?? 2000);
        }),
      ]);
      return { status: 200, body: { status: 'ok', ...report } };
    } catch {
      return { status: 503, body: { status: 'database unavailable', ...report } };
    } finally {
      clearTimeout(timer);
    }
  }
}
