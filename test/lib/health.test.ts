import { describe, expect, it } from 'vitest';
import { HealthServer } from '../../lib/health.ts';

describe('the health endpoint', () => {
  it('answers 200 while the database answers, 503 when it does not or the worker is stopping', async () => {
    let up = true;
    const health = new HealthServer({
      host: '127.0.0.1',
      port: 0,
      probe: async () => {
        if (!up) throw new Error('down');
      },
      report: () => ({ worker: 'w1', database: 'postgres', leading: ['jobs'] }),
    });
    const port = await health.listen();
    const get = async (path = '/healthz') => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, body: res.status === 404 ? undefined : ((await res.json()) as Record<string, unknown>) };
    };
    try {
      expect(await get()).toEqual({ status: 200, body: { status: 'ok', worker: 'w1', database: 'postgres', leading: ['jobs'] } });
      up = false;
      expect((await get()).status).toBe(503);
      expect((await get()).body!.status).toBe('database unavailable');
      up = true;
      health.markStopping();
      expect(await get()).toMatchObject({ status: 503, body: { status: 'stopping' } });
      expect((await get('/other')).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
