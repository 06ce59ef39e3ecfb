/**
 * 青葉町's policy documents and their records, loaded through the services as the people who hold the roles would:
 * the seed 基本方針 (imported in the town's own name) with a revision before the committee and two votes cast; a short 対策基準
 * approved by the committee and published on the portal; a 実施手順 for 住民記録システム readable only by the roles
 * it names; a 周知・確認 campaign half done; the 年次の見直し due this 年度; two 例外措置 (one approved and expiring
 * soon, one emergency measure reported after the fact and not yet approved). Dates follow the day of loading.
 */
import type { RoleGrant, Scope } from '../db/scope.ts';
import { inTenant } from '../db/scope.ts';
import { todayInJapan } from '../domain/calendar.ts';
import { addDays } from '../domain/policy/exceptions.ts';
import type { RoleCode } from '../domain/roles.ts';
import { acknowledge, startCampaign } from '../modules/policies/acknowledgements.service.ts';
import { decide, publish, vote } from '../modules/policies/approval.service.ts';
import { campaignCreate, exceptionCreate } from '../modules/policies/contract.ts';
import { createDocument, listDocuments } from '../modules/policies/documents.service.ts';
import { decideException, requestException } from '../modules/policies/exceptions.service.ts';
import { createReview } from '../modules/policies/reviews.service.ts';
import { importSeedPolicy, readSeedPolicy } from '../modules/policies/seed.ts';
import { createVersion, getVersion, reviewVersion, submitVersion } from '../modules/policies/versions.service.ts';
import type { DemoContext } from './build.ts';
import { DEMO_TOWN } from './town.ts';

/**
 * The seed 基本方針 as 青葉町's own published text: the demo town is fictional, so no real town's name may stand in
 * its policy or on its portal.
 */
export function demoBasicPolicy(seed: string): string {
  return seed.replaceAll('六戸町電算管理運営委員会', DEMO_TOWN.committeeName).replaceAll('六戸町', DEMO_TOWN.name);
}

/** The revision before the committee: each change the summary names, so the 新旧対照表 shows them as 改正. */
export const DEMO_REVISION_SUMMARY =
  '地方自治法の改正（令和6年）に合わせ、情報セキュリティポリシーを見直したときに公表する規定を加え、実施手順を公表しない理由を改める案です。';
const REVISION_EDITS: Array<[string, string]> = [
  [
    '新たに対策が必要になった場合には、情報セキュリティポリシーの見直しを実施する。',
    '新たに対策が必要になった場合には、情報セキュリティポリシーの見直しを実施する。見直しを行ったときは、本基本方針を速やかに公表するものとする。',
  ],
  [
    'なお、情報セキュリティ実施手順は、公にすることにより本町の行政運営に重大な支障を及ぼすおそれがあることから非公開とする。',
    'なお、情報セキュリティ実施手順は、公にすることにより情報資産の安全が損なわれ、本町の行政運営に重大な支障を及ぼすおそれがあることから公表しない。',
  ],
];

export function demoRevision(published: string): string {
  return REVISION_EDITS.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`demo policies: the 基本方針 no longer reads 「${from}」`);
    return text.replace(from, to);
  }, published);
}

export const DEMO_STANDARD_TITLE = '青葉町情報セキュリティ対策基準';

const STANDARD_BODY = `# ${DEMO_STANDARD_TITLE}

## 第1章 組織体制
### 1. 最高情報セキュリティ責任者
(1) 副町長を最高情報セキュリティ責任者（CISO）とする。
(2) CISOは、本町における全ての情報資産の管理及び情報セキュリティ対策に関する最終決定権限及び責任を有する。
### 2. 情報セキュリティ管理者
(1) 各課室の長を情報セキュリティ管理者とする。
(2) 情報セキュリティ管理者は、その所管する課室における情報セキュリティ対策に関する権限及び責任を有する。

## 第2章 人的セキュリティ
### 1. 職員等の遵守事項
(1) 職員等は、情報セキュリティポリシー及び実施手順を遵守しなければならない。
(2) 職員等は、業務以外の目的で情報資産を利用してはならない。
(3) 職員等は、支給以外の端末を業務に利用する場合は、情報セキュリティ管理者の許可を得なければならない。
### 2. 研修・訓練
(1) CISOは、全ての職員等が毎年度最低1回は情報セキュリティ研修を受講できるようにしなければならない。

## 第3章 運用
### 1. 例外措置
(1) 情報セキュリティ管理者は、情報セキュリティ関係規定を遵守することが困難な状況で、行政事務の適正な遂行を継続するため、遵守事項とは異なる方法を採用し、又は遵守事項を実施しないことについて合理的な理由がある場合には、CISOの許可を得て、例外措置を講じることができる。
(2) 情報セキュリティ管理者は、行政事務の遂行に緊急を要する等の場合であって、例外措置を実施することが不可避のときは、事後速やかにCISOに報告しなければならない。
(3) CISOは、例外措置の申請書及び審査結果を適正に保管し、定期的に申請状況を確認しなければならない。
### 2. 法令遵守
(1) 職員等は、職務の遂行において使用する情報資産を保護するために、関係法令を遵守し、これに従わなければならない。
`;

const PROCEDURE_BODY = `# 住民記録システム運用手順

## 第1章 運用
### 1. 利用者の登録
(1) 利用者の登録及び削除は、住民課の情報セキュリティ管理者の承認を得て、システム管理者が行う。
(2) 異動又は退職した職員のIDは、発令日までに無効にする。
### 2. バックアップ
(1) 業務終了後、毎日バックアップを取得し、媒体は施錠できる保管庫に保管する。
`;

/** Acts as a person of the town with the roles their appointments give them today (and STAFF). */
async function actorOf(ctx: DemoContext, personKey: string, label: string): Promise<Scope> {
  const personId = ctx.people.get(personKey);
  if (!personId) throw new Error(`demo policies: unknown person ${personKey}`);
  const today = todayInJapan();
  const rows = await inTenant(ctx.services.database, ctx.scope, (tx) =>
    tx
      .selectFrom('appointment')
      .select(['role', 'scope_kind', 'scope_id'])
      .where('tenant_id', '=', ctx.scope.tenantId)
      .where('person_id', '=', personId)
      .where('valid_from', '<=', today)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
      .execute(),
  );
  const roles: RoleGrant[] = [
    { role: 'STAFF', scopeKind: 'TENANT', scopeId: null },
    ...rows.map((r) => ({
      role: r.role as RoleCode,
      scopeKind: (r.scope_kind ?? 'TENANT') as RoleGrant['scopeKind'],
      scopeId: r.scope_id,
    })),
  ];
  return { tenantId: ctx.scope.tenantId, actor: { userId: null, personId, label, roles } };
}

/** Submitted by the policy office and forwarded by the 統括 to the committee. */
async function toCommittee(ctx: DemoContext, office: Scope, versionId: string) {
  await submitVersion(ctx.services, office, versionId);
  const total = await actorOf(ctx, 'somu-bucho', '総務部長（統括情報セキュリティ責任者）');
  await reviewVersion(ctx.services, total, versionId, { decision: 'FORWARD', comment: null });
}

export async function loadDemoPolicies(ctx: DemoContext): Promise<void> {
  const { services } = ctx;
  const today = todayInJapan();
  const office = await actorOf(ctx, 'admin', '情報政策係（ポリシー事務局）');
  const seed = readSeedPolicy();
  if (!seed) throw new Error('demo policies: the seed 基本方針 (src/modules/policies/seed/) is missing');
  await inTenant(services.database, office, (tx) =>
    importSeedPolicy(tx, office, demoBasicPolicy(seed), '公表済みの基本方針を取り込みました。'),
  );
  const basic = (await listDocuments(services, office, { kind: 'BASIC' })).items[0];
  if (!basic) throw new Error('demo policies: the 基本方針 was not imported');

  // 対策基準: drafted, forwarded, approved by a majority of the committee's votes, published on the portal.
  const standard = await createDocument(services, office, {
    kind: 'STANDARD',
    title: DEMO_STANDARD_TITLE,
    onPortal: true,
    establishedOn: '2004-04-01',
    body: STANDARD_BODY,
    changeSummary: '例文に沿って第1章から第3章までを定めました。',
  });
  const standardVersion = standard.latest!.id;
  await toCommittee(ctx, office, standardVersion);
  const voters = ['ciso', 'somu-bucho', 'jumin-bucho', 'sangyo-bucho', 'kyoikucho', 'suido-kacho', 'gikai-kyokucho'];
  for (const key of voters) {
    const v = await getVersion(services, office, standardVersion);
    if (v.status !== 'COMMITTEE') break;
    await vote(services, await actorOf(ctx, key, `委員（${key}）`), standardVersion, {
      vote: 'APPROVE',
      comment: null,
    });
  }
  await publish(services, office, standardVersion, { revisedOn: today, effectiveOn: today });

  // 実施手順 of 住民記録システム: visible only to the roles named; approved by the 統括.
  const system = await inTenant(services.database, ctx.scope, (tx) =>
    tx
      .selectFrom('network_system')
      .select('id')
      .where('tenant_id', '=', ctx.scope.tenantId)
      .where('name', '=', '住民記録システム')
      .executeTakeFirst(),
  );
  if (system) {
    const procedure = await createDocument(services, office, {
      kind: 'PROCEDURE',
      title: '住民記録システム運用手順',
      scopeKind: 'SYSTEM',
      scopeId: system.id,
      visibleRoles: ['SYS_MANAGER', 'CISO', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE'],
      body: PROCEDURE_BODY,
      changeSummary: '初版',
    });
    await toCommittee(ctx, office, procedure.latest!.id);
    await decide(services, await actorOf(ctx, 'ciso', '副町長（CISO）'), procedure.latest!.id, {
      decision: 'APPROVED',
      decidedOn: today,
    });
    await publish(services, office, procedure.latest!.id, { revisedOn: today, effectiveOn: today });
  }

  // A revision of the 基本方針 before the committee, with two of its members' votes cast.
  const seedText = (await getVersion(services, office, basic.inForce?.id ?? basic.latest!.id)).body;
  const revision = await createVersion(services, office, basic.id, {
    body: demoRevision(seedText),
    changeSummary: DEMO_REVISION_SUMMARY,
  });
  await toCommittee(ctx, office, revision.id);
  await vote(services, await actorOf(ctx, 'ciso', '副町長（CISO）'), revision.id, { vote: 'APPROVE', comment: null });
  await vote(services, await actorOf(ctx, 'suido-kacho', '水道課長（委員）'), revision.id, {
    vote: 'ABSTAIN',
    comment: '水道事業への影響を確認中のため',
  });

  // 周知・確認 of the 対策基準 in 総務部: half of those asked have confirmed.
  const campaign = await startCampaign(
    services,
    office,
    campaignCreate.parse({
      versionId: standardVersion,
      audience: { kind: 'UNIT', unitId: ctx.units.get('somu-bu') },
      dueOn: addDays(today, 14),
    }),
  );
  const asked = await inTenant(services.database, ctx.scope, (tx) =>
    tx
      .selectFrom('policy_ack')
      .select('person_id')
      .where('tenant_id', '=', ctx.scope.tenantId)
      .where('campaign_id', '=', campaign.id)
      .orderBy('person_id')
      .execute(),
  );
  const keyOf = new Map([...ctx.people].map(([k, id]) => [id, k]));
  for (const row of asked.slice(0, Math.ceil(asked.length / 2))) {
    const key = keyOf.get(row.person_id);
    if (key) await acknowledge(services, await actorOf(ctx, key, '職員'), campaign.id);
  }

  // 見直し: this 年度's annual review of the 基本方針, due at the end of March.
  await createReview(services, office, { documentId: basic.id, trigger: 'ANNUAL' });

  // 例外措置: one approved and expiring in ten days; one emergency measure reported after the fact.
  const somu = await actorOf(ctx, 'somu-kacho', '総務課長（情報セキュリティ管理者）');
  const approved = await requestException(
    services,
    somu,
    exceptionCreate.parse({
      ruleText: '支給以外の端末を業務に利用しないこと（対策基準 第2章 1(3)）',
      reason: '庁舎の電源工事の間、会議録作成業務を委託事業者が持ち込む端末で行う必要があるため。',
      compensatingMeasures: '端末は持込み前にウイルス対策ソフトの定義を更新し、業務終了後に記録を確認して消去する。',
      scope: { unitId: ctx.units.get('somu'), description: '総務課 会議録作成業務（委託事業者の端末1台）' },
      validFrom: addDays(today, -50),
      validUntil: addDays(today, 10),
      reviewEveryMonths: 1,
    }),
  );
  await decideException(services, await actorOf(ctx, 'ciso', '副町長（CISO）'), approved.id, {
    decision: 'APPROVED',
    note: '工事期間に限り許可する。',
  });
  const jumin = await actorOf(ctx, 'jumin-kacho', '住民課長（情報セキュリティ管理者）');
  await requestException(
    services,
    jumin,
    exceptionCreate.parse({
      ruleText: '住民記録システムの利用者IDを共用しないこと',
      reason: '窓口端末の故障により、交付業務を止めないため予備端末で共用IDを一時的に使用した。',
      compensatingMeasures: '共用IDの利用者と時刻を紙の台帳に記録し、復旧後に操作ログと照合する。',
      scope: { unitId: ctx.units.get('jumin'), description: '住民課 窓口（予備端末1台）' },
      validFrom: addDays(today, -2),
      validUntil: addDays(today, 5),
      emergency: { occurredOn: addDays(today, -2), actionTaken: '予備端末で共用IDを用いて証明書の交付を継続した。' },
    }),
  );
}
