/**
 * Flow checker benchmark: 500 registered systems in five tiers, 10,000 ordered firewall rules (native JSON),
 * full tier matrix and findings. Run: npx tsx bench/network.bench.ts [rules] [systems]
 */
import { writeFileSync } from 'node:fs';
import { checkNetwork } from '../src/domain/flows/check.ts';
import type { DeclaredFlow, NetworkRegister, RegisterSystem } from '../src/domain/flows/register.ts';
import type { FlowException, Tier } from '../src/domain/tiers.ts';
import { parseNativeJson } from '../src/modules/network/firewall/native.ts';

const RULES = Number(process.argv[2] ?? 10_000);
const SYSTEMS = Number(process.argv[3] ?? 500);

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same rule set. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20260401);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const TIERS: { tier: Tier; cidr: string; base: string; share: number }[] = [
  { tier: 'mynumber', cidr: '10.10.0.0/16', base: '10.10', share: 0.12 },
  { tier: 'lgwan', cidr: '10.20.0.0/16', base: '10.20', share: 0.4 },
  { tier: 'internet', cidr: '10.30.0.0/16', base: '10.30', share: 0.3 },
  { tier: 'lgwan-wan', cidr: '10.40.0.0/16', base: '10.40', share: 0.08 },
  { tier: 'internet-external', cidr: '0.0.0.0/0', base: '203.0', share: 0.1 },
];
const ROLES = ['mail-sanitizer', 'lgwan-mail', 'virtual-browser', 'security-cloud-egress', 'file-sanitizer'];
const PORTS = [
  'tcp/22',
  'tcp/25',
  'tcp/53',
  'udp/53',
  'tcp/80',
  'tcp/123',
  'udp/123',
  'tcp/389',
  'tcp/443',
  'tcp/445',
  'tcp/587',
  'tcp/636',
  'tcp/1433',
  'tcp/3306',
  'tcp/3389',
  'tcp/5432',
  'tcp/8080',
  'tcp/8443',
  'tcp/1024-2048',
  'udp/514',
];

function build() {
  const systems: RegisterSystem[] = [];
  for (let i = 0; i < SYSTEMS; i++) {
    let x = rand();
    let t = TIERS[TIERS.length - 1];
    for (const tt of TIERS) {
      x -= tt.share;
      if (x < 0) {
        t = tt;
        break;
      }
    }
    const n = systems.filter((s) => s.tier === t.tier).length;
    systems.push({
      id: `S${i}`,
      name: `system-${i}`,
      tier: t.tier,
      addresses: [`${t.base}.${Math.floor(n / 200) + 1}.${(n % 200) + 10}`],
      roles: rand() < 0.05 ? [pick(ROLES)] : [],
    });
  }
  const addr = (s: RegisterSystem) => s.addresses[0];
  const rules: Record<string, unknown>[] = [];
  for (let i = 0; i < RULES - 1; i++) {
    const a = pick(systems);
    const b = pick(systems);
    const x = rand();
    const rule: Record<string, unknown> = { id: String(i + 1), action: rand() < 0.85 ? 'accept' : 'deny' };
    if (x < 0.7) Object.assign(rule, { src: [addr(a)], dst: [addr(b)], services: [pick(PORTS)] });
    else if (x < 0.82)
      Object.assign(rule, {
        src: [`${addr(a).split('.').slice(0, 3).join('.')}.0/24`],
        dst: [addr(b)],
        services: [pick(PORTS), pick(PORTS)],
      });
    else if (x < 0.88) Object.assign(rule, { src: [addr(a)], dst: ['any'], services: ['tcp/443'] });
    else if (x < 0.94) Object.assign(rule, { src: ['grp-admins'], dst: [addr(b)], services: ['mgmt'] });
    else if (x < 0.99)
      Object.assign(rule, {
        src: [addr(a), addr(pick(systems))],
        dst: [addr(b), addr(pick(systems))],
        services: ['any'],
      });
    else Object.assign(rule, { src: [addr(a)], dst: ['fqdn:update.example.jp'], services: ['tcp/443'] });
    rules.push(rule);
  }
  rules.push({ id: 'final-deny', action: 'deny' });
  const json = JSON.stringify(
    {
      format: 'mamori-firewall',
      version: 1,
      addresses: { 'grp-admins': ['10.20.1.10', '10.20.1.11', '10.20.1.12', '10.30.1.10'] },
      services: { mgmt: ['tcp/22', 'tcp/3389', 'tcp/443'] },
      chains: [{ name: 'main', default: 'deny', rules }],
    },
    null,
    1,
  );
  const flows: DeclaredFlow[] = [];
  for (let i = 0; i < 300; i++) {
    const r = rules[Math.floor(rand() * (RULES - 1))] as { src: string[]; dst: string[]; services: string[] };
    const from = systems.find((s) => s.addresses[0] === r.src?.[0]);
    const to = systems.find((s) => s.addresses[0] === r.dst?.[0]);
    if (from && to && /^(tcp|udp)\/\d+$/.test(r.services?.[0] ?? '')) {
      flows.push({
        id: `F${i}`,
        from: from.id,
        to: to.id,
        service: r.services[0],
        mechanism: 'direct',
        justification: 'bench',
      });
    }
  }
  const mn = systems.find((s) => s.tier === 'mynumber') as RegisterSystem;
  const exceptions: FlowException[] = [
    {
      id: 'TT-eltax',
      list: 'tokuteiTsushin',
      name: 'eLTAX',
      from: { systemId: mn.id },
      to: { cidrs: ['203.0.1.0/24'] },
      services: ['tcp/443'],
      approvedBy: 'CISO',
      approvedOn: '2026-04-01',
      expiresOn: '2027-03-31',
    },
  ];
  const register: NetworkRegister = {
    zones: TIERS.map((t) => ({ id: t.tier, tier: t.tier, cidrs: [t.cidr] })),
    systems,
    flows,
    exceptions,
  };
  return { json, register };
}

const { json, register } = build();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const ruleset = parseNativeJson(json, 'bench.json');
const t1 = performance.now();
const c1 = cpu();
const result = checkNetwork({ model: 'alpha', on: '2026-06-01', register, ruleset });
const t2 = performance.now();
const c2 = cpu();
// A second run shows the check once the code is compiled (a long-running server).
const warm = checkNetwork({ model: 'alpha', on: '2026-06-01', register, ruleset });
const t3 = performance.now();
const c3 = cpu();
const byCode = new Map<string, number>();
for (const f of result.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
const open = result.tiers.filter((t) => t.verdict !== 'denied' && t.from !== t.to).length;

console.log(
  `flow checker: ${ruleset.chains[0]?.rules.length ?? 0} rules, ${register.systems.length} systems, ${register.flows.length} declared flows`,
);
console.table([
  { step: 'parse (native JSON)', 'wall ms': Math.round(t1 - t0) },
  ...Object.entries(result.stats.phases).map(([k, v]) => ({ step: `  check: ${k}`, 'wall ms': Math.round(v) })),
  { step: 'check, first run (tier matrix + findings)', 'wall ms': Math.round(t2 - t1), 'cpu ms': Math.round(c2 - c1) },
  { step: 'check, second run', 'wall ms': Math.round(t3 - t2), 'cpu ms': Math.round(c3 - c2) },
]);
console.table([
  { measure: 'compiled entries', value: result.stats.entries },
  { measure: 'equivalence classes', value: result.stats.classes },
  { measure: 'tier pairs with open flows', value: open },
  { measure: 'findings', value: result.findings.length },
  ...[...byCode].map(([code, n]) => ({ measure: `  ${code}`, value: n })),
]);
if (warm.findings.length !== result.findings.length) throw new Error('runs disagree');
const first = t2 - t1;
console.log(
  first <= 1000
    ? `target met: check ${Math.round(first)} ms ≤ 1 s`
    : `target missed: check took ${Math.round(first)} ms (> 1 s)`,
);
if (ruleset.errors.length) console.log('parse errors:', ruleset.errors.slice(0, 3));
// NETWORK_BENCH_DUMP=file writes the whole result (tier matrix, findings in order) to compare versions of the checker.
const dump = process.env.NETWORK_BENCH_DUMP;
if (dump) {
  const { ms: _ms, phases: _phases, ...stats } = result.stats;
  writeFileSync(dump, JSON.stringify({ ...result, stats }, null, 1));
}
