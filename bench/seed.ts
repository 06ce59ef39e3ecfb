/**
 * Benchmark data: one town with 40 units (8 部局 × 4 課室) and 10,000 people, plus a reader account that holds only
 * STAFF (no MFA-required role), so it signs in with its password alone.
 *
 * The tenant, its audit head and the first administrator come from createTenantWithAdmin, exactly as setup makes
 * them. The units and people are then written in batches straight through Kysely in the system scope: the
 * benchmark needs volume, not 10,000 audit events. The reader account goes through insertAccount (hashing, audit).
 */
import { sql } from 'kysely';
import { type Database, openRaw } from '../src/db/database.ts';
import { uuidv7 } from '../src/db/ids.ts';
import type { OrgUnitTable, PersonTable } from '../src/db/schema.ts';
import { asSystem, inTenant, nowIso, type Scope } from '../src/db/scope.ts';
import { kanaSortKey } from '../src/domain/kana.ts';
import { insertAccount } from '../src/modules/accounts/service.ts';
import { createTenantWithAdmin } from '../src/modules/setup/service.ts';

export const BENCH_LOGIN = 'bench.reader';
export const BENCH_PASSWORD = 'Yomitori-sokutei-2026';

export interface SeedResult {
  tenantId: string;
  deptIds: string[];
  sectionIds: string[];
  people: number;
  loginId: string;
  password: string;
  /** Hiragana family names that occur in the data, for the search scenario. */
  kanaTerms: string[];
}

const DEPARTMENTS: Array<[string, string[]]> = [
  ['総務部', ['総務課', '人事課', '財政課', '情報政策課']],
  ['企画部', ['企画課', '地域振興課', '広報課', '契約管財課']],
  ['税務部', ['税務課', '収納課', '資産税課', '市民税課']],
  ['住民部', ['住民課', '戸籍課', '保険年金課', '環境課']],
  ['福祉部', ['福祉課', '子育て支援課', '介護保険課', '障害福祉課']],
  ['健康部', ['健康増進課', '保健センター', '医療政策課', '国保診療課']],
  ['建設部', ['建設課', '都市計画課', '上下水道課', '建築指導課']],
  ['産業部', ['農林課', '商工観光課', '農業委員会事務局', '地籍調査課']],
];

const FAMILY: Array<[string, string]> = [
  ['佐藤', 'さとう'],
  ['鈴木', 'すずき'],
  ['高橋', 'たかはし'],
  ['田中', 'たなか'],
  ['伊藤', 'いとう'],
  ['渡辺', 'わたなべ'],
  ['山本', 'やまもと'],
  ['中村', 'なかむら'],
  ['小林', 'こばやし'],
  ['加藤', 'かとう'],
  ['吉田', 'よしだ'],
  ['山田', 'やまだ'],
  ['佐々木', 'ささき'],
  ['山口', 'やまぐち'],
  ['松本', 'まつもと'],
  ['井上', 'いのうえ'],
  ['木村', 'きむら'],
  ['林', 'はやし'],
  ['斎藤', 'さいとう'],
  ['清水', 'しみず'],
  ['山崎', 'やまざき'],
  ['森', 'もり'],
  ['池田', 'いけだ'],
  ['橋本', 'はしもと'],
  ['阿部', 'あべ'],
  ['石川', 'いしかわ'],
  ['山下', 'やました'],
  ['中島', 'なかじま'],
  ['石井', 'いしい'],
  ['小川', 'おがわ'],
  ['前田', 'まえだ'],
  ['岡田', 'おかだ'],
  ['長谷川', 'はせがわ'],
  ['藤田', 'ふじた'],
  ['後藤', 'ごとう'],
  ['近藤', 'こんどう'],
  ['村上', 'むらかみ'],
  ['遠藤', 'えんどう'],
  ['青木', 'あおき'],
  ['坂本', 'さかもと'],
];

const GIVEN: Array<[string, string]> = [
  ['太郎', 'たろう'],
  ['花子', 'はなこ'],
  ['一郎', 'いちろう'],
  ['美咲', 'みさき'],
  ['健太', 'けんた'],
  ['陽菜', 'ひな'],
  ['翔太', 'しょうた'],
  ['結衣', 'ゆい'],
  ['大輔', 'だいすけ'],
  ['彩', 'あや'],
  ['直樹', 'なおき'],
  ['真由美', 'まゆみ'],
  ['拓也', 'たくや'],
  ['恵', 'めぐみ'],
  ['誠', 'まこと'],
  ['裕子', 'ゆうこ'],
  ['浩二', 'こうじ'],
  ['明美', 'あけみ'],
  ['修', 'おさむ'],
  ['由紀', 'ゆき'],
  ['和也', 'かずや'],
  ['智子', 'ともこ'],
  ['剛', 'つよし'],
  ['香織', 'かおり'],
  ['隆', 'たかし'],
];

/** Deterministic PRNG (mulberry32), so every run seeds the same town. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BATCH = 500;

/** Seeds the database at url (already migrated by openDatabase) and returns what the scenarios need. */
export async function seed(database: Database, options: { people?: number } = {}): Promise<SeedResult> {
  const total = options.people ?? 10_000;
  const { tenantId } = await createTenantWithAdmin(database, {
    tenant: {
      name: '性能試験町',
      code: '029998',
      committeeName: '性能試験町情報セキュリティ委員会',
      bodies: [{ kind: 'MAYOR_DEPT', name: '町長部局' }],
    },
    admin: {
      familyName: '管理',
      givenName: '太郎',
      familyKana: 'かんり',
      givenKana: 'たろう',
      staffNumber: 'A0001',
      loginId: 'bench.admin',
      password: 'Kanri-sokutei-2026-x',
    },
  });

  const random = prng(20261127);
  const now = nowIso();
  const deptIds: string[] = [];
  const sectionIds: string[] = [];

  await asSystem(database, async (tx) => {
    const body = await tx
      .selectFrom('implementing_body')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const units: OrgUnitTable[] = [];
    DEPARTMENTS.forEach(([dept, sections], d) => {
      const deptId = uuidv7();
      deptIds.push(deptId);
      units.push(unitRow(tenantId, body.id, deptId, null, 'DEPT', dept, d, now));
      sections.forEach((section, s) => {
        const id = uuidv7();
        sectionIds.push(id);
        units.push(unitRow(tenantId, body.id, id, deptId, 'SECTION', section, s, now));
      });
    });
    // Parents first: the foreign key on parent_id is checked row by row.
    await tx.insertInto('org_unit').values(units).execute();

    const unitPool = [...sectionIds, ...sectionIds, ...sectionIds, ...deptIds];
    let batch: PersonTable[] = [];
    for (let i = 1; i <= total; i += 1) {
      const [family, familyKana] = FAMILY[Math.floor(random() * FAMILY.length)];
      const [given, givenKana] = GIVEN[Math.floor(random() * GIVEN.length)];
      const r = random();
      const status = r < 0.9 ? 'ACTIVE' : r < 0.96 ? 'RETIRED' : 'TRANSFERRED';
      const e = random();
      const employmentType = e < 0.7 ? 'STAFF' : e < 0.9 ? 'FIXED_TERM' : e < 0.96 ? 'DISPATCHED' : 'CONTRACTOR_STAFF';
      batch.push({
        id: uuidv7(),
        tenant_id: tenantId,
        staff_number: `S${String(i).padStart(6, '0')}`,
        family_name: family,
        given_name: given,
        family_kana: familyKana,
        given_kana: givenKana,
        sort_key: kanaSortKey(familyKana, givenKana),
        employment_type: employmentType,
        org_unit_id: unitPool[Math.floor(random() * unitPool.length)],
        title: random() < 0.1 ? '主査' : '主事',
        employer: employmentType === 'DISPATCHED' || employmentType === 'CONTRACTOR_STAFF' ? '株式会社試験' : null,
        email: `s${i}@town.example.jp`,
        phone: `0123-45-${String(i % 10000).padStart(4, '0')}`,
        mobile_phone: random() < 0.3 ? `090-0000-${String(i % 10000).padStart(4, '0')}` : null,
        status,
        status_changed_on: status === 'ACTIVE' ? null : '2025-03-31',
        joined_on: '2015-04-01',
        left_on: status === 'ACTIVE' ? null : '2025-03-31',
        created_at: now,
        updated_at: now,
      });
      if (batch.length === BATCH || i === total) {
        await tx.insertInto('person').values(batch).execute();
        batch = [];
      }
    }
  });

  // The reader: an ordinary member of staff in 総務部 > 情報政策課 with an account and no appointments.
  const scope: Scope = { tenantId, actor: { userId: null, personId: null, label: '性能試験', roles: [] } };
  await inTenant(database, scope, async (tx) => {
    const personId = uuidv7();
    await tx
      .insertInto('person')
      .values({
        id: personId,
        tenant_id: tenantId,
        staff_number: 'B0001',
        family_name: '読取',
        given_name: '一郎',
        family_kana: 'よみとり',
        given_kana: 'いちろう',
        sort_key: kanaSortKey('よみとり', 'いちろう'),
        employment_type: 'STAFF',
        org_unit_id: sectionIds[3],
        title: '主事',
        employer: null,
        email: null,
        phone: null,
        mobile_phone: null,
        status: 'ACTIVE',
        status_changed_on: null,
        joined_on: null,
        left_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertAccount(tx, scope, {
      personId,
      loginId: BENCH_LOGIN,
      password: BENCH_PASSWORD,
      isPlatformAdmin: false,
    });
  });

  return {
    tenantId,
    deptIds,
    sectionIds,
    people: total + 2,
    loginId: BENCH_LOGIN,
    password: BENCH_PASSWORD,
    kanaTerms: FAMILY.map(([, kana]) => kana),
  };
}

function unitRow(
  tenantId: string,
  bodyId: string,
  id: string,
  parentId: string | null,
  level: 'DEPT' | 'SECTION',
  name: string,
  sortOrder: number,
  now: string,
): OrgUnitTable {
  return {
    id,
    tenant_id: tenantId,
    body_id: bodyId,
    parent_id: parentId,
    level,
    name,
    code: null,
    sort_order: sortOrder,
    valid_from: '2020-04-01',
    valid_to: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * PostgreSQL only: vacuum and refresh the planner statistics after the bulk load, as autovacuum does within a
 * minute or so on a live system (statistics for the planner, the visibility map for index-only scans). The application role does not own the tables, so this uses the owner's connection.
 * SQLite is left as a real installation would be (Mamori does not run ANALYZE there).
 */
export async function analyzePostgres(url: string): Promise<void> {
  const raw = openRaw(url);
  try {
    await sql`VACUUM ANALYZE`.execute(raw.db);
  } finally {
    await raw.close();
  }
}
