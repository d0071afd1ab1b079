import 'server-only';
import { randomUUID } from 'node:crypto';
import { pgPool } from '../pg-pool';

export interface DecisionRow {
  id: string;
  customerId: string;
  discountPct: number;
  score: number | null;
  policyVersionId: string | null;
  details: unknown;
  experimentId: string | null;
  variantId: string | null;
  arm: string | null;
  propensity: number;
}

/** A live decision to log, of any organisation, with the experiment assignment it made (if any). */
export interface LiveDecision {
  orgId: string;
  decision: DecisionRow;
  /** the arm an experiment gave this customer (stored once: a returning customer's first arm wins) */
  assignment: { experimentId: string; variantId: string; probability: number } | null;
}

/** A sandbox (test-mode) key's decision. */
export interface SandboxDecisionRow {
  orgId: string;
  apiKeyId: string | null;
  decision: DecisionRow;
}

/**
 * The decision columns both logs store, as unnest parameter arrays in this order: id, customerId, discountPct, score,
 * policyVersionId, details (JSON text), experimentId, variantId, arm, propensity.
 */
function decisionColumns(ds: DecisionRow[]): unknown[][] {
  return [
    ds.map((d) => d.id),
    ds.map((d) => d.customerId),
    ds.map((d) => d.discountPct),
    ds.map((d) => d.score),
    ds.map((d) => d.policyVersionId),
    ds.map((d) => JSON.stringify(d.details)),
    ds.map((d) => d.experimentId),
    ds.map((d) => d.variantId),
    ds.map((d) => d.arm),
    ds.map((d) => d.propensity),
  ];
}

/**
 * Logs live decisions, of any organisations and however many, in ONE statement (data-modifying CTEs over unnest'ed
 * arrays, so all or nothing): the experiment assignments (first one wins, each with the probability its arm was
 * chosen with — IPS weights for a bandit), every PolicyDecision and its OfferExposure (shown at the decision's
 * instant, with the probability of the arm for off-policy evaluation).
 */
export async function writeLiveDecisions(rows: LiveDecision[]): Promise<void> {
  if (rows.length === 0) return;
  const assigned = rows.filter((r) => r.assignment);
  await pgPool().query(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[])
         AS u(org, id, "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm,
           propensity, "exposureId")
     ), a AS (
       INSERT INTO "Assignment" (id, "organizationId", "experimentId", "variantId", "customerId", probability, "assignedAt")
       SELECT u.id, u.org, u.e, u.v, u.c, u.p, now()
       FROM unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::float8[]) AS u(id, org, e, v, c, p)
       ON CONFLICT ("experimentId", "customerId") DO NOTHING
     ), d AS (
       INSERT INTO "PolicyDecision" (id, "organizationId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm, "createdAt")
       SELECT id, org, "customerId", "discountPct", score, "policyVersionId", details::jsonb, "experimentId", "variantId", arm, now()
       FROM input RETURNING id, "createdAt"
     )
     INSERT INTO "OfferExposure" (id, "organizationId", "customerId", "discountPct", propensity, "shownAt", "decisionId", converted, revenue)
     SELECT i."exposureId", i.org, i."customerId", i."discountPct", i.propensity, d."createdAt", d.id, false, 0
     FROM d JOIN input i ON i.id = d.id`,
    [
      rows.map((r) => r.orgId),
      ...decisionColumns(rows.map((r) => r.decision)),
      rows.map(() => randomUUID()),
      assigned.map(() => randomUUID()),
      assigned.map((r) => r.orgId),
      assigned.map((r) => r.assignment!.experimentId),
      assigned.map((r) => r.assignment!.variantId),
      assigned.map((r) => r.decision.customerId),
      assigned.map((r) => r.assignment!.probability),
    ],
  );
}

/**
 * Logs sandbox keys' decisions in SandboxDecision, in one statement: nothing in the live tables (no decision,
 * exposure or assignment), so no live count, experiment result or policy measurement sees them.
 */
export async function writeSandboxDecisions(rows: SandboxDecisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pgPool().query(
    `INSERT INTO "SandboxDecision" (id, "organizationId", "apiKeyId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm, propensity, "createdAt")
     SELECT u.id, u.org, u.key, u.c, u.d, u.s, u.pv, u.details::jsonb, u.e, u.v, u.arm, u.p, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::float8[]) AS u(org, key, id, c, d, s, pv, details, e, v, arm, p)`,
    [rows.map((r) => r.orgId), rows.map((r) => r.apiKeyId), ...decisionColumns(rows.map((r) => r.decision))],
  );
}
