/**
 * Reading the gateway's records: the dashboard (volumes per day, verdicts, top blocked types, the queue) and the
 * message list with its filters (the quarantine queue is the list restricted to messages with something kept back).
 * A message's detail: message-detail.service.ts.
 */
import { sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { inTenant, type Scope, type Tx, toCount } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitChain } from '../organisation/units.repo.ts';
import { actorAddress, type Visibility, visibility, visibleWhere } from './access.ts';
import type { MessageListQuery, SummaryQuery } from './contract.ts';
import { SANITIZER } from './permissions.ts';
import { releaseRows } from './release.views.ts';

export const MESSAGE = { ja: 'メールの記録', en: 'The message record' };

const DAY_MS = 86_400_000;
/** Start of the Japanese day `date` as a UTC instant. */
const startOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+09:00`)).toISOString();

function jstDay(services: Services) {
  return services.database.dialect === 'postgres'
    ? sql<string>`to_char((m.received_at::timestamptz) at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`
    : sql<string>`substr(datetime(m.received_at, '+9 hours'), 1, 10)`;
}

/** The type part of a sniffed MIME type ("application/zip;encrypted" → "application/zip"). */
const typeOf = (sniffed: string) => sniffed.split(';')[0].trim() || 'application/octet-stream';

export async function summary(services: Services, scope: Scope, query: SummaryQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const v = await visibility(services, scope, tx);
    const days = query.days;
    const today = todayInJapan();
    const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const since = startOfDay(firstDay);
    const day = jstDay(services);
    // A password ZIP held for its recipients is counted apart from the quarantine, as the queue cards count it.
    const verdict = sql<string>`case when m.verdict = 'quarantined' and m.reason = 'ppap-hold' then 'ppap-held' else m.verdict end`;
    let q = tx
      .selectFrom('sanitizer_message as m')
      .select([
        day.as('day'),
        verdict.as('verdict'),
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(m.parts_removed)`.as('removed'),
      ])
      .where('m.tenant_id', '=', scope.tenantId)
      .where('m.received_at', '>=', since)
      .groupBy([day, verdict]);
    if (!v.all) q = q.where(visibleWhere(v, scope.tenantId));
    const rows = await q.execute();
    const perDay = new Map<
      string,
      { day: string; delivered: number; quarantined: number; ppapHeld: number; other: number; removedParts: number }
    >();
    for (let i = 0; i < days; i++) {
      const d = new Date(Date.parse(`${firstDay}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10);
      perDay.set(d, { day: d, delivered: 0, quarantined: 0, ppapHeld: 0, other: 0, removedParts: 0 });
    }
    const verdicts: Record<string, number> = {};
    for (const r of rows) {
      const n = toCount(r.n);
      verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + n;
      const d = perDay.get(r.day);
      if (!d) continue;
      if (r.verdict === 'delivered-sanitized') d.delivered += n;
      else if (r.verdict === 'quarantined') d.quarantined += n;
      else if (r.verdict === 'ppap-held') d.ppapHeld += n;
      else d.other += n;
      d.removedParts += toCount(r.removed);
    }

    let pq = tx
      .selectFrom('sanitizer_part as p')
      .innerJoin('sanitizer_message as m', (j) =>
        j.onRef('m.id', '=', 'p.message_id').onRef('m.tenant_id', '=', 'p.tenant_id'),
      )
      .select(['p.sniffed', 'p.rule', sql<number>`count(*)`.as('n')])
      .where('p.tenant_id', '=', scope.tenantId)
      .where('p.received_at', '>=', since)
      .where('p.verdict', '=', 'removed')
      .where('p.action', '!=', 'drop-inline')
      .groupBy(['p.sniffed', 'p.rule']);
    if (!v.all) pq = pq.where(visibleWhere(v, scope.tenantId));
    const blocked = new Map<string, { type: string; count: number; rules: Set<string> }>();
    for (const r of await pq.execute()) {
      const t = typeOf(r.sniffed);
      const b = blocked.get(t) ?? { type: t, count: 0, rules: new Set<string>() };
      b.count += toCount(r.n);
      b.rules.add(r.rule);
      blocked.set(t, b);
    }
    const topBlocked = [...blocked.values()]
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type))
      .slice(0, 8)
      .map((b) => ({ type: b.type, count: b.count, rules: [...b.rules].sort() }));

    const queue = await queueCounts(tx, scope, v, since);
    const decidable = services.permissions.canAtAll(scope.actor, 'decide', SANITIZER)
      ? (await releaseRows(tx, scope.tenantId, { status: 'REQUESTED', limit: 500 })).filter(
          (r) => r.requester_person_id !== scope.actor.personId && canDecide(services, scope, v, r.unit_id),
        ).length
      : 0;
    return {
      days,
      from: firstDay,
      to: today,
      perDay: [...perDay.values()],
      verdicts,
      total: Object.values(verdicts).reduce((a, b) => a + b, 0),
      topBlocked,
      queue,
      toDecide: decidable,
    };
  });
}

/** Whether the actor may decide a request of this unit (the record-level rule of the permission table). */
export function canDecide(services: Services, scope: Scope, v: Visibility, unitId: string | null): boolean {
  const chain = unitId ? unitChain(v.units, unitId) : [];
  return services.permissions.can(scope.actor, 'decide', SANITIZER, { unitChain: chain });
}

/** The cards above the table: the same period and the same definitions as the table and the verdicts. */
async function queueCounts(tx: Tx, scope: Scope, v: Visibility, since: string) {
  let q = tx
    .selectFrom('sanitizer_message as m')
    .select([
      sql<number>`sum(case when m.verdict = 'quarantined' and (m.reason is null or m.reason != 'ppap-hold') then 1 else 0 end)`.as(
        'quarantined',
      ),
      sql<number>`sum(case when m.verdict = 'quarantined' and m.reason = 'ppap-hold' then 1 else 0 end)`.as('held'),
      sql<number>`sum(case when m.parts_removed > 0 then 1 else 0 end)`.as('removed'),
    ])
    .where('m.tenant_id', '=', scope.tenantId)
    .where('m.received_at', '>=', since)
    .where((eb) =>
      eb.or([eb('m.verdict', '=', 'quarantined'), eb('m.parts_removed', '>', 0), eb('m.parts_held', '>', 0)]),
    );
  if (!v.all) q = q.where(visibleWhere(v, scope.tenantId));
  const r = await q.executeTakeFirst();
  return { quarantined: toCount(r?.quarantined), held: toCount(r?.held), removed: toCount(r?.removed) };
}

export async function listMessages(services: Services, scope: Scope, query: MessageListQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const v = await visibility(services, scope, tx);
    let q = tx.selectFrom('sanitizer_message as m').where('m.tenant_id', '=', scope.tenantId);
    if (!v.all) q = q.where(visibleWhere(v, scope.tenantId));
    if (query.mine === 'true') {
      const address = await actorAddress(tx, scope);
      const personId = scope.actor.personId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('sanitizer_recipient as r')
            .select('r.id')
            .whereRef('r.message_id', '=', 'm.id')
            .where('r.tenant_id', '=', scope.tenantId)
            .where((e) => e.or([e('r.person_id', '=', personId ?? '-'), e('r.address', '=', address ?? '-')])),
        ),
      );
    }
    if (query.queue === 'all')
      q = q.where((eb) =>
        eb.or([eb('m.verdict', '=', 'quarantined'), eb('m.parts_removed', '>', 0), eb('m.parts_held', '>', 0)]),
      );
    else if (query.queue === 'quarantined')
      q = q
        .where('m.verdict', '=', 'quarantined')
        .where((eb) => eb.or([eb('m.reason', 'is', null), eb('m.reason', '!=', 'ppap-hold')]));
    else if (query.queue === 'held') q = q.where('m.verdict', '=', 'quarantined').where('m.reason', '=', 'ppap-hold');
    else if (query.queue === 'removed') q = q.where('m.parts_removed', '>', 0);
    if (query.verdict) q = q.where('m.verdict', '=', query.verdict);
    if (query.origin) q = q.where('m.origin', '=', query.origin);
    if (query.from) q = q.where('m.received_at', '>=', startOfDay(query.from));
    if (query.to) q = q.where('m.received_at', '<', new Date(Date.parse(startOfDay(query.to)) + DAY_MS).toISOString());
    const text = query.q;
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('m.subject', 'like', sql<string>`${like} escape '\\'`),
          eb('m.header_from', 'like', sql<string>`${like} escape '\\'`),
          eb('m.envelope_from', 'like', sql<string>`${like} escape '\\'`),
          eb('m.id', '=', text),
        ]),
      );
    }
    const totalRow = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    let page = q.select([
      'm.id',
      'm.received_at',
      'm.origin',
      'm.supersedes_id',
      'm.verdict',
      'm.reason',
      'm.disposition',
      'm.header_from',
      'm.envelope_from',
      'm.subject',
      'm.parts_total',
      'm.parts_removed',
      'm.parts_held',
      'm.actions',
      'm.policy_version',
    ]);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (after) {
      const [at, id] = after;
      page = page.where((eb) =>
        eb.or([
          eb('m.received_at', '<', String(at)),
          eb.and([eb('m.received_at', '=', String(at)), eb('m.id', '<', id)]),
        ]),
      );
    }
    const rows = await page
      .orderBy('m.received_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit);
    const ids = items.map((r) => r.id);
    const recipients = ids.length
      ? await tx
          .selectFrom('sanitizer_recipient as r')
          .leftJoin('person as p', (j) => j.onRef('p.id', '=', 'r.person_id').onRef('p.tenant_id', '=', 'r.tenant_id'))
          .select(['r.message_id', 'r.address', 'r.person_id', 'r.unit_id', 'p.family_name', 'p.given_name'])
          .where('r.tenant_id', '=', scope.tenantId)
          .where('r.message_id', 'in', ids)
          .execute()
      : [];
    const releases = ids.length
      ? await tx
          .selectFrom('sanitizer_release')
          .select(['message_id', 'status', 'created_at'])
          .where('tenant_id', '=', scope.tenantId)
          .where('message_id', 'in', ids)
          .orderBy('created_at', 'desc')
          .execute()
      : [];
    const last = items[items.length - 1];
    return {
      total: toCount(totalRow?.n),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.received_at, last.id) : null,
      items: items.map((m) => ({
        id: m.id,
        receivedAt: m.received_at,
        origin: m.origin,
        supersedesId: m.supersedes_id,
        verdict: m.verdict,
        reason: m.reason,
        disposition: m.disposition,
        from: m.header_from || m.envelope_from,
        subject: m.subject,
        partsTotal: Number(m.parts_total),
        partsRemoved: Number(m.parts_removed),
        partsHeld: Number(m.parts_held),
        actions: JSON.parse(m.actions) as string[],
        policyVersion: m.policy_version,
        recipients: recipients
          .filter((r) => r.message_id === m.id)
          .map((r) => ({
            address: r.address,
            name: r.family_name ? `${r.family_name} ${r.given_name}` : null,
          })),
        releaseStatus: releases.find((r) => r.message_id === m.id)?.status ?? null,
      })),
    };
  });
}
