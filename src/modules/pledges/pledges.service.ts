/**
 * Pledges (誓約): a person confirms the text in force in the app, or an administrator records a paper pledge.
 * A pledge is valid while its version is the one in force for the person's audience. Pledges are never deleted:
 * the duty continues after leaving the post (基本方針5).
 */

import { uuidv7 } from '../../db/ids.ts';
import type { PledgeTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import { requirePermission, type Services } from '../../platform/http/services.ts';
import { allUnits, unitChain } from '../organisation/units.repo.ts';
import { type Audience, audienceOf, PLEDGE_METHOD_LABELS, type PledgeRecord } from './contract.ts';
import { ensureDefaultTexts, textsInForce, textView } from './texts.service.ts';

type PledgeRow = PledgeTable;

function pledgeView(p: PledgeRow, versions: Map<string, number>, inForceIds: Set<string>) {
  return {
    id: p.id,
    personId: p.person_id,
    pledgeTextId: p.pledge_text_id,
    audience: p.audience,
    version: versions.get(p.pledge_text_id) ?? null,
    method: p.method,
    methodLabel: PLEDGE_METHOD_LABELS[p.method as keyof typeof PLEDGE_METHOD_LABELS] ?? p.method,
    signedOn: p.signed_on,
    signedAt: p.signed_at,
    recordedBy: p.recorded_by,
    note: p.note,
    valid: inForceIds.has(p.pledge_text_id),
  };
}

async function loadPerson(tx: Tx, tenantId: string, personId: string) {
  const p = await tx
    .selectFrom('person')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p) throw notFound({ ja: '職員等', en: 'The person' });
  return p;
}

/** A person's pledges, newest first, with whether each is still valid. */
async function historyOf(tx: Tx, tenantId: string, personId: string) {
  const inForce = await textsInForce(tx, tenantId);
  const inForceIds = new Set([...inForce.values()].map((t) => t.id));
  const rows = await tx
    .selectFrom('pledge')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .orderBy('signed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const texts = await tx
    .selectFrom('pledge_text')
    .select(['id', 'version'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const versions = new Map(texts.map((t) => [t.id, Number(t.version)]));
  return { inForce, items: rows.map((r) => pledgeView(r, versions, inForceIds)) };
}

function ownPersonId(scope: Scope): string {
  if (!scope.actor.personId) {
    throw forbidden({
      ja: 'このアカウントには職員等の記録が結び付いていないため、誓約できません。',
      en: 'This account has no person record.',
    });
  }
  return scope.actor.personId;
}

async function mineIn(tx: Tx, scope: Scope) {
  const person = await loadPerson(tx, scope.tenantId, ownPersonId(scope));
  const audience = audienceOf(person.employment_type);
  const { inForce, items } = await historyOf(tx, scope.tenantId, person.id);
  const text = inForce.get(audience) ?? null;
  const current = text ? (items.find((p) => p.pledgeTextId === text.id) ?? null) : null;
  return {
    person: { id: person.id, name: `${person.family_name} ${person.given_name}`, audience },
    valid: current !== null,
    current,
    text: text ? textView(text, text.id) : null,
    history: items,
  };
}

/** My status, and the text in force for me to read and sign. */
export async function myPledge(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    return mineIn(tx, scope);
  });
}

async function insertPledge(
  tx: Tx,
  scope: Scope,
  input: Omit<PledgeRow, 'id' | 'tenant_id' | 'created_at' | 'recorded_by'>,
  action: string,
) {
  const duplicate = await tx
    .selectFrom('pledge')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('person_id', '=', input.person_id)
    .where('pledge_text_id', '=', input.pledge_text_id)
    .executeTakeFirst();
  if (duplicate) {
    throw conflict('PLEDGE_ALREADY_SIGNED', {
      ja: 'この版の誓約は既に済んでいます。',
      en: 'A pledge to this version is already on record.',
    });
  }
  const row: PledgeRow = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    ...input,
    recorded_by: scope.actor.label,
    created_at: nowIso(),
  };
  await tx.insertInto('pledge').values(row).execute();
  await appendAudit(tx, scope, { action, entityType: 'pledge', entityId: row.id, after: row });
  return row;
}

/**
 * The signed-in person confirms the text in force for their audience. `now` is always the current time in the API;
 * only the demo town passes an earlier one, to show pledges made over the past months.
 */
export async function signPledge(services: Services, scope: Scope, pledgeTextId: string, now: Date = new Date()) {
  return inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    const person = await loadPerson(tx, scope.tenantId, ownPersonId(scope));
    if (person.status !== 'ACTIVE') throw forbidden();
    const text = (await textsInForce(tx, scope.tenantId)).get(audienceOf(person.employment_type));
    if (!text || text.id !== pledgeTextId) {
      throw conflict('PLEDGE_TEXT_CHANGED', {
        ja: '誓約書の文面が改訂されています。画面を再読み込みし、現在の文面を確認してから誓約してください。',
        en: 'The pledge text has been revised; reload and read the current text.',
      });
    }
    await insertPledge(
      tx,
      scope,
      {
        person_id: person.id,
        pledge_text_id: text.id,
        audience: text.audience,
        method: 'APP',
        signed_on: todayInJapan(now),
        signed_at: now.toISOString(),
        note: null,
      },
      'sign',
    );
    return mineIn(tx, scope);
  });
}

/** An administrator records a pledge signed on paper, with its date and a note. */
export async function recordPaperPledge(services: Services, scope: Scope, input: PledgeRecord) {
  if (input.signedOn > todayInJapan()) {
    throw fieldErrors([
      {
        field: 'signedOn',
        message: { ja: '誓約日は本日以前の日付を入力してください。', en: 'The date is in the future.' },
      },
    ]);
  }
  return inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    const person = await loadPerson(tx, scope.tenantId, input.personId);
    const audience: Audience = audienceOf(person.employment_type);
    const inForce = await textsInForce(tx, scope.tenantId);
    let text = inForce.get(audience);
    if (input.pledgeTextId) {
      text = await tx
        .selectFrom('pledge_text')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', input.pledgeTextId)
        .where('status', '=', 'PUBLISHED')
        .where('audience', '=', audience)
        .executeTakeFirst();
      if (!text) {
        throw fieldErrors([
          {
            field: 'pledgeTextId',
            message: {
              ja: 'この人の対象（職員等／委託事業者）の、公開済みの版を選んでください。',
              en: "Choose a published version for the person's audience.",
            },
          },
        ]);
      }
    }
    if (!text) throw notFound({ ja: '誓約書の文面', en: 'The pledge text' });
    const row = await insertPledge(
      tx,
      scope,
      {
        person_id: person.id,
        pledge_text_id: text.id,
        audience,
        method: 'PAPER',
        signed_on: input.signedOn,
        signed_at: null,
        note: input.note ?? null,
      },
      'record',
    );
    const inForceIds = new Set([...inForce.values()].map((t) => t.id));
    return pledgeView(row, new Map([[text.id, Number(text.version)]]), inForceIds);
  });
}

/** One person's pledges, for those who read the reports of that person's unit. */
export async function personHistory(services: Services, scope: Scope, personId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const person = await loadPerson(tx, scope.tenantId, personId);
    const units = await allUnits(tx, scope.tenantId);
    requirePermission(services, scope.actor, 'read_report', 'pledge', {
      unitChain: unitChain(units, person.org_unit_id),
      personId,
    });
    const { items } = await historyOf(tx, scope.tenantId, personId);
    return { personId, status: person.status, items };
  });
}
