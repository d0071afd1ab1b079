import { describe, expect, it } from 'vitest';
import { auditRowHash, type ChainRow, ChainVerifier, GENESIS_HASH } from './audit-chain';

// computed independently with Python (hashlib.sha256 over prev + 'offerpilot-audit-v1' + fields as len:value / '-')
const H1 = '46202755545a3d606094d2c577bd86ee9edd8d579acdf42d3750d52b26fe0a4f';
const H2 = '9b711747149d2489e3b4e130afab9d0728991f1847f42e16a7971121eade95ef';

const row1: ChainRow = {
  organizationId: 'org_1',
  chainSeq: 1,
  id: 'row_1',
  actorUserId: 'user_1',
  actorApiKeyId: null,
  action: 'policy.approve',
  entityType: 'PolicyVersion',
  entityId: 'pv_1',
  diffText: '{"note": "ok ✓"}',
  createdAtMs: '1767225600000',
  prevHash: GENESIS_HASH,
  hash: H1,
};
const row2: ChainRow = {
  organizationId: 'org_1',
  chainSeq: 2,
  id: 'row_2',
  actorUserId: null,
  actorApiKeyId: 'key_1',
  action: 'model.activate',
  entityType: 'ModelVersion',
  entityId: 'mv_1',
  diffText: null,
  createdAtMs: '1767225600001',
  prevHash: H1,
  hash: H2,
};

describe('audit hash chain', () => {
  it('hashes rows as the Python reference does (multi-byte characters counted in UTF-8 bytes, nulls as -)', () => {
    expect(auditRowHash(GENESIS_HASH, row1)).toBe(H1);
    expect(auditRowHash(H1, row2)).toBe(H2);
  });

  it('verifies an intact chain and reports its head', () => {
    const v = new ChainVerifier();
    expect([v.push(row1), v.push(row2)]).toEqual([null, null]);
    expect([v.rows, v.head, v.broken]).toEqual([2, H2, null]);
  });

  it('reports the first broken row: altered content, a broken link, a missing row', () => {
    const altered = new ChainVerifier();
    altered.push({ ...row1, action: 'policy.reject' });
    expect(altered.broken).toMatchObject({ row: 1, id: 'row_1', reason: 'content' });
    const relinked = new ChainVerifier();
    relinked.push(row1);
    expect(relinked.push({ ...row2, prevHash: GENESIS_HASH })).toMatchObject({ row: 2, reason: 'link' });
    const missing = new ChainVerifier();
    expect(missing.push(row2)).toMatchObject({ row: 2, reason: 'sequence', message: 'row 1 is missing before row 2' });
    // once broken, later rows do not change the verdict
    expect(missing.push(row1)).toMatchObject({ row: 2 });
  });
});
