import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, recomputed independently of the database trigger that builds it
 * (prisma/migrations/…_audit_hash_chain). One chain per organisation — tenancy by construction: an admin verifies
 * their own organisation's rows without reading anyone else's, inserts of two organisations never wait for each
 * other, and the chain shards with the rest of the organisation's data. Per row:
 *
 *   hash = SHA-256 hex of  prevHash ‖ 'offerpilot-audit-v1' ‖ f(organizationId) ‖ f(chainSeq) ‖ f(id)
 *          ‖ f(actorUserId) ‖ f(actorApiKeyId) ‖ f(action) ‖ f(entityType) ‖ f(entityId) ‖ f(diff as jsonb text)
 *          ‖ f(createdAt in epoch milliseconds)        with f(v) = '<UTF-8 byte length>:<v>', '-' for null
 *
 * and prevHash is the previous row's hash (64 zeros for the first). Framework-free.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRow {
  id: string;
  organizationId: string;
  chainSeq: number;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /** the jsonb `diff` as PostgreSQL prints it (`diff::text`), null when there is none */
  diffText: string | null;
  /** createdAt as epoch milliseconds, decimal text */
  createdAtMs: string;
  prevHash: string;
  hash: string;
}

const field = (v: string | null) => (v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`);

export function auditRowHash(prevHash: string, r: Omit<ChainRow, 'prevHash' | 'hash'>): string {
  const content = [
    r.organizationId,
    String(r.chainSeq),
    r.id,
    r.actorUserId,
    r.actorApiKeyId,
    r.action,
    r.entityType,
    r.entityId,
    r.diffText,
    r.createdAtMs,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(`${prevHash}offerpilot-audit-v1${content}`, 'utf8').digest('hex');
}

export type ChainBreakReason = 'sequence' | 'link' | 'content';

export interface ChainBreak {
  /** position of the first row that does not verify (its chainSeq; 1 = the organisation's first row) */
  row: number;
  id: string;
  reason: ChainBreakReason;
  message: string;
}

/** Checks rows in chain order, one at a time (so a long chain streams); remembers the first break. */
export class ChainVerifier {
  rows = 0;
  head = GENESIS_HASH;
  broken: ChainBreak | null = null;

  push(r: ChainRow): ChainBreak | null {
    if (this.broken) return this.broken;
    const expectedSeq = this.rows + 1;
    const fail = (reason: ChainBreakReason, message: string) => {
      this.broken = { row: r.chainSeq, id: r.id, reason, message };
      return this.broken;
    };
    if (r.chainSeq !== expectedSeq)
      return fail(
        'sequence',
        r.chainSeq > expectedSeq
          ? `row ${expectedSeq}${r.chainSeq - expectedSeq > 1 ? `–${r.chainSeq - 1}` : ''} is missing before row ${r.chainSeq}`
          : `row ${r.chainSeq} appears again after row ${expectedSeq - 1}`,
      );
    if (r.prevHash !== this.head)
      return fail('link', `row ${r.chainSeq} does not follow row ${expectedSeq - 1} (its previous-row hash differs)`);
    if (auditRowHash(r.prevHash, r) !== r.hash)
      return fail(
        'content',
        `row ${r.chainSeq} was altered after it was written (its content no longer matches its hash)`,
      );
    this.rows += 1;
    this.head = r.hash;
    return null;
  }
}
