import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { byCodeUnit } from '../by-code-unit';
import { EVENT_TYPES } from '../data/csv-schema';
import { ensureEventMonthsCached } from '../events/ensure-event-months-cached';
import { monthKeyOf } from '../events/event-months';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { applyEventsToStore } from './feature-store';

/** Live behaviour events (single or batched), as sent by a storefront. */
export const ZLiveEventInput = z.object({
  customerId: z.string().trim().min(1).max(64),
  type: z.enum(EVENT_TYPES),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  productId: z.string().max(128).optional(),
  category: z.string().max(128).optional(),
  price: z.number().finite().nonnegative().max(1e7).optional(),
  quantity: z.number().int().min(1).max(10_000).default(1),
  sessionId: z.string().max(128).optional(),
  dwellSeconds: z.number().finite().nonnegative().max(86_400).optional(),
  /** a purchase citing the offer decision that led to it: attributed to that decision (and its experiment arm) */
  decisionId: z.string().trim().min(1).max(64).optional(),
});
export const ZIngestEvents = z.object({ events: z.array(ZLiveEventInput).min(1).max(1000) });
export type IngestEvents = z.infer<typeof ZIngestEvents>;

/**
 * Stores the events and updates each customer's feature-store row in one transaction. Customers are named by
 * their external id; an unknown one rejects the whole batch with 422 naming each offending index. A sandbox
 * (test-mode) key's events are validated the same way and answered (`sandbox: true`) but not stored: no Event row,
 * no feature-store update, no conversion.
 */
export async function ingestEvents(ctx: OrgContext, input: IngestEvents) {
  const pool = pgPool();
  const ids = [...new Set(input.events.map((e) => e.customerId))];
  const known = await pool.query<{ id: string; externalId: string }>(
    'SELECT id, "externalId" FROM "Customer" WHERE "organizationId" = $1 AND "externalId" = ANY($2::text[])',
    [ctx.orgId, ids],
  );
  const byExternal = new Map(known.rows.map((r) => [r.externalId, r.id]));
  const unknown = input.events.flatMap((e, i) =>
    byExternal.has(e.customerId)
      ? []
      : [{ path: ['events', i, 'customerId'], message: `unknown customer ${e.customerId}` }],
  );
  if (unknown.length)
    throw new AppError(
      'unprocessable',
      `${unknown.length} event(s) name customers this organisation does not have; nothing was stored`,
      unknown,
    );
  const decisionIds = [...new Set(input.events.flatMap((e) => (e.decisionId ? [e.decisionId] : [])))];
  const decisions = decisionIds.length
    ? new Map(
        (
          await pool.query<{ id: string; customerId: string }>(
            // a sandbox key's purchases cite its sandbox decisions (and only those)
            `SELECT id, "customerId" FROM "${ctx.sandbox ? 'SandboxDecision' : 'PolicyDecision'}" WHERE "organizationId" = $1 AND id = ANY($2::text[])`,
            [ctx.orgId, decisionIds],
          )
        ).rows.map((d) => [d.id, d.customerId]),
      )
    : new Map<string, string>();
  const badDecisions = input.events.flatMap((e, i) =>
    !e.decisionId
      ? []
      : e.type !== 'purchase'
        ? [{ path: ['events', i, 'decisionId'], message: 'only a purchase can cite a decision' }]
        : decisions.get(e.decisionId) !== byExternal.get(e.customerId)
          ? [
              {
                path: ['events', i, 'decisionId'],
                message: `decision ${e.decisionId} was not made for customer ${e.customerId}`,
              },
            ]
          : [],
  );
  if (badDecisions.length)
    throw new AppError('unprocessable', 'Some events cite decisions they cannot; nothing was stored', badDecisions);

  // sandbox (test-mode) keys: validated exactly as above, answered with what would have been stored, nothing written
  if (ctx.sandbox)
    return {
      accepted: input.events.length,
      customers: new Set(input.events.map((e) => e.customerId)).size,
      conversionsAttributed: input.events.filter((e) => e.decisionId).length,
      sandbox: true,
    };

  const now = new Date();
  const rows = input.events.map((e) => ({
    ...e,
    internalId: byExternal.get(e.customerId)!,
    occurredAt: e.timestamp ? new Date(e.timestamp) : now,
  }));
  // each month of the batch has its partition of "Event" before the transaction (lib/events/)
  await ensureEventMonthsCached(rows.map((r) => monthKeyOf(r.occurredAt)));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const perCustomer = new Map<string, typeof rows>();
    for (const r of rows) perCustomer.set(r.internalId, [...(perCustomer.get(r.internalId) ?? []), r]);
    // customers in a fixed order, so concurrent batches lock feature rows in the same order (no deadlock)
    // (the order feature-store rebuilds lock in too: see rebuild-features.ts)
    for (const [internalId, evs] of [...perCustomer.entries()].sort((a, b) => byCodeUnit(a[0], b[0]))) {
      await applyEventsToStore(client, ctx.orgId, internalId, evs);
    }
    await client.query(
      `INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt", "productId", category, price, quantity, "sessionId", "dwellSeconds")
       SELECT $1, u.c, u.t::"EventType", u.at, u.p, u.cat, u.price, u.q, u.s, u.d
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::float8[], $8::int[], $9::text[], $10::float8[]) AS u(c, t, at, p, cat, price, q, s, d)`,
      [
        ctx.orgId,
        rows.map((r) => r.internalId),
        rows.map((r) => r.type.toUpperCase()),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.productId ?? null),
        rows.map((r) => r.category ?? null),
        rows.map((r) => r.price ?? null),
        rows.map((r) => r.quantity),
        rows.map((r) => r.sessionId ?? null),
        rows.map((r) => r.dwellSeconds ?? null),
      ],
    );
    const conversions = rows.filter((r) => r.decisionId);
    for (const r of conversions) {
      const revenue = (r.price ?? 0) * r.quantity;
      await client.query(
        `INSERT INTO "ConversionEvent" (id, "organizationId", "customerId", "decisionId", "experimentId", "variantId", revenue, "occurredAt")
         SELECT $1, $2, $3, d.id, d."experimentId", d."variantId", $5, $6 FROM "PolicyDecision" d WHERE d.id = $4 AND d."organizationId" = $2`,
        [randomUUID(), ctx.orgId, r.internalId, r.decisionId, revenue, r.occurredAt],
      );
      await client.query(
        'UPDATE "OfferExposure" SET converted = true, revenue = revenue + $3 WHERE "decisionId" = $1 AND "organizationId" = $2',
        [r.decisionId, ctx.orgId, revenue],
      );
    }
    await client.query('COMMIT');
    return { accepted: rows.length, customers: perCustomer.size, conversionsAttributed: conversions.length };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
