/**
 * A round-robin load balancer in front of several workers' Telegram webhooks, as a reverse proxy
 * would be in production (deploy/compose.yaml): each update goes to the next worker; one that does
 * not answer 200 (killed, busy, a kept-alive socket it closed) is skipped and the next tried, a
 * moment later once all were tried, so Telegram's redelivery is played by the proxy. For the
 * multi-worker test and bench (bench/multi-worker-load.ts).
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookProxy {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** POSTs an update to a webhook on 127.0.0.1; resolves to the status, or undefined when nothing answered. */
export function postUpdate(port: number, body: string, options: { path: string; secret: string; agent?: Agent }): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: 'POST',
        ...(options.agent ? { agent: options.agent } : {}),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

export async function webhookProxy(ports: number[], options: { path: string; secret: string; retryPauseMs?: number }): Promise<WebhookProxy> {
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });
  const post = (port: number, body: string) => postUpdate(port, body, { ...options, agent: keepAlive });
  let next = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      for (let attempt = 0; attempt < ports.length * 20; attempt++) {
        if ((await post(ports[next++ % ports.length]!, body)) === 200) return void res.writeHead(200).end();
        if (attempt % ports.length === ports.length - 1) await new Promise((r) => setTimeout(r, options.retryPauseMs ?? 25));
      }
      res.writeHead(502).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      keepAlive.destroy();
    },
  };
}
