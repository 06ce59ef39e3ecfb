/**
 * 青葉町's pledges (誓約): most staff confirmed the text in Mamori during the year, spread over the months since the
 * April transfers; a few who work away from a terminal (the mayor, field staff, one contractor engineer) signed on
 * paper, recorded by 情報政策係; a handful still owe theirs — among them 住民課の主事 (demo-staff), so the demo
 * shows the signing flow, and 子育て支援課 (the unit with no 情報セキュリティ管理者, whose reminders went nowhere).
 * Dates are counted back from the day the demo is loaded, so they are always in the past.
 */
import { inTenant, type Scope } from '../db/scope.ts';
import { todayInJapan } from '../domain/calendar.ts';
import { audienceOf } from '../modules/pledges/contract.ts';
import { recordPaperPledge, signPledge } from '../modules/pledges/pledges.service.ts';
import { ensureDefaultTexts, textsInForce } from '../modules/pledges/texts.service.ts';
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

/** A morning in the past, `daysAgo` days before now, at 09:00–11:59 in Japan. */
function daysBefore(now: Date, daysAgo: number, minute: number): Date {
  const jstMidnight = Date.parse(`${todayInJapan(now)}T00:00:00+09:00`);
  return new Date(jstMidnight - daysAgo * DAY + (9 * 60 + (minute % 180)) * 60_000);
}

export async function loadDemoPledges(ctx: DemoContext): Promise<void> {
  const { services, scope } = ctx;
  const demoStaff = DEMO_ACCOUNTS.find((a) => a.loginId === 'demo-staff')?.person;
  const notYetIds = new Set(demoStaff ? [ctx.people.get(demoStaff)] : []);
  const { people, texts } = await inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    const rows = await tx
      .selectFrom('person')
      .select(['id', 'staff_number', 'employment_type', 'family_name'])
      .where('tenant_id', '=', scope.tenantId)
      .where('status', '=', 'ACTIVE')
      .orderBy('staff_number')
      .execute();
    return { people: rows, texts: await textsInForce(tx, scope.tenantId) };
  });

  const now = new Date();
  const office: Scope = { ...scope, actor: { ...scope.actor, label: '情報政策係（誓約書の受付）' } };
  for (const [i, person] of people.entries()) {
    const staffNumber = person.staff_number ?? '';
    if (NOT_YET.has(staffNumber) || notYetIds.has(person.id)) continue;
    // Most confirmed in the weeks after the April transfers; later ones trail into the autumn.
    const daysAgo = i % 5 === 4 ? 20 + ((i * 37) % 150) : 200 + ((i * 13) % 30);
    const when = daysBefore(now, daysAgo, i * 17);
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
