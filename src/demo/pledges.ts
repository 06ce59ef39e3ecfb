/**
 * 青葉町's pledges (誓約): most staff confirmed the text in Mamori during the year, spread over the months since the
 * April transfers; a few who work away from a terminal (the mayor, field staff, one contractor engineer) signed on
 * paper, recorded by 情報政策係; a handful still owe theirs — among them 住民課の主事 (demo-staff), so the demo
 * shows the signing flow, and 子育て支援課 (the unit with no 情報セキュリティ管理者, whose reminders went nowhere).
 * Dates are counted back from the day the demo is loaded, so they are always in the past — the texts' 公開日 too:
 * the town published them a fortnight before the first of its staff signed, not on the day the demo was loaded.
 */
import { inTenant, type Scope, type Tx } from '../db/scope.ts';
import { todayInJapan } from '../domain/calendar.ts';
import { audienceOf } from '../modules/pledges/contract.ts';
import { recordPaperPledge, signPledge } from '../modules/pledges/pledges.service.ts';
import { ensureDefaultTexts, type PledgeTextRow, textsInForce } from '../modules/pledges/texts.service.ts';
import { appendAudit } from '../platform/audit-log/trail.ts';
import type { DemoContext } from './build.ts';
import { DEMO_ACCOUNTS } from './roles.ts';

/** Staff numbers of those who have not pledged yet (demo-staff is added from roles.ts). */
const NOT_YET = new Set(['20402', 'F2623', '30303', 'C2602']);
/** Staff numbers of those who signed on paper, with the note the office wrote. */
const ON_PAPER = new Map([
  ['00001', '町長室にて書面で提出'],
  ['C2601', '委託事業者の誓約書（書面）を受領'],
  ['F2622', '訪問調査業務のため書面で提出'],
  ['F2641', '検針業務のため書面で提出'],
  ['F2651', '図書館勤務のため書面で提出'],
  ['70102', '書面で提出'],
]);

const DAY = 86_400_000;
/** How long before the first signature the town published its texts (公開日). */
const TEXT_PUBLISHED_BEFORE_FIRST_SIGNATURE = 14;

/** Most confirmed in the weeks after the April transfers; later ones trail into the autumn. */
function signedDaysAgo(index: number): number {
  return index % 5 === 4 ? 20 + ((index * 37) % 150) : 200 + ((index * 13) % 30);
}

/** A morning in the past, `daysAgo` days before now, at 09:00–11:59 in Japan. */
function daysBefore(now: Date, daysAgo: number, minute: number): Date {
  const jstMidnight = Date.parse(`${todayInJapan(now)}T00:00:00+09:00`);
  return new Date(jstMidnight - daysAgo * DAY + (9 * 60 + (minute % 180)) * 60_000);
}

/**
 * The default texts are made with the tenant, dated that moment; the demo's history begins long before, so their
 * 公開日 is set back to before the first signature. The trail records the change and who made it: the demo loader.
 */
async function backdateTexts(tx: Tx, scope: Scope, publishedAt: Date): Promise<void> {
  const at = publishedAt.toISOString();
  const loader: Scope = { ...scope, actor: { ...scope.actor, label: 'デモデータの読込（誓約書の文面の公開日）' } };
  for (const before of (await textsInForce(tx, scope.tenantId)).values()) {
    if (!before.published_at || before.published_at <= at) continue;
    const after: PledgeTextRow = { ...before, published_at: at, created_at: at, updated_at: at };
    await tx
      .updateTable('pledge_text')
      .set({ published_at: at, created_at: at, updated_at: at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', before.id)
      .execute();
    await appendAudit(tx, loader, { action: 'update', entityType: 'pledge_text', entityId: before.id, before, after });
  }
}

export async function loadDemoPledges(ctx: DemoContext): Promise<void> {
  const { services, scope } = ctx;
  const demoStaff = DEMO_ACCOUNTS.find((a) => a.loginId === 'demo-staff')?.person;
  const notYetIds = new Set(demoStaff ? [ctx.people.get(demoStaff)] : []);
  const now = new Date();
  const { people, texts } = await inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('person')
      .select(['id', 'staff_number', 'employment_type', 'family_name'])
      .where('tenant_id', '=', scope.tenantId)
      .where('status', '=', 'ACTIVE')
      .orderBy('staff_number')
      .execute();
    const earliest = Math.max(0, ...rows.map((_, i) => signedDaysAgo(i)));
    await ensureDefaultTexts(tx, scope);
    await backdateTexts(tx, scope, daysBefore(now, earliest + TEXT_PUBLISHED_BEFORE_FIRST_SIGNATURE, 0));
    return { people: rows, texts: await textsInForce(tx, scope.tenantId) };
  });

  const office: Scope = { ...scope, actor: { ...scope.actor, label: '情報政策係（誓約書の受付）' } };
  for (const [i, person] of people.entries()) {
    const staffNumber = person.staff_number ?? '';
    if (NOT_YET.has(staffNumber) || notYetIds.has(person.id)) continue;
    const when = daysBefore(now, signedDaysAgo(i), i * 17);
    const note = ON_PAPER.get(staffNumber);
    if (note) {
      await recordPaperPledge(services, office, { personId: person.id, signedOn: todayInJapan(when), note });
      continue;
    }
    const text = texts.get(audienceOf(person.employment_type));
    if (!text) throw new Error('demo pledges: no pledge text in force');
    const self: Scope = {
      tenantId: scope.tenantId,
      actor: { userId: null, personId: person.id, label: `${person.family_name}（本人）`, roles: [] },
    };
    await signPledge(services, self, text.id, when);
  }
}
