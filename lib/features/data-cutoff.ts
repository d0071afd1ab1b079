import 'server-only';
import { pgPool } from '../pg-pool';
import { asOfFromLatest } from './as-of';

/**
 * The instant an organisation's data ends: its latest event, offer exposure or sign-up (null when none).
 * Time features (recency, days since signup) of stored data are measured as of this cut-off — a chosen date
 * when the caller gives one — never as of "today", so a file from 2011 does not make everyone 5,000 days idle.
 */
export async function latestDataAt(orgId: string): Promise<Date | null> {
  const r = await pgPool().query<{ at: Date | null }>(
    `SELECT greatest(
       (SELECT max("occurredAt") FROM "Event" WHERE "organizationId" = $1),
       (SELECT max("shownAt") FROM "OfferExposure" WHERE "organizationId" = $1),
       (SELECT max("signupAt") FROM "Customer" WHERE "organizationId" = $1)) AS at`,
    [orgId],
  );
  return r.rows[0].at;
}

/** The as-of instant for features of stored data: the chosen date, else just after the latest data. */
export async function resolveAsOf(orgId: string, chosen?: Date | string | null): Promise<Date> {
  if (chosen) return new Date(chosen);
  return asOfFromLatest(await latestDataAt(orgId));
}
