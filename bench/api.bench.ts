/**
 * API load benchmark: npx tsx bench/api.bench.ts [--db sqlite|postgres|both] [--duration 10] [--connections 20]
 *
 * For each database: seed one town (40 units, 10,000 people) into a fresh SQLite file or a fresh PostgreSQL
 * database, start the real server as a child process (`node bin/mamori.js serve`, so autocannon does not share
 * the server's event loop), and drive it over loopback with autocannon:
 *   login         POST /api/v1/auth/login with valid credentials (password only; argon2id verify each time)
 *   people filter GET  /api/v1/people?status=ACTIVE&unitId=<部局>&limit=50   (rotating over the 8 部局)
 *   people search GET  /api/v1/people?q=<かな>&limit=50                      (rotating over 40 family names)
 *   person read   GET  /api/v1/people/:id                                     (rotating over 500 pre-fetched ids)
 * Each scenario gets a 2 s warm-up (not counted), then the measured run. Latency percentiles are computed from
 * every response time autocannon reports (its own result has p50/p90/p97.5/p99 but no p95).
 * The machine is shared, so before each scenario the benchmark samples host CPU for 1 s and waits (up to
 * --quiet-wait seconds, default 120) until other work uses less than 0.3 core; each row reports that sample and
 * the CPU used during the run by the server process, by PostgreSQL, by this process and by everything else; a
 * run during which other work took more than 0.25 core is repeated (up to --attempts, default 3) and the least
 * disturbed run is kept.
 * --only PREFIX runs the scenarios whose name starts with PREFIX; --profile DIR writes a V8 CPU profile of the
 * server (node --cpu-prof) into DIR.
 * PostgreSQL: postgres://postgres@127.0.0.1:5432 (override with PG_URL); the database is dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { analyzePostgres, type SeedResult, seed } from './seed.ts';

// autocannon ships no type declarations; this is the part of its API the benchmark uses.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
interface AutocannonResult {
  duration: number;
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
  timeout?: number;
}) => AutocannonInstance;

const ROOT = resolve(import.meta.dirname, '..');
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    'quiet-wait': { type: 'string', default: '120' },
    attempts: { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
if (!['sqlite', 'postgres', 'both'].includes(args.db ?? '')) throw new Error('--db must be sqlite, postgres or both');
if (!(DURATION > 0) || !(CONNECTIONS > 0)) throw new Error('--duration and --connections must be positive');

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  non2xx: number;
  statuses: string;
  /** CPU used during the measured run, in cores (1.0 = one core busy all the time). */
  serverCores: number;
  postgresCores: number;
  hostCores: number;
  /** The benchmark process itself (autocannon), and whatever else ran on the host during the run. */
  benchCores: number;
  otherCores: number;
  /** Host CPU busy just before the run (other work on the machine), in cores. */
  busyBefore: number;
  /** Which attempt this row is (see measure). */
  attempts: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => done(port));
    });
  });
}

/** A fresh database for one run, and how to remove it. */
async function freshDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(os.tmpdir(), `mamori-bench-${kind}-`));
  if (kind === 'sqlite') {
    return {
      url: join(dataDir, 'mamori.sqlite'),
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `mamori_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts `node bin/mamori.js serve` and waits until /api/v1/health answers. */
async function startServer(
  url: string,
  dataDir: string,
): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args.profile)}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'bin/mamori.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      MAMORI_DATA_DIR: dataDir,
      MAMORI_SECRET_KEY: 'be'.repeat(32),
      MAMORI_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => {
    output += d;
    process.stderr.write(`[server] ${d}`);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function signIn(base: string, loginId: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password }),
  });
  const body = (await res.json()) as { mfa?: string };
  if (res.status !== 200 || body.mfa !== 'full')
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(body)}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('mamori_sid='));
  if (!sid) throw new Error('no session cookie');
  return sid.split(';')[0];
}

/** Up to `want` person ids, read through the API the way a client would page through the directory. */
async function personIds(base: string, cookie: string, want: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < want) {
    const qs = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${base}/api/v1/people?${qs}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`GET /people: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    ids.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return ids.slice(0, want);
}

/** Rotates through values, one per request, starting at a random place for each connection. */
function rotating(paths: string[]): AutocannonRequest['setupRequest'] {
  let i = Math.floor(Math.random() * paths.length);
  return (request) => {
    i = (i + 1) % paths.length;
    request.path = paths[i];
    return request;
  };
}

// --- CPU accounting (Linux /proc), so a run disturbed by other work on the machine can be recognised. ---

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds (0 if it is gone). */
function processCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named postgres (the server's backends, and any other database work). */
function postgresCpu(): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') total += processCpu(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Busy and total CPU seconds of the whole host, summed over cores. */
function hostCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    busy += t - c.times.idle;
    total += t;
  }
  return { busy: busy / 1000, total: total / 1000 };
}

/** Cores kept busy by other work over one second (nothing of ours runs while this samples). */
async function busyCores(): Promise<number> {
  const a = hostCpu();
  await new Promise((r) => setTimeout(r, 1000));
  const b = hostCpu();
  return ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
}

/** Waits (up to --quiet-wait seconds) until other work leaves the host mostly idle; returns the last sample. */
async function waitForQuiet(label: string): Promise<number> {
  const deadline = Date.now() + Number(args['quiet-wait']) * 1000;
  let busy = await busyCores();
  let told = false;
  while (busy > 0.3 && Date.now() < deadline) {
    if (!told) console.log(`[${label}] host busy with other work (${busy.toFixed(2)} cores); waiting for it to settle`);
    told = true;
    await new Promise((r) => setTimeout(r, 4000));
    busy = await busyCores();
  }
  if (told) console.log(`[${label}] host now at ${busy.toFixed(2)} cores busy; starting`);
  return busy;
}

async function measureOnce(
  base: string,
  serverPid: number,
  scenario: string,
  requests: AutocannonRequest[],
): Promise<Row> {
  const busyBefore = await waitForQuiet(scenario);
  if (WARMUP > 0) await autocannon({ url: base, connections: CONNECTIONS, duration: WARMUP, requests, timeout: 30 });
  const times: number[] = [];
  const server0 = processCpu(serverPid);
  const pg0 = postgresCpu();
  const host0 = hostCpu();
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const instance = autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests, timeout: 30 });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  const wall = (performance.now() - wall0) / 1000;
  const host1 = hostCpu();
  const cores = os.cpus().length;
  const hostCores = ((host1.busy - host0.busy) / (host1.total - host0.total)) * cores;
  const serverCores = (processCpu(serverPid) - server0) / wall;
  const postgresCores = (postgresCpu() - pg0) / wall;
  const self1 = process.cpuUsage(self0);
  const benchCores = (self1.user + self1.system) / 1e6 / wall;
  const otherCores = Math.max(0, hostCores - serverCores - postgresCores - benchCores);
  times.sort((a, b) => a - b);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${s.count}`)
    .join(' ');
  return {
    scenario,
    rps: result.requests.total / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? Number.NaN,
    ok: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
    serverCores,
    postgresCores,
    hostCores,
    benchCores,
    otherCores,
    busyBefore,
    attempts: 1,
  };
}

/**
 * Runs a scenario; if other work on the host took more than 0.25 core during the run, runs it again (up to
 * --attempts times) and keeps the least disturbed run.
 */
async function measure(base: string, serverPid: number, scenario: string, requests: AutocannonRequest[]): Promise<Row> {
  let best: Row | undefined;
  const attempts = Math.max(1, Number(args.attempts));
  for (let i = 1; i <= attempts; i += 1) {
    const row = await measureOnce(base, serverPid, scenario, requests);
    row.attempts = i;
    if (!best || row.otherCores + row.busyBefore < best.otherCores + best.busyBefore) best = row;
    if (row.otherCores <= 0.25 && row.busyBefore <= 0.3) break;
    if (i < attempts) {
      console.log(`[${scenario}] disturbed by other work (${row.otherCores.toFixed(2)} cores during the run); again`);
    }
  }
  return best!;
}

function printTable(title: string, rows: Row[]): void {
  const head = [
    'scenario',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    '2xx',
    'errors',
    'non-2xx',
    'CPU server / pg / bench / other',
    'busy before',
    'run',
  ];
  const body = rows.map((r) => [
    r.scenario,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(0),
    String(r.ok),
    String(r.errors),
    String(r.non2xx),
    `${r.serverCores.toFixed(2)} / ${r.postgresCores.toFixed(2)} / ${r.benchCores.toFixed(2)} / ${r.otherCores.toFixed(2)}`,
    r.busyBefore.toFixed(2),
    String(r.attempts),
  ]);
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map((_h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const line of body) console.log(`| ${line.join(' | ')} |`);
  const odd = rows.filter((r) => r.errors || r.non2xx);
  for (const r of odd) console.log(`  ${r.scenario}: status codes ${r.statuses}`);
}

/** What to undo if the benchmark is interrupted (Ctrl-C, timeout): stop the server, drop the database. */
let cleanup: (() => Promise<void>) | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and removing the benchmark database`);
    void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function runOne(kind: 'sqlite' | 'postgres'): Promise<Row[]> {
  const fresh = await freshDatabase(kind);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  cleanup = async () => {
    await server?.stop();
    await fresh.drop();
  };
  try {
    const t0 = Date.now();
    const database = await openDatabase(fresh.url, { poolSize: 2 });
    let seeded: SeedResult;
    try {
      seeded = await seed(database);
    } finally {
      await database.close();
    }
    if (kind === 'postgres') await analyzePostgres(fresh.url);
    console.log(
      `[${kind}] seeded ${seeded.people} people, ${seeded.deptIds.length + seeded.sectionIds.length} units in ${Date.now() - t0} ms`,
    );

    server = await startServer(fresh.url, fresh.dataDir);
    const cookie = await signIn(server.base, seeded.loginId, seeded.password);
    const ids = await personIds(server.base, cookie, 500);
    console.log(
      `[${kind}] server up at ${server.base} (pid ${server.child.pid}); ${ids.length} person ids pre-fetched`,
    );

    const json = { 'content-type': 'application/json' };
    const withCookie = { cookie };
    const scenarios: Array<[string, AutocannonRequest[]]> = [
      [
        'login (POST /auth/login)',
        [
          {
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: json,
            body: JSON.stringify({ loginId: seeded.loginId, password: seeded.password }),
          },
        ],
      ],
      [
        'people filter (status+部局, limit 50)',
        [
          {
            method: 'GET',
            headers: withCookie,
            setupRequest: rotating(seeded.deptIds.map((u) => `/api/v1/people?status=ACTIVE&unitId=${u}&limit=50`)),
          },
        ],
      ],
      [
        'people search (q=かな, limit 50)',
        [
          {
            method: 'GET',
            headers: withCookie,
            setupRequest: rotating(seeded.kanaTerms.map((q) => `/api/v1/people?q=${encodeURIComponent(q)}&limit=50`)),
          },
        ],
      ],
      [
        'person read (GET /people/:id)',
        [{ method: 'GET', headers: withCookie, setupRequest: rotating(ids.map((id) => `/api/v1/people/${id}`)) }],
      ],
    ];
    const rows: Row[] = [];
    for (const [name, requests] of scenarios) {
      if (args.only && !name.startsWith(args.only)) continue;
      const row = await measure(server.base, server.child.pid ?? 0, name, requests);
      console.log(
        `[${kind}] ${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms`,
      );
      rows.push(row);
    }
    return rows;
  } finally {
    cleanup = null;
    await server?.stop();
    await fresh.drop();
  }
}

const kinds: Array<'sqlite' | 'postgres'> =
  args.db === 'both' ? ['sqlite', 'postgres'] : [args.db as 'sqlite' | 'postgres'];
console.log(
  `Mamori API benchmark — ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; ` +
    `${CONNECTIONS} connections, ${DURATION} s per scenario after a ${WARMUP} s warm-up`,
);
for (const kind of kinds) printTable(kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', await runOne(kind));
console.log(
  '\nLatency percentiles are computed from every response time (autocannon gives p97.5/p99 but no p95).\n' +
    `CPU is in cores (of ${os.cpus().length}) over the measured run: server = the mamori child process, pg = all postgres\n` +
    'processes, bench = this process (autocannon), other = the rest of the host. "busy before" = other work just\n' +
    'before the run; a row with other or busy before above ~0.3 was disturbed by work outside the benchmark.',
);
