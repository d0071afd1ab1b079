/**
 * Splits a one-row-per-customer "campaign results" table (customer attributes, the arm each customer was given,
 * and outcomes) into the two files OfferPilot imports: a customers file (id + attribute columns) and an exposures
 * file (customer, arm, shown_at, converted, revenue). Used for Kevin Hillstrom's MineThatData e-mail test (see
 * README "Customer attributes and arms"). Pure: records in, CSV records out.
 */
export interface CampaignSplitOptions {
  /** header cells of the attribute columns to keep on customers */
  attributes: readonly string[];
  /** header cell of the arm column */
  arm: string;
  /** header cell of the 0/1 outcome that becomes `converted` */
  outcome: string;
  /** header cell of the spend (revenue); only carried when the outcome is the purchase itself */
  revenue?: string;
  /** the instant the campaign was sent (every exposure's shown_at) */
  shownAt: string;
  offerId: string;
  /** prefix of the generated customer ids (row number, 1-based, zero-padded to 6 digits) */
  idPrefix: string;
}

export const HILLSTROM_SPLIT = {
  attributes: ['recency', 'history_segment', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel'],
  arm: 'segment',
  outcome: 'visit',
  shownAt: '2008-03-01T00:00:00Z',
  offerId: 'hillstrom-2008',
  idPrefix: 'h',
} as const satisfies CampaignSplitOptions;

export function splitCampaignResults(
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  o: CampaignSplitOptions,
): { customers: string[][]; exposures: string[][] } {
  const at = (cell: string) => {
    const i = header.indexOf(cell);
    if (i < 0) throw new RangeError(`splitCampaignResults: no column ${cell} in the header`);
    return i;
  };
  const attrIdx = o.attributes.map(at);
  const [armIdx, outIdx] = [at(o.arm), at(o.outcome)];
  const revIdx = o.revenue ? at(o.revenue) : -1;
  const customers: string[][] = [['customer_id', ...o.attributes]];
  const exposures: string[][] = [['customer_id', 'offer_id', 'arm', 'shown_at', 'converted', 'revenue']];
  let n = 0;
  for (const r of rows) {
    n++;
    const id = `${o.idPrefix}${String(n).padStart(6, '0')}`;
    customers.push([id, ...attrIdx.map((i) => r[i])]);
    exposures.push([id, o.offerId, r[armIdx], o.shownAt, r[outIdx], revIdx >= 0 ? r[revIdx] : '0']);
  }
  return { customers, exposures };
}
