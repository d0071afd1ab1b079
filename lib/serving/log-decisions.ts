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

/**
 * Logs live decisions and their exposures, however many, in one statement (a data-modifying CTE over unnest'ed
 * arrays): every PolicyDecision with its OfferExposure (shown at the decision's instant, with the probability of
 * the arm for off-policy evaluation).
 */
export async function logDecisions(orgId: string, rows: DecisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pgPool().query(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::float8[])
         AS u(id, "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm,
           "exposureId", propensity)
     ), d AS (
       INSERT INTO "PolicyDecision" (id, "organizationId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm, "createdAt")
       SELECT id, $1, "customerId", "discountPct", score, "policyVersionId", details::jsonb, "experimentId", "variantId", arm, now()
       FROM input RETURNING id, "createdAt"
     )
     INSERT INTO "OfferExposure" (id, "organizationId", "customerId", "discountPct", propensity, "shownAt", "decisionId", converted, revenue)
     SELECT i."exposureId", $1, i."customerId", i."discountPct", i.propensity, d."createdAt", d.id, false, 0
     FROM d JOIN input i ON i.id = d.id`,
    [
      orgId,
      rows.map((r) => r.id),
      rows.map((r) => r.customerId),
      rows.map((r) => r.discountPct),
      rows.map((r) => r.score),
      rows.map((r) => r.policyVersionId),
      rows.map((r) => JSON.stringify(r.details)),
      rows.map((r) => r.experimentId),
      rows.map((r) => r.variantId),
      rows.map((r) => r.arm),
      rows.map(() => randomUUID()),
      rows.map((r) => r.propensity),
    ],
  );
}

/**
 * Logs a sandbox key's decisions in SandboxDecision, in one statement: nothing in the live tables (no decision,
 * exposure or assignment), so no live count, experiment result or policy measurement sees them.
 */
export async function logSandboxDecisions(orgId: string, apiKeyId: string | null, rows: DecisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pgPool().query(
    `INSERT INTO "SandboxDecision" (id, "organizationId", "apiKeyId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm, propensity, "createdAt")
     SELECT u.id, $1, $2, u.c, u.d, u.s, u.pv, u.details::jsonb, u.e, u.v, u.arm, u.p, now()
     FROM unnest($3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[],
       $11::text[], $12::float8[]) AS u(id, c, d, s, pv, details, e, v, arm, p)`,
    [
      orgId,
      apiKeyId,
      rows.map((r) => r.id),
      rows.map((r) => r.customerId),
      rows.map((r) => r.discountPct),
      rows.map((r) => r.score),
      rows.map((r) => r.policyVersionId),
      rows.map((r) => JSON.stringify(r.details)),
      rows.map((r) => r.experimentId),
      rows.map((r) => r.variantId),
      rows.map((r) => r.arm),
      rows.map((r) => r.propensity),
    ],
  );
}

/**
 * Stores experiment assignments (first one wins, as before), however many, in one statement, each with the
 * probability its arm was chosen with (the allocation in force: IPS weights for a bandit).
 */
export async function logAssignments(
  orgId: string,
  rows: { experimentId: string; variantId: string; customerId: string; probability: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await pgPool().query(
    `INSERT INTO "Assignment" (id, "organizationId", "experimentId", "variantId", "customerId", probability, "assignedAt")
     SELECT u.id, $1, u.e, u.v, u.c, u.p, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]) AS u(id, e, v, c, p)
     ON CONFLICT ("experimentId", "customerId") DO NOTHING`,
    [
      orgId,
      rows.map(() => randomUUID()),
      rows.map((r) => r.experimentId),
      rows.map((r) => r.variantId),
      rows.map((r) => r.customerId),
      rows.map((r) => r.probability),
    ],
  );
}
