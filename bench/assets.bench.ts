/**
 * Information asset register benchmark: npx tsx bench/assets.bench.ts [--db sqlite|postgres|both] [--assets 100000]
 *   [--iterations 200] [--only export] [--export-runs 1] [--reuse] [--server-node-options '--trace-gc']
 *
 * Per database: a fresh SQLite file or PostgreSQL database with the town of bench/seed.ts (40 units) and 100,000
 * assets in one tenant, 500 of them systems that 20,000 others are stored in (so the high watermark has work), written
 * straight through Kysely. Then `mamori serve` runs as its own process and a reader holding 情報セキュリティ担当
 * （事務局）(reads all) drives it over HTTP: export of all rows (.xlsx, CSV; wall time and the server's peak RSS from
 * /proc), list pages (50 rows, one filter + one sort, also a later page and a search), detail and count, then an import
 * of 10,000 new rows (CSV, .xlsx). Targets (issue 4): list p95 ≤ 50 ms; import ≤ 3 s; export ≤ 5 s and < 300 MB.
 * PostgreSQL: postgres://postgres@127.0.0.1:5432 (override with PG_URL); the database is dropped afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { uuidv7 } from '../src/db/ids.ts';
import type { AssetTable } from '../src/db/schema.ts';
import { asSystem, inTenant, nowIso, type Scope } from '../src/db/scope.ts';
import { ASSET_COLUMNS } from '../src/modules/assets/columns.ts';
import { loadSchemes } from '../src/modules/assets/schemes.service.ts';
import { refreshAllWatermarks } from '../src/modules/assets/watermark.repo.ts';
import { type RunningServer, startServer } from '../tests/cli/processes.ts';
import { analyzePostgres, seed } from './seed.ts';

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    assets: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '200' },
    // `--only export`: seed, then measure the exports only (for work on the export's memory).
    only: { type: 'string' },
    'export-runs': { type: 'string', default: '1' },
    // `--reuse`: keep the seeded database (SQLite file or PostgreSQL database) and use it again next time.
    reuse: { type: 'boolean', default: false },
    // Node options for the server process, e.g. `--trace-gc`.
    'server-node-options': { type: 'string', default: '' },
  },
});
const ASSETS = Number(args.assets);
if (args.reuse && args.only !== 'export')
  throw new Error('--reuse only with --only export (an import would change the kept data)');
const ITERATIONS = Number(args.iterations);
const IMPORT_ROWS = 10_000;

function prng(seedValue: number) {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261126);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const weighted = <T>(xs: ReadonlyArray<[T, number]>): T => {
  let x = random();
  for (const [v, w] of xs) {
    x -= w;
    if (x < 0) return v;
  }
  return xs[xs.length - 1][0];
};
const BUSINESS = [
  '住民記録',
  '税務',
  '国民健康保険',
  '介護保険',
  '児童福祉',
  '財務会計',
  '人事給与',
  '文書管理',
  '選挙',
  '上下水道',
];

/** "a:0.3 b:0.7" → weighted choices. */
const table = (spec: string) =>
  spec.split(' ').map((p) => [p.split(':')[0], Number(p.split(':')[1])] as [string, number]);
const C_LEVELS = table('1:0.3 2:0.5 3:0.2');
const IA_LEVELS = table('1:0.6 2:0.4');
const KINDS = table('INFORMATION:0.65 PRINTED:0.15 DEVICE:0.1 MEDIA:0.05 SYSTEM_DOCUMENT:0.05');
const TIERS = table('lgwan:0.5 mynumber:0.15 internet:0.2 external:0.05 offline:0.1');
const FIXED = {
  retention_until: null,
  user_scope: '担当課職員',
  contractor: null,
  last_reviewed_on: '2026-04-01',
  review_due_on: '2027-04-01',
  note: null,
  status: 'ACTIVE',
  disposed_at: null,
};

async function seedAssets(database: Database, tenantId: string, sectionIds: string[], schemeId: string) {
  const now = nowIso();
  const containers: string[] = [];
  await asSystem(database, async (tx) => {
    let batch: AssetTable[] = [];
    const links: Array<Record<string, string>> = [];
    for (let i = 1; i <= ASSETS; i += 1) {
      const id = uuidv7();
      const system = i <= 500;
      if (system) containers.push(id);
      const c = weighted(C_LEVELS);
      const ia = weighted(IA_LEVELS);
      const rank = { c: c === '3' ? 5 : Number(c), ia: Number(ia) };
      batch.push({
        ...FIXED,
        id,
        tenant_id: tenantId,
        ref: `IA-${String(i).padStart(6, '0')}`,
        name: `${pick(BUSINESS)}${system ? 'システム' : 'データ'}${i}`,
        kind: system ? 'SYSTEM' : weighted(KINDS),
        business: pick(BUSINESS),
        org_unit_id: pick(sectionIds),
        medium: system ? 'DEVICE' : 'ELECTRONIC',
        location: pick(['サーバ室', '執務室', '書庫', '外部データセンター']),
        tier: weighted(TIERS),
        scheme_id: schemeId,
        ...{ c_level: c, i_level: ia, a_level: ia, c_rank: rank.c, i_rank: rank.ia, a_rank: rank.ia },
        ...{ req_c_rank: rank.c, req_i_rank: rank.ia, req_a_rank: rank.ia },
        has_personal: random() < 0.4 ? 1 : 0,
        has_specific_personal: random() < 0.05 ? 1 : 0,
        has_sensitive_personal: random() < 0.05 ? 1 : 0,
        person_count: pick(['LE_100', 'LE_1000', 'LE_10000', null]),
        retention: pick(['5年', '10年', '常用']),
        next_review_on: `2027-0${1 + Math.floor(random() * 9)}-01`,
        created_at: now,
        updated_at: now,
      });
      if (!system && i <= 20_500 && containers.length) {
        const target = pick(containers);
        links.push({
          id: uuidv7(),
          tenant_id: tenantId,
          asset_id: id,
          target_id: target,
          kind: 'STORED_IN',
          src_id: id,
          dst_id: target,
          created_at: now,
        });
      }
      if (batch.length === 500 || i === ASSETS) {
        await tx.insertInto('asset').values(batch).execute();
        batch = [];
      }
    }
    for (let i = 0; i < links.length; i += 1000)
      await tx
        .insertInto('asset_link')
        .values(links.slice(i, i + 1000) as never)
        .execute();
    // The containers' required classes, as the application keeps them (watermark.repo.ts).
    await refreshAllWatermarks(tx, tenantId);
  });
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

type Result = { db: string; scenario: string; n: number; target: string; pass: boolean } & Partial<
  Record<'p50' | 'p95' | 'max' | 'ms' | 'mb', number>
>;

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, loginId: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('mamori_sid='))!;
  return { cookie: sid.split(';')[0], csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function upload(base: string, session: Session, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${base}/api/v1/assets/import?mode=commit`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: form,
  });
}

/** The server's resident memory now and its peak since it started (Linux /proc). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function importRows(prefix: string): string[][] {
  const fixed = { kind: '情報（電子データ）', unit: '総務部 > 情報政策課', medium: '電子データ', tier: 'LGWAN接続系' };
  return Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const v: Record<string, string> = {
      ...{ ...fixed, I: '1', A: '1', nextReviewOn: '2027-04-01', business: pick(BUSINESS) },
      ...{ ref: `${prefix}-${String(i).padStart(5, '0')}`, name: `取込データ${i}`, C: pick(['1', '2', '3']) },
      ...{ hasPersonal: pick(['有', '無']), STORED_IN: i % 10 === 0 ? 'IA-000001' : '' },
    };
    return ASSET_COLUMNS.map((c) => v[c.key] ?? '');
  });
}
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const toCsv = (rows: string[][]) =>
  `\ufeff${[ASSET_COLUMNS.map((c) => c.header), ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
async function toXlsx(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('情報資産');
  ws.addRow(ASSET_COLUMNS.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function exportOnce(base: string, session: Session, pid: number, format: 'xlsx' | 'csv') {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets the peak (VmHWM) to the current RSS
  } catch {
    // not Linux, or not allowed: the peak then covers the whole run so far
  }
  const before = memoryOf(pid);
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/assets/export?format=${format}`, { headers: { cookie: session.cookie } });
  if (!res.ok || !res.body) throw new Error(`export: ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
  const ms = performance.now() - started;
  return { ms, bytes, before, after: memoryOf(pid) };
}

async function pgAdmin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** A fresh town with ASSETS assets; returns the reader's sign-in. */
async function seedAll(kind: 'sqlite' | 'postgres', url: string) {
  const database = await openDatabase(url, { poolSize: 4 });
  const town = await seed(database, { people: 500 });
  const scope: Scope = {
    tenantId: town.tenantId,
    actor: { userId: null, personId: null, label: '性能試験', roles: [] },
  };
  const schemeId = (await inTenant(database, scope, (tx) => loadSchemes(tx, scope)))[0].id;
  // The reader becomes 情報セキュリティ担当（事務局）: reads the whole register.
  await asSystem(database, (tx) =>
    sql`INSERT INTO appointment (id, tenant_id, role, person_id, scope_kind, valid_from, appointed_by,
          touches_mynumber, created_at, updated_at)
        SELECT ${uuidv7()}, tenant_id, 'POLICY_OFFICE', person_id, 'TENANT', '2020-04-01', '町長', 0, ${nowIso()}, ${nowIso()}
        FROM user_account WHERE login_id = ${town.loginId}`.execute(tx),
  );
  const t0 = performance.now();
  await seedAssets(database, town.tenantId, town.sectionIds, schemeId);
  console.log(
    `[${kind}] seeded ${ASSETS.toLocaleString()} assets in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await database.close();
  if (kind === 'postgres') await analyzePostgres(url);

  return town;
}

async function runOn(kind: 'sqlite' | 'postgres'): Promise<Result[]> {
  let url: string;
  let cleanup: () => Promise<void>;
  const reuseDir = join(os.tmpdir(), 'mamori-bench-reuse');
  const marker = join(reuseDir, `${kind}-${ASSETS}.json`);
  const reused = args.reuse && existsSync(marker);
  if (args.reuse) {
    mkdirSync(reuseDir, { recursive: true });
    const u = new URL(PG_URL);
    u.pathname = `/mamori_assets_bench_reuse_${ASSETS}`;
    url = kind === 'sqlite' ? join(reuseDir, `bench-${ASSETS}.sqlite`) : u.toString();
    if (!reused && kind === 'postgres') {
      await pgAdmin(`DROP DATABASE IF EXISTS mamori_assets_bench_reuse_${ASSETS} WITH (FORCE)`);
      await pgAdmin(`CREATE DATABASE mamori_assets_bench_reuse_${ASSETS}`);
    }
    if (!reused && kind === 'sqlite') rmSync(url, { force: true });
    cleanup = async () => {};
  } else if (kind === 'sqlite') {
    const dir = mkdtempSync(join(os.tmpdir(), 'mamori-bench-'));
    url = join(dir, 'bench.sqlite');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `mamori_assets_bench_${process.pid}`;
    await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await pgAdmin(`CREATE DATABASE ${name}`);
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const results: Result[] = [];
  const add = (scenario: string, r: Partial<Result>) =>
    results.push({ db: kind, scenario, n: 1, target: '', pass: true, ...r });
  const dataDir = mkdtempSync(join(os.tmpdir(), 'mamori-bench-data-'));
  let server: RunningServer | undefined;
  try {
    // Seeding runs in this process straight through Kysely; the measurements run against a separate server.
    const town = reused
      ? (JSON.parse(readFileSync(marker, 'utf8')) as Awaited<ReturnType<typeof seed>>)
      : await seedAll(kind, url);
    if (args.reuse && !reused) writeFileSync(marker, JSON.stringify(town));

    server = await startServer({
      DATABASE_URL: url,
      MAMORI_DATA_DIR: dataDir,
      ...(args['server-node-options'] ? { NODE_OPTIONS: args['server-node-options'] } : {}),
    });
    const { base, child } = server;
    const session = await signIn(base, town.loginId, town.password);
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie: session.cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
      return body;
    };
    const first = JSON.parse(await get('/api/v1/assets?limit=50&sort=ref')) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    const idle = memoryOf(child.pid!);
    console.log(`[${kind}] server RSS after start: ${idle.rssMb.toFixed(0)} MB`);
    for (const format of Array.from({ length: Number(args['export-runs']) }, () => ['xlsx', 'csv'] as const).flat()) {
      const e = await exportOnce(base, session, child.pid!, format);
      const mb = (e.bytes / 1024 / 1024).toFixed(1);
      add(
        `export ${ASSETS.toLocaleString()} rows .${format} (${mb} MB; server RSS ${e.before.rssMb.toFixed(0)} MB before)`,
        {
          ms: e.ms,
          mb: e.after.peakMb,
          target: '≤ 5 s, peak RSS < 300 MB',
          pass: e.ms <= 5000 && e.after.peakMb < 300,
        },
      );
    }
    if (args.only === 'export') return results;
    const scenarios: Array<[string, () => string]> = [
      ['list: tier=lgwan, sort=name', () => '/api/v1/assets?limit=50&tier=lgwan&sort=name'],
      ['list: unitId (課室), sort=ref', () => `/api/v1/assets?limit=50&unitId=${pick(town.sectionIds)}&sort=ref`],
      ['list: 機密性2以上, sort=updatedAt', () => '/api/v1/assets?limit=50&confidentialityMinRank=2&sort=updatedAt'],
      ['list: kind=PRINTED, sort=confidentiality', () => '/api/v1/assets?limit=50&kind=PRINTED&sort=confidentiality'],
      ['list: next page (cursor), sort=ref', () => `/api/v1/assets?limit=50&sort=ref&cursor=${first.nextCursor}`],
      [
        'list: search q=住民記録, sort=ref',
        () => `/api/v1/assets?limit=50&q=${encodeURIComponent('住民記録')}&sort=ref`,
      ],
      ['detail: GET /assets/:id', () => `/api/v1/assets/${first.items[Math.floor(random() * 50)].id}`],
      ['count: tier=lgwan (GET /assets/count)', () => '/api/v1/assets/count?tier=lgwan'],
      ['count: unitId (課室)', () => `/api/v1/assets/count?unitId=${pick(town.sectionIds)}`],
    ];
    for (const [name, path] of scenarios) {
      for (let i = 0; i < 20; i += 1) await get(path());
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i += 1) {
        const started = performance.now();
        await get(path());
        times.push(performance.now() - started);
      }
      times.sort((x, y) => x - y);
      const p95 = percentile(times, 95);
      const listPage = name.startsWith('list');
      const max = times[times.length - 1];
      add(name, { n: ITERATIONS, p50: percentile(times, 50), p95, max, target: listPage ? 'p95 ≤ 50 ms' : '(none)' });
      results[results.length - 1].pass = !listPage || p95 <= 50;
    }

    for (const [format, make] of [
      ['csv', async (rows: string[][]) => Buffer.from(toCsv(rows), 'utf8')],
      ['xlsx', toXlsx],
    ] as const) {
      const file = await make(importRows(`IMP${format.toUpperCase()}`));
      const t0 = performance.now();
      const res = await upload(base, session, `import.${format}`, file);
      const ms = performance.now() - t0;
      if (res.status !== 201) throw new Error(`import ${format}: ${res.status} ${(await res.text()).slice(0, 400)}`);
      await res.arrayBuffer();
      const mb = memoryOf(child.pid!).peakMb;
      add(`import ${IMPORT_ROWS.toLocaleString()} rows .${format} (commit)`, {
        ms,
        mb,
        target: '≤ 3 s',
        pass: ms <= 3000,
      });
    }
  } finally {
    await server?.stop('SIGTERM');
    if (server && args['server-node-options']) {
      const log = join(os.tmpdir(), `mamori-bench-server-${kind}.log`);
      writeFileSync(log, server.output());
      console.log(`[${kind}] server output: ${log}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await cleanup();
  }
  return results;
}

const dbs = args.db === 'both' ? (['sqlite', 'postgres'] as const) : ([args.db] as Array<'sqlite' | 'postgres'>);
const all: Result[] = [];
for (const db of dbs) all.push(...(await runOn(db)));
const f = (n?: number) => (n === undefined ? '' : n.toFixed(1));
console.log(
  `\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${ASSETS.toLocaleString()} assets, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
console.log('| db | scenario | n | p50 ms | p95 ms | max ms | time ms | server peak RSS MB | target | result |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of all)
  console.log(
    `| ${r.db} | ${r.scenario} | ${r.n} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.max)} | ${f(r.ms)} | ${f(r.mb)} | ${r.target} | ${r.pass ? 'pass' : 'FAIL'} |`,
  );
process.exit(0);
