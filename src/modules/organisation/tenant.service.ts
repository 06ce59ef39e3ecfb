import { DEFAULT_ROLE_REQUIREMENTS, type RoleRequirements } from '../../domain/duties.ts';
import { checkLocalGovernmentCode, prefectureOfCode } from '../../domain/local-government-code.ts';
import { DEFAULT_MFA_ROLES, type RoleCode } from '../../domain/roles.ts';
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit, startChain } from '../../platform/audit-log/trail.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { ensureDefaultTexts } from '../pledges/texts.service.ts';
import { BODY_KIND_LABELS, type BODY_KINDS } from './contract.ts';

export interface TenantSettings extends RoleRequirements {
  mfaRoles: RoleCode[];
}

export function parseSettings(json: string): TenantSettings {
  let raw: Partial<TenantSettings> = {};
  try {
    raw = JSON.parse(json);
  } catch {
    // A damaged settings column falls back to the safe defaults rather than failing every request.
  }
  return { mfaRoles: DEFAULT_MFA_ROLES, ...DEFAULT_ROLE_REQUIREMENTS, ...raw };
}

export async function settingsOf(tx: Tx, tenantId: string): Promise<TenantSettings> {
  const row = await tx.selectFrom('tenant').select('settings').where('id', '=', tenantId).executeTakeFirst();
  return parseSettings(row?.settings ?? '{}');
}

export interface NewTenant {
  name: string;
  code: string;
  committeeName: string;
  bodies: Array<{ kind: (typeof BODY_KINDS)[number]; name: string }>;
}

/** Checks a 団体コード and returns the field error to show, or nothing. */
export function codeFieldError(code: string) {
  const problem = checkLocalGovernmentCode(code);
  if (!problem) return null;
  const ja = {
    format: '団体コードは6桁の数字で入力してください。',
    prefecture: '団体コードの上2桁（都道府県コード）は01から47までです。',
    checkDigit: '団体コードの6桁目（検査数字）が一致しません。総務省の全国地方公共団体コードを確認してください。',
  }[problem];
  return { field: 'code', message: { ja, en: 'Not a valid local government code (6 digits with check digit).' } };
}

/**
 * Creates a tenant (地方公共団体) with its 実施機関, its committee and the start of its audit chain, inside the
 * caller's system-scope transaction. Returns the new tenant id.
 */
export async function createTenant(tx: Tx, input: NewTenant, actorLabel: string): Promise<string> {
  const codeError = codeFieldError(input.code);
  if (codeError) throw fieldErrors([codeError]);
  const existing = await tx.selectFrom('tenant').select('id').where('code', '=', input.code).executeTakeFirst();
  if (existing) {
    throw conflict('TENANT_EXISTS', {
      ja: 'この団体コードの団体は既に登録されています。',
      en: 'A tenant with this code already exists.',
    });
  }
  const now = nowIso();
  const tenantId = uuidv7();
  const scope: Scope = { tenantId, actor: { userId: null, personId: null, label: actorLabel, roles: [] } };
  const tenant = {
    id: tenantId,
    name: input.name,
    code: input.code,
    prefecture: prefectureOfCode(input.code) ?? '',
    committee_name: input.committeeName,
    settings: '{}',
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('tenant').values(tenant).execute();
  await startChain(tx, tenantId);
  await appendAudit(tx, scope, { action: 'create', entityType: 'tenant', entityId: tenantId, after: tenant });
  const bodies = input.bodies.length
    ? input.bodies
    : [{ kind: 'MAYOR_DEPT' as const, name: BODY_KIND_LABELS.MAYOR_DEPT }];
  for (const [i, b] of bodies.entries()) {
    const body = {
      id: uuidv7(),
      tenant_id: tenantId,
      kind: b.kind,
      name: b.name,
      sort_order: i,
      closed_on: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('implementing_body').values(body).execute();
    await appendAudit(tx, scope, { action: 'create', entityType: 'implementing_body', entityId: body.id, after: body });
  }
  const committee = {
    id: uuidv7(),
    tenant_id: tenantId,
    name: input.committeeName,
    quorum: 'MAJORITY',
    decision_mode: 'VOTE',
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('committee').values(committee).execute();
  await appendAudit(tx, scope, { action: 'create', entityType: 'committee', entityId: committee.id, after: committee });
  await ensureDefaultTexts(tx, scope);
  return tenantId;
}

export async function getTenant(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await tx.selectFrom('tenant').selectAll().where('id', '=', scope.tenantId).executeTakeFirst();
    if (!row) throw notFound({ ja: '団体', en: 'The tenant' });
    return {
      id: row.id,
      name: row.name,
      code: row.code,
      prefecture: row.prefecture,
      committeeName: row.committee_name,
      settings: parseSettings(row.settings),
    };
  });
}

export async function updateTenant(
  services: Services,
  scope: Scope,
  input: { name?: string; settings?: Partial<TenantSettings> },
) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await tx.selectFrom('tenant').selectAll().where('id', '=', scope.tenantId).executeTakeFirstOrThrow();
    const settings = { ...JSON.parse(before.settings || '{}'), ...(input.settings ?? {}) };
    const after = {
      ...before,
      name: input.name ?? before.name,
      settings: JSON.stringify(settings),
      updated_at: nowIso(),
    };
    await tx
      .updateTable('tenant')
      .set({ name: after.name, settings: after.settings, updated_at: after.updated_at })
      .where('id', '=', scope.tenantId)
      .execute();
    await appendAudit(tx, scope, { action: 'update', entityType: 'tenant', entityId: scope.tenantId, before, after });
  });
  return getTenant(services, scope);
}
