import 'server-only';
import type { AttributeValues } from '../features/feature-schema';
import { pgPool } from '../pg-pool';

export interface ServedCustomer {
  id: string;
  externalId: string;
  country: string | null;
  /** stored customer attributes (models with attribute features need them) */
  attributes: AttributeValues;
  /** the customer's feature-store row, when it has one */
  values: unknown;
  segments: string[];
}

/**
 * Customers named by external id, each with its feature-store row and its segments, in one round trip
 * (external id → customer; ids this organisation does not have are absent).
 */
export async function loadServedCustomers(orgId: string, externalIds: string[]): Promise<Map<string, ServedCustomer>> {
  const found = await pgPool().query<ServedCustomer>(
    `SELECT c.id, c."externalId", c.country, c.attributes, f."values",
        coalesce(array_agg(sm."segmentId") FILTER (WHERE sm."segmentId" IS NOT NULL), '{}') AS segments
     FROM "Customer" c
     LEFT JOIN "CustomerFeature" f ON f."customerId" = c.id
     LEFT JOIN "SegmentMember" sm ON sm."customerId" = c.id AND sm."organizationId" = c."organizationId"
     WHERE c."organizationId" = $1 AND c."externalId" = ANY($2::text[])
     GROUP BY c.id, f."values"`,
    [orgId, [...new Set(externalIds)]],
  );
  return new Map(found.rows.map((c) => [c.externalId, c]));
}
