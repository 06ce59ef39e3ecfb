/** Response types of the lifecycle pages (取扱いの記録・許可申請), from the server's own code (type-only imports). */

import type { eventView, permissionView } from '../../../../src/modules/assets/lifecycle.views.ts';
import type { requestPermission } from '../../../../src/modules/assets/requests.service.ts';
import { ApiError, type Bilingual, currentCsrfToken } from '../../../api.ts';

export type {
  DisposalMethod,
  PermissionAction,
  RecordableAction,
} from '../../../../src/domain/assets/vocabulary.ts';
export {
  DISPOSAL_METHOD_CODES,
  DISPOSAL_METHODS,
  PERMISSION_ACTIONS,
  RECORDABLE_ACTIONS,
} from '../../../../src/domain/assets/vocabulary.ts';

export type AssetEvent = ReturnType<typeof eventView>;
export type PermissionRequest = ReturnType<typeof permissionView>;
export type RequestResult = Awaited<ReturnType<typeof requestPermission>>;
export interface EventPage {
  items: AssetEvent[];
  nextCursor: string | null;
}
export interface PermissionPage {
  items: PermissionRequest[];
  nextCursor: string | null;
}
export type RecordedEvent = AssetEvent & {
  warnings: Array<{ field: string; message: Bilingual }>;
};

/** Every key starts with 'assets' so that the register's own invalidation refreshes these too. */
export const lifecycleKeys = {
  events: (assetId: string) => ['assets', 'events', assetId] as const,
  permissions: (q: string) => ['assets', 'permissions', q] as const,
  findings: (q: string) => ['assets', 'findings', q] as const,
  schemes: ['assets', 'schemes'] as const,
};

/** ISO instant from a date (YYYY-MM-DD) and a 24-hour time (HH:MM) in Japan time. */
export function japanInstant(date: string, time: string): string {
  return `${date}T${time.padStart(5, '0')}:00+09:00`;
}

/** Now in Japan time as { date, time } for a form's defaults. */
export function japanNow(): { date: string; time: string } {
  const shifted = new Date(Date.now() + 9 * 3600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

export const isTime = (v: string) => /^([01]?\d|2[0-3]):[0-5]\d$/.test(v.trim());

/**
 * PUT with the session's CSRF token (web/api.ts offers GET/POST/PATCH/DELETE; the scheme editor needs PUT).
 * Errors become ApiError like every other call.
 */
export async function put<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'PUT',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': currentCsrfToken() },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', {
      ja: 'サーバーに接続できません。ネットワークの接続を確認してから、もう一度お試しください。',
      en: 'Cannot reach the server. Check the network connection and try again.',
    });
  }
  const json = (await res.json().catch(() => null)) as {
    code?: string;
    message?: Bilingual;
    details?: { fields?: unknown };
  } | null;
  if (!res.ok) {
    const message = json?.message ?? {
      ja: `サーバーがエラーを返しました（${res.status}）。`,
      en: `Error ${res.status}`,
    };
    const fields = Array.isArray(json?.details?.fields) ? (json.details.fields as never[]) : [];
    throw new ApiError(res.status, json?.code ?? 'HTTP_ERROR', message, fields, null, json?.details ?? null);
  }
  return json as T;
}
