/**
 * Read-and-acknowledge campaigns (周知・確認): for a published version, the chosen audience — all staff (職員等), one
 * 部局・課室 with its sub-units, or the staff of contractors — is asked to read it and confirm. The audience is fixed
 * when the campaign starts, so completion by unit is measured against the people who were asked. Reminders go out
 * through the job scheduler (reminders.ts). 実施手順 are not campaigned: their readers are limited by role.
 */
import { uuidv7 } from '../../db/ids.ts';
import type { PolicyAckCampaignTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitChain, unitPath } from '../organisation/units.repo.ts';
import { auditPolicy } from './audit.ts';
import { contextOf, type PolicyContext, readableVersion, requirePerson } from './context.ts';
import type { CampaignCreate } from './contract.ts';

type CampaignRow = PolicyAckCampaignTable;
const CAMPAIGN = { ja: '周知・確認の依頼', en: 'The acknowledgement campaign' };
export const AUDIENCE_LABELS = {
  ALL_STAFF: '全職員等',
  UNIT: '部局・課室',
  CONTRACTORS: '委託事業者の従事者',
} as const;

function campaignView(c: CampaignRow, ctx: PolicyContext, counts?: { asked: number; acknowledged: number }) {
  return {
    id: c.id,
    documentId: c.document_id,
    versionId: c.version_id,
    title: c.title,
    audience: c.audience_kind,
    audienceLabel: `${AUDIENCE_LABELS[c.audience_kind as keyof typeof AUDIENCE_LABELS] ?? c.audience_kind}${
      c.audience_unit_id ? `（${unitPath(ctx.units, c.audience_unit_id)}）` : ''
    }`,
    audienceUnitId: c.audience_unit_id,
    dueOn: c.due_on,
    remindEveryDays: Number(c.remind_every_days),
    status: c.status,
    startedBy: c.started_by,
    startedAt: c.started_at,
    closedAt: c.closed_at,
    lastRemindedOn: c.last_reminded_on,
    ...(counts
      ? { ...counts, rate: counts.asked ? Math.round((counts.acknowledged / counts.asked) * 10_000) / 10_000 : null }
      : {}),
  };
}

export async function startCampaign(services: Services, scope: Scope, input: CampaignCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, input.versionId);
    const problems = [];
    if (version.status !== 'PUBLISHED') {
      problems.push({
        field: 'versionId',
        message: { ja: '公開済みの版を指定してください。', en: 'Choose a published version.' },
      });
    }
    if (doc.kind === 'PROCEDURE') {
      problems.push({
        field: 'versionId',
        message: {
          ja: '実施手順は閲覧できる役割が限られるため、周知・確認の依頼の対象にできません。',
          en: 'Procedures are read by named roles only and cannot be campaigned.',
        },
      });
    }
    if (input.dueOn < todayInJapan()) {
      problems.push({ field: 'dueOn', message: { ja: '期限は本日以降の日付です。', en: 'The due date is past.' } });
    }
    const unitId = input.audience.kind === 'UNIT' ? input.audience.unitId : null;
    if (unitId && !ctx.units.some((u) => u.id === unitId)) {
      problems.push({ field: 'audience.unitId', message: { ja: '部局・課室が見つかりません。', en: 'No such unit.' } });
    }
    if (problems.length) throw fieldErrors(problems);
    let people = tx
      .selectFrom('person')
      .select(['id', 'org_unit_id', 'employment_type'])
      .where('tenant_id', '=', scope.tenantId)
      .where('status', '=', 'ACTIVE');
    if (input.audience.kind === 'ALL_STAFF') people = people.where('employment_type', '!=', 'CONTRACTOR_STAFF');
    if (input.audience.kind === 'CONTRACTORS') people = people.where('employment_type', '=', 'CONTRACTOR_STAFF');
    const audience = (await people.execute()).filter(
      (p) => !unitId || unitChain(ctx.units, p.org_unit_id).includes(unitId),
    );
    const now = nowIso();
    const campaign: CampaignRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      document_id: doc.id,
      version_id: version.id,
      title: input.title ?? `${doc.title}（第${Number(version.number)}版）の確認`,
      audience_kind: input.audience.kind,
      audience_unit_id: unitId,
      due_on: input.dueOn,
      remind_every_days: input.remindEveryDays,
      status: 'OPEN',
      started_by: scope.actor.label,
      started_at: now,
      closed_at: null,
      last_reminded_on: null,
    };
    await tx.insertInto('policy_ack_campaign').values(campaign).execute();
    for (let i = 0; i < audience.length; i += 200) {
      await tx
        .insertInto('policy_ack')
        .values(
          audience.slice(i, i + 200).map((p) => ({
            id: uuidv7(),
            tenant_id: scope.tenantId,
            campaign_id: campaign.id,
            person_id: p.id,
            unit_id: p.org_unit_id,
            acknowledged_at: null,
            reminders: 0,
          })),
        )
        .execute();
    }
    await auditPolicy(tx, scope, 'create', 'policy_ack_campaign', campaign.id, null, {
      ...campaign,
      asked: audience.length,
    });
    return campaignView(campaign, ctx, { asked: audience.length, acknowledged: 0 });
  });
}

async function findCampaign(ctx: PolicyContext, id: string): Promise<CampaignRow> {
  const c = await ctx.tx
    .selectFrom('policy_ack_campaign')
    .selectAll()
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!c) throw notFound(CAMPAIGN);
  return c;
}

/** Campaigns with their overall completion among the people the caller may report on. */
export async function listCampaigns(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const campaigns = await tx
      .selectFrom('policy_ack_campaign')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('started_at', 'desc')
      .limit(200)
      .execute();
    const items = [];
    for (const c of campaigns) {
      const rows = await visibleAcks(ctx, c.id);
      if (rows.length === 0 && !seesEverything(ctx)) continue;
      items.push(
        campaignView(c, ctx, { asked: rows.length, acknowledged: rows.filter((r) => r.acknowledged_at).length }),
      );
    }
    return { items };
  });
}

const seesEverything = (ctx: PolicyContext) =>
  ctx.services.permissions.can(ctx.scope.actor, 'read_report', 'policy_ack', { unitChain: [] });

async function visibleAcks(ctx: PolicyContext, campaignId: string) {
  const rows = await ctx.tx
    .selectFrom('policy_ack as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').on('p.tenant_id', '=', ctx.scope.tenantId))
    .select([
      'a.person_id',
      'a.unit_id',
      'a.acknowledged_at',
      'a.reminders',
      'p.family_name',
      'p.given_name',
      'p.sort_key',
    ])
    .where('a.tenant_id', '=', ctx.scope.tenantId)
    .where('a.campaign_id', '=', campaignId)
    .execute();
  return rows.filter((r) =>
    ctx.services.permissions.can(ctx.scope.actor, 'read_report', 'policy_ack', {
      unitChain: unitChain(ctx.units, r.unit_id),
      personId: r.person_id,
    }),
  );
}

/** One campaign: completion by unit (directly and with sub-units) and who has not confirmed yet. */
export async function campaignReport(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const c = await findCampaign(ctx, id);
    const rows = await visibleAcks(ctx, c.id);
    if (rows.length === 0 && !seesEverything(ctx)) throw notFound(CAMPAIGN);
    const chains = rows.map((r) => ({ r, chain: unitChain(ctx.units, r.unit_id) }));
    const unitIds = new Set(chains.flatMap((x) => x.chain));
    const count = (list: typeof chains) => ({
      asked: list.length,
      acknowledged: list.filter((x) => x.r.acknowledged_at).length,
    });
    const byUnit = ctx.units
      .filter((u) => unitIds.has(u.id))
      .map((u) => ({
        unitId: u.id,
        unitPath: unitPath(ctx.units, u.id),
        level: u.level,
        direct: count(chains.filter((x) => x.chain[0] === u.id)),
        withSubunits: count(chains.filter((x) => x.chain.includes(u.id))),
      }));
    const pending = chains
      .filter((x) => !x.r.acknowledged_at)
      .sort((a, b) => a.r.sort_key.localeCompare(b.r.sort_key))
      .map((x) => ({
        personId: x.r.person_id,
        name: `${x.r.family_name} ${x.r.given_name}`,
        unitPath: unitPath(ctx.units, x.r.unit_id),
        reminders: Number(x.r.reminders),
      }));
    const total = count(chains);
    return {
      ...campaignView(c, ctx, total),
      byUnit,
      unassigned: count(chains.filter((x) => x.chain.length === 0)),
      pending,
    };
  });
}

export async function closeCampaign(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const c = await findCampaign(ctx, id);
    if (c.status !== 'OPEN') {
      throw conflict('CAMPAIGN_CLOSED', { ja: 'この依頼は終了しています。', en: 'The campaign is already closed.' });
    }
    const after = { ...c, status: 'CLOSED', closed_at: nowIso() };
    await tx
      .updateTable('policy_ack_campaign')
      .set({ status: 'CLOSED', closed_at: after.closed_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(tx, scope, 'close', 'policy_ack_campaign', id, c, after);
    return campaignView(after, ctx);
  });
}

/** What the signed-in person has been asked to read, open campaigns first. */
export async function myAcknowledgements(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    if (!scope.actor.personId) return { items: [] };
    const rows = await tx
      .selectFrom('policy_ack as a')
      .innerJoin('policy_ack_campaign as c', (j) =>
        j.onRef('c.id', '=', 'a.campaign_id').on('c.tenant_id', '=', scope.tenantId),
      )
      .innerJoin('policy_version as v', (j) =>
        j.onRef('v.id', '=', 'c.version_id').on('v.tenant_id', '=', scope.tenantId),
      )
      .select([
        'c.id',
        'c.title',
        'c.due_on',
        'c.status',
        'c.document_id',
        'c.version_id',
        'v.number',
        'v.effective_on',
        'a.acknowledged_at',
        'a.reminders',
      ])
      .where('a.tenant_id', '=', scope.tenantId)
      .where('a.person_id', '=', scope.actor.personId)
      .orderBy('c.started_at', 'desc')
      .execute();
    const today = todayInJapan();
    return {
      items: rows.map((r) => ({
        campaignId: r.id,
        title: r.title,
        documentId: r.document_id,
        versionId: r.version_id,
        versionNumber: Number(r.number),
        effectiveOn: r.effective_on,
        dueOn: r.due_on,
        open: r.status === 'OPEN',
        acknowledgedAt: r.acknowledged_at,
        overdue: !r.acknowledged_at && r.status === 'OPEN' && r.due_on < today,
        reminders: Number(r.reminders),
      })),
    };
  });
}

export async function acknowledge(services: Services, scope: Scope, campaignId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const personId = requirePerson(scope);
    const c = await findCampaign(ctx, campaignId);
    const row = await tx
      .selectFrom('policy_ack')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('campaign_id', '=', c.id)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    if (!row) throw notFound(CAMPAIGN);
    if (c.status !== 'OPEN') {
      throw conflict('CAMPAIGN_CLOSED', { ja: 'この依頼は終了しています。', en: 'The campaign is closed.' });
    }
    if (row.acknowledged_at) {
      throw conflict('ALREADY_ACKNOWLEDGED', { ja: '既に確認済みです。', en: 'Already acknowledged.' });
    }
    const at = nowIso();
    await tx
      .updateTable('policy_ack')
      .set({ acknowledged_at: at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', row.id)
      .execute();
    await auditPolicy(tx, scope, 'acknowledge', 'policy_ack_campaign', c.id, null, {
      personId,
      versionId: c.version_id,
      at,
    });
    return { campaignId: c.id, acknowledgedAt: at };
  });
}
