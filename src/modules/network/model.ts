/**
 * The network model in force (α, α′, β, β′): the network module's dated setting is the one source; other areas
 * (e.g. the asset register's tier checks) read it through this function rather than a tenant setting of their own.
 */
import type { Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { NETWORK_MODELS, type NetworkModel } from '../../domain/tiers.ts';

/** The model of the latest setting in force on `on` (ISO date, default today in Japan); α when none is registered. */
export async function networkModelOn(tx: Tx, tenantId: string, on: string = todayInJapan()): Promise<NetworkModel> {
  const row = await tx
    .selectFrom('network_setting')
    .select('model')
    .where('tenant_id', '=', tenantId)
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .executeTakeFirst();
  return row && (NETWORK_MODELS as readonly string[]).includes(row.model) ? (row.model as NetworkModel) : 'alpha';
}
