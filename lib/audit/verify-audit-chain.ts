import { type ChainBreak, type ChainRow, ChainVerifier } from './audit-chain';

/** Anything that runs a query: a pg Pool (the app) or Client (scripts/verify-audit.ts). */
interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface AuditChainReport {
  intact: boolean;
  /** rows verified before the first break (all of them when intact) */
  verifiedRows: number;
  /** hash of the last verified row: note it somewhere else to detect a later rewrite of the whole tail */
  headHash: string;
  brokenAt: ChainBreak | null;
}

const PAGE = 2000;

/**
 * Walks one organisation's audit chain in order (pages of 2,000 rows by chainSeq) and recomputes every hash in
 * TypeScript (lib/audit/audit-chain.ts), independently of the trigger that wrote it. Reports the first row that
 * does not verify: altered content, a broken link, or a missing row.
 */
export async function verifyAuditChain(db: Queryable, organizationId: string): Promise<AuditChainReport> {
  const v = new ChainVerifier();
  let after = 0;
  for (;;) {
    const { rows } = await db.query<ChainRow>(
      `SELECT id, "organizationId", "chainSeq", "actorUserId", "actorApiKeyId", action, "entityType", "entityId",
              diff::text AS "diffText", ((extract(epoch FROM "createdAt") * 1000)::bigint)::text AS "createdAtMs",
              "prevHash", hash
       FROM "AuditLog" WHERE "organizationId" = $1 AND "chainSeq" > $2 ORDER BY "chainSeq" LIMIT ${PAGE}`,
      [organizationId, after],
    );
    for (const r of rows) if (v.push(r)) break;
    if (v.broken || rows.length < PAGE) break;
    after = rows[rows.length - 1].chainSeq;
  }
  return { intact: v.broken === null, verifiedRows: v.rows, headHash: v.head, brokenAt: v.broken };
}
