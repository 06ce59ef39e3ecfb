import { z } from 'zod';
import { id, isoDate, pageQuery } from '../../platform/http/fields.ts';

const filters = {
  actor: z.string().trim().max(60).optional(),
  entityType: z.string().trim().max(40).optional(),
  entityId: id.optional(),
  action: z.string().trim().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

export const auditListQuery = z.strictObject({ ...filters, ...pageQuery });
export const auditExportQuery = z.strictObject({ ...filters, encoding: z.enum(['utf8', 'sjis']).default('utf8') });
export type AuditFilters = z.infer<typeof auditExportQuery>;
