/**
 * preValidation hooks: a request naming an asset, event or permission request that does not exist in the caller's
 * tenant is answered 404 before its body is judged, so an unknown id reads the same whatever was sent with it.
 */
import type { FastifyRequest } from 'fastify';
import { isUuid } from '../../db/ids.ts';
import { inTenant } from '../../db/scope.ts';
import { notFound } from '../../platform/errors.ts';
import { authOf } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { ASSET } from './assets.service.ts';

type Table = 'asset' | 'asset_permission' | 'asset_event';
const WHAT = {
  asset: ASSET,
  asset_permission: { ja: '許可の申請', en: 'The permission request' },
  asset_event: { ja: '記録', en: 'The event' },
};

export function existenceChecks(services: Services) {
  const exists = (table: Table, id: string, assetId?: string) => {
    return async (req: FastifyRequest) => {
      const s = authOf(req).scope;
      const found = await inTenant(services.database, s, (tx) => {
        let q = tx.selectFrom(table).select('id').where('tenant_id', '=', s.tenantId).where('id', '=', id);
        if (assetId) q = q.where('asset_id' as never, '=', assetId as never);
        return q.executeTakeFirst();
      });
      if (!found) throw notFound(WHAT[table]);
    };
  };
  const check = (table: Table, param: string, parent?: string) => async (req: FastifyRequest) => {
    const params = req.params as Record<string, unknown>;
    const id = params[param];
    const parentId = parent ? params[parent] : undefined;
    // Malformed ids are the schema's to report.
    if (!isUuid(id) || (parent && !isUuid(parentId))) return;
    if (parent) await exists('asset', parentId as string)(req);
    await exists(table, id, parent ? (parentId as string) : undefined)(req);
  };
  return {
    asset: check('asset', 'id'),
    permission: check('asset_permission', 'id'),
    event: check('asset_event', 'eventId', 'id'),
  };
}
