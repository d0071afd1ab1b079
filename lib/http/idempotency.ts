import 'server-only';
import { createHash } from 'node:crypto';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { pgPool } from '../pg-pool';
import { canonicalJson } from './canonical-json';
import { AppError } from './errors';

/**
 * `Idempotency-Key` for POST routes that write (events, offers). The first request with a key claims it (one
 * row per organisation + key, holding the SHA-256 of method, path and canonical JSON body); once its handler
 * has answered 2xx, the status and body are stored and every retry with the same key and body gets exactly
 * that answer back (header `Idempotent-Replayed: true`) without running the handler again — no double counting.
 * The same key with another body or path answers 422; a retry while the first is still running answers 409.
 * A failed first request releases the key (its writes were rolled back), so a retry runs again. Keys are
 * kept 24 hours. A claim left behind by a process that died mid-request is taken over after 60 s; if that
 * process had already committed its writes, the retry runs again — the one window where a retry can count
 * twice (closing it would need the key row in each handler's own transaction).
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const KEEP_HOURS = 24;
const STALE_CLAIM_SECONDS = 60;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

async function claim(orgId: string, key: string, hash: string): Promise<Claim> {
  const pool = pgPool();
  const inserted = await pool.query(
    `INSERT INTO "IdempotencyKey" ("organizationId", key, "requestHash", "createdAt") VALUES ($1, $2, $3, now())
     ON CONFLICT DO NOTHING`,
    [orgId, key, hash],
  );
  if (inserted.rowCount === 1) return { kind: 'claimed' };
  // taken: expired or stale claims are re-claimed atomically; otherwise compare and replay
  const retaken = await pool.query(
    `UPDATE "IdempotencyKey" SET "requestHash" = $3, status = NULL, response = NULL, "completedAt" = NULL,
       "createdAt" = now()
     WHERE "organizationId" = $1 AND key = $2 AND ("createdAt" < now() - make_interval(hours => $4)
       OR (status IS NULL AND "requestHash" = $3 AND "createdAt" < now() - make_interval(secs => $5)))`,
    [orgId, key, hash, KEEP_HOURS, STALE_CLAIM_SECONDS],
  );
  if (retaken.rowCount === 1) return { kind: 'claimed' };
  const row = (
    await pool.query<{ requestHash: string; status: number | null; response: unknown }>(
      'SELECT "requestHash", status, response FROM "IdempotencyKey" WHERE "organizationId" = $1 AND key = $2',
      [orgId, key],
    )
  ).rows[0];
  if (!row) return claim(orgId, key, hash); // released between our statements: try again
  if (row.requestHash !== hash)
    throw new AppError(
      'unprocessable',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  if (row.status === null)
    throw new AppError('conflict', 'A request with this Idempotency-Key is still being answered; retry shortly');
  return { kind: 'replay', status: row.status, body: row.response };
}

/**
 * Runs `answer` at most once per organisation + key (when the request carries the header), storing its 2xx
 * answer for retries. Without the header it just runs `answer`.
 */
export async function idempotently(
  orgId: string,
  req: { method: string; path: string; headers: Headers; body: unknown },
  answer: () => Promise<Response>,
): Promise<Response> {
  const header = req.headers.get(IDEMPOTENCY_HEADER);
  if (header === null) return answer();
  const parsed = ZIdempotencyKey.safeParse(header);
  if (!parsed.success) throw AppError.fromZod(parsed.error, 'Idempotency-Key header');
  const key = parsed.data;
  const hash = requestHash(req.method, req.path, req.body);
  const c = await claim(orgId, key, hash);
  if (c.kind === 'replay')
    return NextResponse.json(c.body, { status: c.status, headers: { 'Idempotent-Replayed': 'true' } });
  let res: Response;
  try {
    res = await answer();
  } catch (err) {
    await release(orgId, key);
    throw err;
  }
  if (res.status < 200 || res.status >= 300) {
    await release(orgId, key);
    return res;
  }
  const body = JSON.parse(await res.clone().text());
  await pgPool().query(
    `UPDATE "IdempotencyKey" SET status = $3, response = $4, "completedAt" = now()
     WHERE "organizationId" = $1 AND key = $2`,
    [orgId, key, res.status, JSON.stringify(body)],
  );
  return res;
}

async function release(orgId: string, key: string): Promise<void> {
  await pgPool()
    .query('DELETE FROM "IdempotencyKey" WHERE "organizationId" = $1 AND key = $2 AND status IS NULL', [orgId, key])
    .catch(() => undefined);
}
