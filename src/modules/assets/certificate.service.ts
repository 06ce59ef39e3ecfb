/**
 * Disposal certificates (廃棄証明書): an optional file on a 廃棄 event, kept in stored_file with its SHA-256. PDF,
 * Office documents without macros, or a JPEG/PNG scan; the type is judged by the bytes, never the name.
 */
import { inTenant, type Scope } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { cleanFileName, detectDocument, loadFile, storeFile, type Upload } from '../../platform/files.ts';
import type { Services } from '../../platform/http/services.ts';
import { eventAccess, loadEvent } from './lifecycle.service.ts';

export const MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024;

function detectCertificate(bytes: Buffer): string | null {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return detectDocument(bytes)?.mime ?? null;
}

export async function attachCertificate(
  services: Services,
  scope: Scope,
  assetId: string,
  eventId: string,
  upload: Upload,
) {
  const mime = detectCertificate(upload.bytes);
  if (!mime)
    throw badRequest('CERTIFICATE_TYPE', {
      ja: '証明書は PDF、Word・Excel（マクロなし）、又は JPEG・PNG の画像で添付してください。',
      en: 'Attach a PDF, a Word/Excel file without macros, or a JPEG/PNG image.',
    });
  return inTenant(services.database, scope, async (tx) => {
    await eventAccess(tx, services, scope, assetId, 'record');
    const before = await loadEvent(tx, scope, assetId, eventId);
    if (before.action !== 'DISPOSE')
      throw badRequest('NOT_A_DISPOSAL', {
        ja: '証明書は廃棄の記録にだけ添付できます。',
        en: 'Only disposals take a certificate.',
      });
    if (before.certificate_file_id)
      throw conflict('CERTIFICATE_EXISTS', {
        ja: 'この廃棄の記録には既に証明書が添付されています。',
        en: 'A certificate is already attached.',
      });
    const file = await storeFile(tx, scope, {
      originalName: cleanFileName(upload.filename, 'certificate'),
      mime,
      bytes: upload.bytes,
    });
    await tx
      .updateTable('asset_event')
      .set({ certificate_file_id: file.id })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', eventId)
      .execute();
    await appendAudit(tx, scope, {
      action: 'attach_certificate',
      entityType: 'asset_event',
      entityId: eventId,
      before,
      after: { ...before, certificate_file_id: file.id, sha256: file.sha256 },
    });
    return file;
  });
}

export async function downloadCertificate(services: Services, scope: Scope, assetId: string, eventId: string) {
  return inTenant(services.database, scope, async (tx) => {
    await eventAccess(tx, services, scope, assetId, 'read');
    const event = await loadEvent(tx, scope, assetId, eventId);
    if (!event.certificate_file_id) throw notFound({ ja: '証明書', en: 'The certificate' });
    return loadFile(tx, scope.tenantId, event.certificate_file_id);
  });
}
