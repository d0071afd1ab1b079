import 'server-only';
import { BEHAVIOUR_FEATURES } from '../features/customer-features';
import type { AttributeSpec } from '../features/feature-schema';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';

/**
 * The organisation's attribute schema for the requested feature names; a name that is neither a behaviour
 * feature nor an attribute of the organisation is a 400 naming it.
 */
export async function loadAttributeSpecs(orgId: string, features: readonly string[]): Promise<AttributeSpec[]> {
  const r = await pgPool().query<AttributeSpec>(
    'SELECT name, type FROM "CustomerAttribute" WHERE "organizationId" = $1 ORDER BY name',
    [orgId],
  );
  const unknown = features.filter(
    (f) => !(BEHAVIOUR_FEATURES as readonly string[]).includes(f) && !r.rows.some((a) => a.name === f),
  );
  if (unknown.length)
    throw new AppError(
      'validation_failed',
      `Unknown feature(s): ${unknown.join(', ')} (neither a behaviour feature nor a customer attribute)`,
      unknown.map((f) => ({ path: ['features'], message: `unknown feature ${f}` })),
    );
  return r.rows;
}
