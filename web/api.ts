/**
 * The web app's only way to the server: /api/v1 over fetch, with the session's CSRF token on every write and the
 * server's error format ({ code, message: { ja, en }, details: { fields } }) turned into ApiError.
 * Response types come from the server's own code (type-only imports) so that nothing is declared twice.
 */
import { MutationCache, QueryCache, QueryClient, useQuery } from '@tanstack/react-query';
import type { RoleGrant } from '../src/db/scope.ts';
import type { RoleCode } from '../src/domain/roles.ts';
import type { listPasskeys, listSessions, startTotp } from '../src/modules/account/service.ts';
import type { organisationFindings } from '../src/modules/organisation/appointments.service.ts';
import type { MfaState } from '../src/platform/auth/sessions.ts';
import type { Bilingual, FieldError } from '../src/platform/errors.ts';
import { setFlash } from './lib/flash.ts';

export type { Bilingual, FieldError };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly fields: FieldError[] = [],
    readonly retryAfterSeconds: number | null = null,
    /** The error's `details` as the server sent them (e.g. what blocks closing a unit, an import report). */
    readonly details: unknown = null,
  ) {
    super(bilingual.en);
  }
}

export const NETWORK_ERROR: Bilingual = {
  ja: 'サーバーに接続できません。ネットワークの接続を確認してから、もう一度お試しください。',
  en: 'Cannot reach the server. Check the network connection and try again.',
};

let csrfToken = '';
/** The session's CSRF token; every response that carries one (sign-in, MFA, /auth/me) replaces it. */
export const currentCsrfToken = () => csrfToken;

function isBilingual(v: unknown): v is Bilingual {
  return !!v && typeof v === 'object' && typeof (v as Bilingual).ja === 'string';
}

function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const b = (body ?? {}) as { code?: unknown; message?: unknown; details?: { fields?: unknown } };
  const message = isBilingual(b.message)
    ? b.message
    : { ja: `サーバーがエラーを返しました（${status}）。`, en: `The server returned an error (${status}).` };
  const fields = Array.isArray(b.details?.fields) ? (b.details.fields as FieldError[]) : [];
  const retry = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  const code = typeof b.code === 'string' ? b.code : 'HTTP_ERROR';
  return new ApiError(status, code, message, fields, retry, b.details ?? null);
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR);
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (json && typeof json === 'object' && typeof (json as { csrfToken?: unknown }).csrfToken === 'string') {
    csrfToken = (json as { csrfToken: string }).csrfToken;
  }
  if (!res.ok) throw toApiError(res.status, json, res.headers.get('retry-after'));
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T = unknown>(path: string, body?: unknown) => api<T>('POST', path, body);
export const del = <T = unknown>(path: string) => api<T>('DELETE', path);

// ---- Response types -------------------------------------------------------------------------------------------

/** GET /auth/me (its handler builds the object inline; this mirrors src/modules/auth/routes.ts). */
export interface Me {
  user: { id: string; loginId: string; isPlatformAdmin: boolean };
  person: { id: string; name: string; orgUnitId: string | null; title: string } | null;
  tenant: { id: string; name: string; code: string; prefecture: string; committeeName: string };
  roles: Array<RoleGrant & { role: RoleCode; label: Bilingual }>;
  mfaState: MfaState;
  /** An administrator issued the password: the user replaces it (ChangePasswordPage) before anything else. */
  passwordChangeRequired: boolean;
  mfa: { totp: boolean; passkeys: number; recoveryCodesLeft: number };
  csrfToken: string;
  /** 'resource:action' pairs the user's roles allow somewhere; screens hide what is not listed. */
  permissions: string[];
}

/** Whether the signed-in user may take an action at all (record-level rules are still checked by the server). */
export function may(me: Me | undefined, resource: string, action: string): boolean {
  return me?.permissions.includes(`${resource}:${action}`) ?? false;
}

export interface LoginResponse {
  mfa: MfaState;
  methods: Array<'totp' | 'passkey' | 'recovery'>;
  passwordChangeRequired: boolean;
  csrfToken: string;
}

export interface SetupResponse {
  tenantId: string;
  userId: string;
  next: Bilingual;
}

export type OrganisationFindings = Awaited<ReturnType<typeof organisationFindings>>;
export type Finding = OrganisationFindings['findings'][number];
export type SessionInfo = Awaited<ReturnType<typeof listSessions>>[number];
export type PasskeyInfo = Awaited<ReturnType<typeof listPasskeys>>[number];
export type TotpSetup = Awaited<ReturnType<typeof startTotp>>;

// ---- Query client and shared queries ----------------------------------------------------------------------------

export const keys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  orgFindings: ['findings', 'organisation'] as const,
  passkeys: ['account', 'passkeys'] as const,
  sessions: ['account', 'sessions'] as const,
};

/** When the server says the session is gone (idle timeout, signed out elsewhere), the app returns to sign-in. */
function onSessionLost(error: unknown) {
  if (error instanceof ApiError && error.status === 401) {
    if (error.code === 'UNAUTHENTICATED') {
      if (queryClient.getQueryData(keys.me)) setFlash('sessionExpired');
      queryClient.setQueryData(keys.me, null);
    } else if (error.code === 'MFA_REQUIRED') {
      void queryClient.invalidateQueries({ queryKey: keys.me });
    }
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionLost }),
  mutationCache: new MutationCache({ onError: onSessionLost }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

/**
 * After sign-out: drops everything cached for the signed-in user and marks nobody as signed in. The `me` query
 * itself is kept (and set to null) so that the components watching it see the change.
 */
export function forgetSignedInData() {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' && q.queryKey[0] !== 'me' });
  queryClient.setQueryData(keys.me, null);
}

export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: () => get<{ needed: boolean }>('/setup'), staleTime: Infinity });
}

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await get<Me>('/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

// ---- Helpers for writes other than POST, uploads and query strings (committee, pledges, audit trail) ------------

export const patch = <T = unknown>(path: string, body?: unknown) => api<T>('PATCH', path, body);

/** "?a=1&b=x" from the defined, non-empty values (for list filters and export links); "" when there are none. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Sends one file as multipart/form-data (field "file"), with the CSRF token; errors as ApiError. */
export async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body: form,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw toApiError(res.status, json, res.headers.get('retry-after'));
  return json as T;
}
