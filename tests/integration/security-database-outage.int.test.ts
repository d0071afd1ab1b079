import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { GET as unavailablePage } from '@/app/unavailable/route';
import { PrismaClient } from '@/generated/prisma/client';
import { checkHealth } from '@/lib/health/check-health';
import { isDatabaseUnavailable } from '@/lib/http/database-unavailable';
import { orUnavailablePage } from '@/lib/http/page-outage';
import { errorResponse } from '@/lib/http/with-org';

/** Issue 12 item 15: a database outage answers 503 with a neutral message; details go to the log only. */
const DOWN = 'postgresql://root@127.0.0.1:1/nowhere'; // nothing listens on port 1

async function realOutageErrors(): Promise<unknown[]> {
  const errors: unknown[] = [];
  const client = new pg.Client({ connectionString: DOWN, connectionTimeoutMillis: 2000 });
  await client.connect().catch((e) => errors.push(e));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: DOWN, connectionTimeoutMillis: 2000 }) });
  await prisma.$queryRaw`SELECT 1`.catch((e) => errors.push(e));
  await prisma.$disconnect().catch(() => undefined);
  return errors;
}

describe('database outage', () => {
  it('turns real driver and Prisma connection errors into 503 with a neutral body', async () => {
    const errors = await realOutageErrors();
    expect(errors).toHaveLength(2);
    for (const err of errors) {
      expect(isDatabaseUnavailable(err)).toBe(true);
      const res = errorResponse(err);
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(text)).toEqual({
        error: { code: 'unavailable', message: 'The service is temporarily unavailable; try again in a moment' },
      });
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|nowhere|Prisma/i);
    }
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(errorResponse(new Error('bug')).status).toBe(500);
  });

  it('health says only that the database is down, not where or why', async () => {
    const errors = await realOutageErrors();
    const health = await checkHealth(new Date(0), async () => {
      throw errors[1];
    });
    expect(health).toEqual({ ok: false, database: { ok: false, latencyMs: expect.any(Number) } });
    expect(JSON.stringify(health)).not.toMatch(/127\.0\.0\.1|nowhere|ECONNREFUSED/);
  });

  it('server-rendered pages send the browser to a neutral 503 page instead of Next’s error page', async () => {
    const errors = await realOutageErrors();
    for (const err of errors) {
      const thrown = await orUnavailablePage(async () => {
        throw err;
      }).catch((e: unknown) => e);
      // next/navigation's redirect(): a 307 to /unavailable
      expect((thrown as { digest?: string }).digest).toMatch(/^NEXT_REDIRECT;replace;\/unavailable;307;/);
    }
    const bug = new Error('a bug, not an outage');
    await expect(orUnavailablePage(() => Promise.reject(bug))).rejects.toBe(bug);
    expect(await orUnavailablePage(async () => 42)).toBe(42);

    const res = unavailablePage();
    const html = await res.text();
    expect([res.status, res.headers.get('retry-after'), res.headers.get('content-type')]).toEqual([
      503,
      '5',
      'text/html; charset=utf-8',
    ]);
    expect(html).toContain('<h1>OfferPilot is temporarily unavailable</h1>');
    expect(html).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|nowhere|Prisma|postgres/i);
  });
});
