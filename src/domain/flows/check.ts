/**
 * The flow checker: one device's ruleset against the register and the tier matrix of the network model.
 * Output: reachability between every pair of tiers with a witness packet, and findings (B6) with severity,
 * certainty, witness and clause. v1 limits (stated in `limitations`): one enforcing device, no routing, NAT only
 * as "possibly".
 */
import { type FlowMatrix, matrixFor, type NetworkModel, parseServiceText, type Tier } from '../tiers.ts';
import { anomalyFindings, finalDenyFindings, objectFindings } from './anomalies.ts';
import type { Painting } from './classes.ts';
import { type Compiled, compile, DIM, NDIM } from './compile.ts';
import { finding, type NetworkFinding } from './findings.ts';
import { formatAddress } from './ip.ts';
import { ReachAnalysis, type TierReach } from './reach.ts';
import { analyzeEntries, type OverlapIndex, probe } from './regions.ts';
import { addressInterval, type NetworkRegister, paintTiers, type ValuePainting } from './register.ts';
import type { FirewallRuleset } from './ruleset.ts';
import { ruleRef } from './witness.ts';

export interface CheckInput {
  model: NetworkModel | FlowMatrix;
  /** ISO date the exceptions are judged on. */
  on: string;
  register: NetworkRegister;
  ruleset: FirewallRuleset;
  /** Pipeline (base chain sequence) to evaluate; default the ruleset's first. */
  pipeline?: string;
  /** Zone or interface name of the firewall → tier, for zone-based devices. */
  zoneTiers?: Record<string, Tier>;
  /** Tier pairs this device enforces; default every pair. */
  boundaries?: [Tier, Tier][];
  /** Flows judged per equivalence class before giving up on it (reported as a limitation). */
  maxFlowsPerClass?: number;
  /** Classes split per rule before its region is reported as too complex. */
  maxClassesPerRule?: number;
}

export interface CheckResult {
  pipeline: string | null;
  tiers: TierReach[];
  findings: NetworkFinding[];
  skipped: { rule: string; chain: string; reason: string; file: string; line: number }[];
  limitations: string[];
  /** False when the import was partial or the analysis was cut short. */
  complete: boolean;
  stats: { rules: number; entries: number; classes: number; ms: number; phases: Record<string, number> };
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

export function checkNetwork(input: CheckInput): CheckResult {
  const started = performance.now();
  const matrix = typeof input.model === 'string' ? matrixFor(input.model) : input.model;
  const { ruleset, register } = input;
  const phase: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phase[name] = now - mark;
    mark = now;
  };
  const addressTiers = paintTiers(register);
  // Tier and system boundaries become rank boundaries: classes are then judged in ranks (sides.ts).
  const cuts = addressTiers.painting.starts.flatMap((lo, i) => [lo, addressTiers.painting.ends[i] + 1n]);
  for (const s of addressTiers.systems) cuts.push(s.lo, s.hi + 1n);
  const compiled = compile(ruleset, input.pipeline, cuts);
  lap('compile');
  const tierIndex = (t: Tier) => {
    const i = addressTiers.tiers.indexOf(t);
    return i >= 0 ? i : addressTiers.tiers.push(t) - 1;
  };
  const zoneTierIds = compiled.zones.names.map((n) => (input.zoneTiers?.[n] ? tierIndex(input.zoneTiers[n]) : -1));
  const zonePainting = paintZones(zoneTierIds);
  const paintings = new Array(NDIM).fill(null);
  paintings[0] = zonePainting;
  paintings[1] = zonePainting;
  paintings[DIM.src] = rankPainting(compiled, addressTiers.painting, DIM.src);
  paintings[DIM.dst] = rankPainting(compiled, addressTiers.painting, DIM.dst);
  const reach = new ReachAnalysis({
    compiled,
    matrix,
    exceptions: register.exceptions,
    on: input.on,
    systems: register.systems,
    flows: register.flows,
    addressTiers,
    zoneTierIds,
    boundaries: input.boundaries,
    maxFlowsPerClass: input.maxFlowsPerClass ?? 2000,
  });
  const {
    classes: leaves,
    uses,
    truncated,
    index,
  } = analyzeEntries(compiled, paintings, (leaf) => reach.onLeaf(leaf), input.maxClassesPerRule);
  for (const e of truncated) reach.onUnsplit(e);
  lap('classes');

  const findings: NetworkFinding[] = [
    ...reach.findings(),
    ...declaredFlowFindings(input, compiled, index, zoneTierIds, addressTiers.tiers),
  ];
  lap('declaredFlows');
  findings.push(...anomalyFindings(compiled, uses), ...finalDenyFindings(compiled), ...objectFindings(compiled));
  lap('anomalies');
  const limitations = [
    '経路（ルーティング）と複数機器の連鎖は評価しない / routing and multi-hop paths are not evaluated (v1)',
  ];
  if (ruleset.nat.length) {
    limitations.push(
      `NAT ${ruleset.nat.length} 件：NATに一致する通信は「可能性あり」として判定しています / ${ruleset.nat.length} NAT rules: matching flows are only "possibly"`,
    );
  }
  if (!ruleset.complete) {
    limitations.push(
      `取込みが不完全です（未対応 ${ruleset.unsupported.length} 件、エラー ${ruleset.errors.length} 件） / import incomplete`,
    );
  }
  if (reach.truncated) limitations.push(`${reach.truncated} classes were judged only in part (maxFlowsPerClass)`);
  if (truncated.length) {
    const ids = truncated
      .map((e) => (e.rule >= 0 ? compiled.rules[e.rule].rule.id : 'default'))
      .slice(0, 5)
      .join(', ');
    limitations.push(
      `${truncated.length} rules with regions too complex to split (${ids}…): their tier pairs are marked "possibly"`,
    );
  }
  limitations.push(...addressTiers.problems);
  for (const text of limitations.slice(1)) {
    // A limitation reads "日本語 / English"; each language shows its own half.
    const [ja, en = ja] = text.split(' / ');
    findings.push(finding('LIMITATION', 'definite', { ja, en }));
  }
  findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return {
    pipeline: compiled.pipeline?.name ?? null,
    tiers: reach.matrix(),
    findings,
    skipped: compiled.skipped.map((s) => ({ rule: s.rule.id, chain: s.chain, reason: s.reason, ...s.rule.source })),
    limitations,
    complete: ruleset.complete && reach.truncated === 0 && truncated.length === 0 && addressTiers.problems.length === 0,
    stats: {
      rules: compiled.rules.length,
      entries: compiled.entries.length,
      classes: leaves,
      ms: performance.now() - started,
      phases: phase,
    },
  };
}

function paintZones(tierIds: number[]): Painting | null {
  const p: Painting = { starts: [], ends: [], tags: [] };
  tierIds.forEach((t, i) => {
    if (t < 0) return;
    p.starts.push(i); // zone values are their own ranks
    p.ends.push(i);
    p.tags.push(t);
  });
  return p.starts.length ? p : null;
}

/** The tier painting in ranks (its boundaries are in the rank space: they were passed to `compile`). */
function rankPainting(compiled: Compiled, p: ValuePainting, d: number): Painting {
  const space = compiled.space;
  return {
    starts: p.starts.map((v) => space.rankOf(d, v)),
    ends: p.ends.map((v) => space.rankOf(d, v + 1n) - 1),
    tags: p.tags,
  };
}

/** Declared flows the device denies (probe: first address of each system, first port of the service). */
function declaredFlowFindings(
  input: CheckInput,
  compiled: Compiled,
  index: OverlapIndex,
  zoneTierIds: number[],
  tiers: Tier[],
): NetworkFinding[] {
  const out: NetworkFinding[] = [];
  const systems = new Map(input.register.systems.map((s) => [s.id, s]));
  const other = BigInt(compiled.zones.names.length - 1);
  const zoneFor = (t: Tier) => {
    const i = zoneTierIds.findIndex((z) => z >= 0 && tiers[z] === t);
    return i >= 0 ? BigInt(i) : other;
  };
  for (const f of input.register.flows) {
    const from = systems.get(f.from);
    const to = systems.get(f.to); // flows to a whole tier (`tier:…`) have no single endpoint to probe
    const svc = parseServiceText(f.service);
    if (!from || !to || !svc || from.tier === to.tier) continue;
    if (input.boundaries && !input.boundaries.some(([a, b]) => a === from.tier && b === to.tier)) continue;
    const src = from.addresses.map(addressInterval).find((r) => r !== null);
    const dst = to.addresses.map(addressInterval).find((r) => r !== null);
    if (!src || !dst) continue;
    const proto = svc.proto === 'any' ? 6 : svc.proto;
    const port = svc.ports?.[0] ?? 0;
    const w = probe(compiled, index, [
      zoneFor(from.tier),
      zoneFor(to.tier),
      src[0],
      dst[0],
      BigInt(proto),
      BigInt(port),
      EPHEMERAL,
    ]);
    if (w.outcome === 'allowed') continue;
    const rule = ruleRef(compiled, w.outcome === 'denied' ? w.decider : (w.possible[0] ?? w.decider)) ?? undefined;
    out.push(
      finding(
        'BLOCKED-DECLARED-FLOW',
        w.outcome === 'denied' ? 'definite' : 'possible',
        {
          ja: `登録済みの通信 ${f.id}（${from.name}→${to.name} ${f.service}）が${w.outcome === 'denied' ? '遮断されます' : '遮断される可能性があります'}`,
          en: `declared flow ${f.id} (${from.name} -> ${to.name} ${f.service}) is ${w.outcome === 'denied' ? 'blocked' : 'possibly blocked'}`,
        },
        {
          cell: `${from.tier}->${to.tier}`,
          rule,
          witness: {
            srcIp: formatAddress(src[0]),
            dstIp: formatAddress(dst[0]),
            proto,
            port,
            srcSystemId: from.id,
            dstSystemId: to.id,
            verdict: w.outcome,
            rule: rule ?? null,
          },
        },
      ),
    );
  }
  return out;
}

/** Source port of probe packets (start of the IANA ephemeral range). */
const EPHEMERAL = 49152n;
