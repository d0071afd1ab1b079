import { describe, expect, it } from 'vitest';
import { HILLSTROM_SPLIT, splitCampaignResults } from './campaign-split';

describe('splitCampaignResults (Hillstrom layout)', () => {
  const header =
    'recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend'.split(',');
  const rows = [
    ['10', '2) $100 - $200', '142.44', '1', '0', 'Surburban', '0', 'Phone', 'Womens E-Mail', '0', '0', '0'],
    ['6', '6) $750 - $1,000', '808.5', '1', '1', 'Rural', '1', 'Web', 'No E-Mail', '1', '1', '29.99'],
  ];
  it('writes customers with attributes and exposures with the arm and the visit outcome', () => {
    const out = splitCampaignResults(header, rows, HILLSTROM_SPLIT);
    expect(out.customers).toEqual([
      ['customer_id', 'recency', 'history_segment', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel'],
      ['h000001', '10', '2) $100 - $200', '142.44', '1', '0', 'Surburban', '0', 'Phone'],
      ['h000002', '6', '6) $750 - $1,000', '808.5', '1', '1', 'Rural', '1', 'Web'],
    ]);
    expect(out.exposures).toEqual([
      ['customer_id', 'offer_id', 'arm', 'shown_at', 'converted', 'revenue'],
      ['h000001', 'hillstrom-2008', 'Womens E-Mail', '2008-03-01T00:00:00Z', '0', '0'],
      ['h000002', 'hillstrom-2008', 'No E-Mail', '2008-03-01T00:00:00Z', '1', '0'],
    ]);
  });
  it('carries spend as revenue when the outcome is the conversion', () => {
    const out = splitCampaignResults(header, rows, { ...HILLSTROM_SPLIT, outcome: 'conversion', revenue: 'spend' });
    expect(out.exposures[2].slice(4)).toEqual(['1', '29.99']);
    expect(() => splitCampaignResults(header, rows, { ...HILLSTROM_SPLIT, arm: 'treatment' })).toThrow(RangeError);
  });
});
