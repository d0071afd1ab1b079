import 'server-only';
import { createNumberFormat, type NumberFormat } from '../format/number-format';
import { getOrganizationSettings } from './organization';

/** The organisation's number formatter (its locale and currency), for text composed on the server. */
export async function orgNumberFormat(orgId: string): Promise<NumberFormat> {
  const { locale, currency } = await getOrganizationSettings(orgId);
  return createNumberFormat({ locale, currency });
}
