/**
 * 青葉町's 情報資産管理台帳: about sixty assets across the 課室 — systems, their data, paper forms, media, documents —
 * classified under the town's scheme (機密性3/2/1, 完全性2/1, 可用性2/1), with links so the high-watermark rule has
 * something to carry, and a few lifecycle records. Everything goes through the register's services.
 * Deliberate gaps, so the findings screen has something to show:
 *  - one asset not yet classified (企画財政課's survey results);
 *  - one asset whose yearly review is overdue (建設課's road ledger); the others' reviews are spread over the coming
 *    year by 課室, the first few due within days;
 *  - the 住民記録 backup tape declared 機密性2 although it copies 機密性3 data (declared < required);
 *  - 子育て支援課's assets, whose 課室 has no 情報セキュリティ管理者 (see roles.ts);
 *  - a 広報用 camera carried out for an event and not yet back (overdue carry-out).
 * And one 持ち出し request from 住民課's 主事, waiting for the 住民課長 (demo-kacho) to decide.
 */
import type { Scope } from '../db/scope.ts';
import { todayInJapan } from '../domain/calendar.ts';
import { createAsset } from '../modules/assets/assets.service.ts';
import { assetCreate } from '../modules/assets/contract.ts';
import { recordEvent } from '../modules/assets/lifecycle.service.ts';
import { decidePermission, requestPermission } from '../modules/assets/requests.service.ts';
import { DEMO_ASSETS } from './assets-data.ts';
import type { DemoContext } from './build.ts';
import { DEMO_PEOPLE } from './people.ts';
import { DEMO_ACCOUNTS } from './roles.ts';

export { DEMO_ASSETS };

const PERSONAL = {
  p: { hasPersonal: true },
  sp: { hasPersonal: true, hasSpecificPersonal: true },
  sens: { hasPersonal: true, hasSensitivePersonal: true },
} as const;

/**
 * A scope acting as one person of the town with one role (the services check both). Its label is what requests and
 * the audit trail show as the actor: the person's name, as a signed-in user's is (「中村 優花（demo-staff）」), with
 * the login id of their demo account, else their title.
 */
function actingAs(ctx: DemoContext, person: string, grant: Scope['actor']['roles'][number]): Scope {
  const personId = ctx.people.get(person);
  const who = DEMO_PEOPLE.find((p) => p.key === person);
  if (!personId || !who) throw new Error(`demo data: unknown person "${person}"`);
  const login = DEMO_ACCOUNTS.find((a) => a.person === person)?.loginId;
  const label = `${who.familyName} ${who.givenName}（${login ?? who.title}）`;
  return { tenantId: ctx.scope.tenantId, actor: { userId: null, personId, label, roles: [grant] } };
}

/** A date n days from today in Japan (negative: in the past). */
const daysFromToday = (n: number) =>
  new Date(Date.parse(`${todayInJapan()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const yearBefore = (iso: string) => `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');

/**
 * Review dates as a town keeps them: each 課室 reviews its register once a year in its own month, so the units'
 * dates are spread over the coming year, two small units' due within the month (or the next few days at month end),
 * a unit's rows a few days apart; the last review a year before. The deliberately overdue row (the road ledger) was
 * due six weeks ago.
 */
export function demoReviewDates(assets: typeof DEMO_ASSETS, today = todayInJapan()) {
  const size = (unit: string) => assets.filter((a) => a.unit === unit).length;
  const inOrder = [...new Set(assets.map((a) => a.unit))];
  // The two 課室 due within the month are small ones (a few rows, not the whole IT inventory); the rest follow in
  // register order, each starting where the previous ones' share of the year ends.
  const soon = [...inOrder].sort((x, y) => size(x) - size(y)).slice(0, 2);
  const later = inOrder.filter((u) => !soon.includes(u));
  const laterTotal = later.reduce((sum, u) => sum + size(u), 0);
  const start = new Map<string, number>();
  let before = 0;
  for (const u of later) {
    start.set(u, 20 + Math.round((before * 320) / Math.max(laterTotal, 1)));
    before += size(u);
  }
  const [y, m] = today.split('-').map(Number);
  const daysLeftInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate() - Number(today.slice(8, 10));
  const within = new Map<string, number>();
  const out = new Map<string, { lastReviewedOn: string; nextReviewOn: string }>();
  for (const a of assets) {
    const n = within.get(a.unit) ?? 0;
    within.set(a.unit, n + 1);
    const offset = a.reviewOverdue
      ? -42
      : soon.includes(a.unit)
        ? Math.min(Math.max(daysLeftInMonth, 3), 1 + soon.indexOf(a.unit) + n)
        : (start.get(a.unit) ?? 20) + (n % 8) * 3;
    const next = new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    out.set(a.ref, { nextReviewOn: next, lastReviewedOn: yearBefore(next) });
  }
  return out;
}

export async function loadDemoAssets(ctx: DemoContext): Promise<void> {
  const { services } = ctx;
  const keeper = actingAs(ctx, 'joho-kakaricho', { role: 'POLICY_OFFICE', scopeKind: 'TENANT', scopeId: null });
  const ids = new Map<string, string>();
  const reviews = demoReviewDates(DEMO_ASSETS);
  // Links point at assets listed earlier or later; create in two passes so every target exists.
  const ordered = [...DEMO_ASSETS].sort((a, b) => (a.links?.length ?? 0) - (b.links?.length ?? 0));
  const pending = new Set(ordered.map((a) => a.ref));
  while (pending.size) {
    const before = pending.size;
    for (const a of ordered) {
      if (!pending.has(a.ref) || (a.links ?? []).some(([, ref]) => !ids.has(ref))) continue;
      const unitId = ctx.units.get(a.unit);
      if (!unitId) throw new Error(`demo data: unknown unit "${a.unit}"`);
      const input = assetCreate.parse({
        ref: a.ref,
        name: a.name,
        kind: a.kind,
        business: a.business ?? null,
        orgUnitId: unitId,
        medium: a.medium,
        location: a.location ?? null,
        tier: a.tier,
        confidentiality: a.levels[0],
        integrity: a.levels[1],
        availability: a.levels[2],
        ...(a.personal ? PERSONAL[a.personal] : {}),
        personCount: a.persons ?? (a.personal ? null : 'NONE'),
        retention: a.retention ?? null,
        userScope: a.userScope ?? null,
        contractor: a.contractor ?? null,
        lastReviewedOn: reviews.get(a.ref)?.lastReviewedOn ?? null,
        nextReviewOn: reviews.get(a.ref)?.nextReviewOn ?? null,
        links: (a.links ?? []).map(([kind, ref]) => ({ kind, targetId: ids.get(ref) })),
      });
      ids.set(a.ref, (await createAsset(services, keeper, input)).id);
      pending.delete(a.ref);
    }
    if (pending.size === before) throw new Error(`demo data: unresolved links in ${[...pending].join(', ')}`);
  }
  const id = (ref: string) => ids.get(ref) as string;

  const staff = actingAs(ctx, 'jumin-shuji', { role: 'STAFF', scopeKind: 'TENANT', scopeId: null });
  const joho = actingAs(ctx, 'joho-shuji', { role: 'STAFF', scopeKind: 'TENANT', scopeId: null });
  const somuKacho = actingAs(ctx, 'somu-kacho', {
    role: 'SEC_MANAGER',
    scopeKind: 'ORG_UNIT',
    scopeId: ctx.units.get('somu') ?? null,
  });

  // 住民課: a 転入届 scan sent to 県 encrypted; a 持ち出し request for the USB memory, waiting for the 課長.
  await recordEvent(services, staff, id('JUM-005'), {
    action: 'SEND',
    encrypted: true,
    recipient: '青森県 市町村課',
    reason: 'マイナンバーカード交付状況の照会への回答（パスワード付きで送信）',
  });
  await requestPermission(services, staff, id('JUM-007'), {
    action: 'CARRY',
    purpose: '出張窓口（青葉町 北地区公民館）での転入手続の受付データ持ち帰りのため',
    destination: '北地区公民館',
    expectedReturnOn: daysFromToday(3),
  });

  // 情報政策係: an old backup tape disposed of with permission (degaussed by a contractor).
  const tape = await createAsset(
    services,
    keeper,
    assetCreate.parse({
      ref: 'MED-090',
      name: '旧住民記録システム バックアップテープ（平成30年度分）',
      kind: 'MEDIA',
      medium: 'MEDIA',
      tier: 'offline',
      orgUnitId: ctx.units.get('johoseisaku'),
      location: '耐火金庫（庁舎1階）',
      confidentiality: '3',
      integrity: '2',
      availability: '1',
      hasPersonal: true,
      hasSpecificPersonal: true,
      personCount: 'LE_10000',
    }),
  );
  const disposal = await requestPermission(services, joho, tape.id, {
    action: 'DISPOSE',
    purpose: 'システム更新に伴い保存期間を満了した旧バックアップテープを廃棄するため',
    method: 'CONTRACTOR_CERTIFIED',
  });
  await decidePermission(services, somuKacho, disposal.id, { decision: 'APPROVED', note: '消去証明書を受領すること' });
  await recordEvent(services, joho, tape.id, {
    action: 'DISPOSE',
    permissionId: disposal.id,
    method: 'CONTRACTOR_CERTIFIED',
    reason: '専門業者による磁気消去・物理破壊',
  });

  // 企画財政課: the camera went to the 秋祭り and is not back.
  const kikaku = actingAs(ctx, 'kikaku-kacho', {
    role: 'SEC_MANAGER',
    scopeKind: 'ORG_UNIT',
    scopeId: ctx.units.get('kikaku') ?? null,
  });
  await recordEvent(services, kikaku, id('KIK-004'), {
    action: 'CARRY',
    at: `${daysFromToday(-9)}T00:30:00.000Z`,
    destination: '青葉町 秋祭り会場（中央公園）',
    expectedReturnOn: daysFromToday(-2),
    reason: '広報紙の取材',
  });
}
