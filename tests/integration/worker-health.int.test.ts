import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { checkHealth } from '@/lib/health/check-health';
import { beatWorker, forgetWorker, workerLiveness } from '@/lib/jobs/worker-liveness';

/** Issue 15 item 6: /api/health reports worker liveness from the workers' heartbeats (time injected). */
describe('worker liveness in the health check', () => {
  it('counts a worker seen within 15 s as alive, an older one as not, and names the last heartbeat', async () => {
    const now = new Date('2030-01-01T12:00:00Z');
    await db.workerHeartbeat.createMany({
      data: [
        { workerId: 'host:1', hostname: 'host', pid: 1, lastSeenAt: new Date(now.getTime() - 3_000), jobId: 'j1' },
        { workerId: 'host:2', hostname: 'host', pid: 2, lastSeenAt: new Date(now.getTime() - 60_000) },
      ],
    });
    const h = await checkHealth(now);
    expect(h.ok).toBe(true);
    // the public answer counts workers; it names no host, process or (another organisation's) job
    expect(h.workers).toEqual({ alive: 1, lastHeartbeatAt: '2030-01-01T11:59:57.000Z' });
    expect(await workerLiveness(now)).toEqual({
      alive: 1,
      lastHeartbeatAt: '2030-01-01T11:59:57.000Z',
      workers: [
        { workerId: 'host:1', lastSeenAt: '2030-01-01T11:59:57.000Z', alive: true, jobId: 'j1' },
        { workerId: 'host:2', lastSeenAt: '2030-01-01T11:59:00.000Z', alive: false, jobId: null },
      ],
    });
    await forgetWorker('host:1');
    await forgetWorker('host:2');
    expect((await checkHealth(now)).workers).toEqual({ alive: 0, lastHeartbeatAt: null });
  });

  it('a worker heartbeat upserts its own row with the job it runs', async () => {
    await beatWorker('it-worker:9', 'job-9');
    await beatWorker('it-worker:9', null);
    const rows = await db.workerHeartbeat.findMany({ where: { workerId: 'it-worker:9' } });
    expect(rows.map((r) => [r.workerId, r.jobId, r.pid])).toEqual([['it-worker:9', null, process.pid]]);
    await forgetWorker('it-worker:9');
  });
});
