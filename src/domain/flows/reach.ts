/**
 * Tier reachability from the equivalence classes: which tier may reach which, with a witness packet, and the
 * matrix verdict for every allowed cross-tier class. A class is refined only as far as the policy can tell flows
 * apart: by system (roles, declared flows, exceptions) and by the ports and protocols the policy mentions.
 */
import {
  cellFor,
  type FlowException,
  type FlowMatrix,
  serviceMatches,
  type Tier,
  type TierFlow,
  verdictForFlow,
} from '../tiers.ts';
import { decodeLeaf, type Leaf, type Outcome, type ValueLeaf } from './classes.ts';
import { type Compiled, DIM, type Entry } from './compile.ts';
import { finding, type NetworkFinding, type RuleRef, type Witness } from './findings.ts';
import { fromPairs, type IntervalSet, subtract } from './intervals.ts';
import { formatAddress } from './ip.ts';
import type { RankSet } from './ranks.ts';
import { type DeclaredFlow, policyCuts, type RegisterSystem, type TierPainting } from './register.ts';
import { PORT_PROTOCOLS } from './ruleset.ts';
import { hostOf, ICMP, leafWitness, ruleRef, witnessEntry } from './witness.ts';

export interface TierReach {
  from: Tier;
  to: Tier;
  verdict: Outcome;
  witness?: Witness;
  /** Equivalence classes of packets between the two tiers that are allowed or possibly allowed. */
  openClasses: number;
}

export interface ReachContext {
  compiled: Compiled;
  matrix: FlowMatrix;
  exceptions: readonly FlowException[];
  on: string;
  systems: RegisterSystem[];
  flows: DeclaredFlow[];
  addressTiers: TierPainting;
  /** Tier of each zone-dimension value, -1 when unmapped (index into addressTiers.tiers). */
  zoneTierIds: number[];
  boundaries?: [Tier, Tier][];
  maxFlowsPerClass: number;
}

function overlapsRange(set: IntervalSet, lo: bigint, hi: bigint): boolean {
  for (let i = 0; i < set.length; i += 2) if (set[i] <= hi && lo <= set[i + 1]) return true;
  return false;
}

const RANK: Record<Outcome, number> = { denied: 0, possibly: 1, allowed: 2 };

/** First value of every piece of `set` when cut at `cuts`. */
function representatives(set: IntervalSet, cuts: bigint[]): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < set.length; i += 2) {
    out.push(set[i]);
    for (const c of cuts) if (c > set[i] && c <= set[i + 1]) out.push(c);
  }
  // Readable witnesses first: TCP and UDP before other protocols, port 0 last.
  const rank = (v: bigint) => (v === 6n ? 0 : v === 17n ? 1 : v === 0n ? 3 : 2);
  return out.sort((a, b) => rank(a) - rank(b));
}

interface EndpointClass {
  system?: RegisterSystem;
  address: bigint;
  text: string;
}

export class ReachAnalysis {
  private readonly cells = new Map<string, TierReach>();
  private readonly found = new Map<string, NetworkFinding>();
  private readonly anyAny = new Set<number>();
  /** Systems named by exceptions; declared flows by source and by destination system. */
  private readonly excepted = new Set<string>();
  private readonly flowsFrom = new Map<string, Set<string>>();
  private readonly flowsTo = new Map<string, Set<string>>();
  private readonly declared = new Map<string, DeclaredFlow[]>();
  private readonly cuts: { protos: bigint[]; ports: bigint[] };
  truncated = 0;

  constructor(private readonly ctx: ReachContext) {
    for (const f of ctx.flows) {
      this.flowsFrom.set(f.from, (this.flowsFrom.get(f.from) ?? new Set()).add(f.to));
      this.flowsTo.set(f.to, (this.flowsTo.get(f.to) ?? new Set()).add(f.from));
      const k = `${f.from}>${f.to}`;
      this.declared.set(k, [...(this.declared.get(k) ?? []), f]);
    }
    for (const e of ctx.exceptions) for (const id of [e.from.systemId, e.to.systemId]) if (id) this.excepted.add(id);
    const services = [
      ...ctx.flows.map((f) => f.service),
      ...ctx.exceptions.flatMap((e) => e.services),
      ...ctx.matrix.channels.flatMap((c) => c.services),
    ];
    this.cuts = policyCuts(services);
  }

  private tierOf(addrTag: number, zoneTag: number): Tier | null {
    if (addrTag >= 0 && zoneTag >= 0 && addrTag !== zoneTag) return null;
    const t = addrTag >= 0 ? addrTag : zoneTag;
    return t >= 0 ? this.ctx.addressTiers.tiers[t] : null;
  }

  onLeaf(rankLeaf: Leaf) {
    const zt = this.ctx.zoneTierIds;
    const { space } = this.ctx.compiled;
    // Decoding a class into values allocates bigints: only the zone values are needed to find the tiers.
    const zoneOf = (d: number) => zt[Number(space.decode(d, rankLeaf.sets[d].slice(0, 2))[0])] ?? -1;
    const from = this.tierOf(rankLeaf.tags[DIM.src], zoneOf(DIM.srcZone));
    const to = this.tierOf(rankLeaf.tags[DIM.dst], zoneOf(DIM.dstZone));
    if (!from || !to) return;
    let decoded: ValueLeaf | null = null;
    const value = () => {
      decoded ??= decodeLeaf(this.ctx.compiled, rankLeaf);
      return decoded;
    };
    const key = `${from}->${to}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { from, to, verdict: 'denied', openClasses: 0 };
      this.cells.set(key, cell);
    }
    const outcome = rankLeaf.outcome;
    if (outcome !== 'denied') cell.openClasses++;
    if (!cell.witness || RANK[outcome] > RANK[cell.verdict]) {
      cell.verdict = outcome;
      cell.witness = leafWitness(this.ctx.compiled, value());
    }
    if (outcome === 'denied' || from === to) return;
    if (this.ctx.boundaries && !this.ctx.boundaries.some(([a, b]) => a === from && b === to)) return;
    this.judge(value(), from, to, rankLeaf);
  }

  /** Registered systems inside `set` (with their first address there) and a host of the unregistered rest. */
  private systemsIn(set: IntervalSet): { found: { sys: RegisterSystem; first: bigint }[]; rest: bigint | null } {
    const { systems } = this.ctx.addressTiers;
    const found: { sys: RegisterSystem; first: bigint }[] = [];
    const covered: [bigint, bigint][] = [];
    // Registered systems do not overlap, so their intervals are sorted by end as well as by start.
    for (let i = 0; i < set.length; i += 2) {
      let lo = 0;
      let hi = systems.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (systems[mid].hi < set[i]) lo = mid + 1;
        else hi = mid;
      }
      for (let k = Math.max(0, lo - 1); k < systems.length && systems[k].lo <= set[i + 1]; k++) {
        const s = systems[k];
        if (s.hi < set[i]) continue;
        // biome-ignore lint/complexity/useMathMinMax: bigint
        const first = s.lo > set[i] ? s.lo : set[i];
        // biome-ignore lint/complexity/useMathMinMax: bigint
        const last = s.hi < set[i + 1] ? s.hi : set[i + 1];
        covered.push([first, last]);
        found.push({ sys: this.ctx.systems[s.system], first });
      }
    }
    const rest = subtract(set, fromPairs(covered));
    return { found, rest: rest.length ? hostOf(rest) : null };
  }

  /**
   * Endpoint classes: systems the policy cannot tell apart (same roles, no declared flow or exception involving
   * the other side of this class) share one class; the unregistered rest is a class of its own.
   */
  private endpoints(side: ReturnType<ReachAnalysis['systemsIn']>, own: (id: string) => boolean): EndpointClass[] {
    const bySignature = new Map<string, EndpointClass>();
    for (const { sys, first } of side.found) {
      const sig = own(sys.id) ? `id:${sys.id}` : `roles:${[...sys.roles].sort().join(',')}`;
      if (!bySignature.has(sig)) bySignature.set(sig, { system: sys, address: first, text: formatAddress(first) });
    }
    const out = [...bySignature.values()];
    if (side.rest !== null) out.unshift({ address: side.rest, text: formatAddress(side.rest) });
    return out;
  }

  /** Compiled rule index of the class being judged (part of the aggregation key). */
  private ruleKey = -1;

  /**
   * Caches: many classes share their source or destination set, and many flows repeat (same pair, rule and
   * service); a repeated flow only adds to the count of the findings it produced the first time.
   */
  private readonly sideCache = new Map<string, ReturnType<ReachAnalysis['systemsIn']>>();
  private readonly pairCache = new Map<string, { srcs: EndpointClass[]; dsts: EndpointClass[] }>();

  private side(d: number, rank: RankSet, set: IntervalSet) {
    // Ranks are per dimension: the same numbers mean other addresses on the other side.
    const key = `${d}:${rank.join(',')}`;
    let hit = this.sideCache.get(key);
    if (!hit) {
      hit = this.systemsIn(set);
      this.sideCache.set(key, hit);
    }
    return { key, side: hit };
  }

  private judge(leaf: ValueLeaf, from: Tier, to: Tier, rankLeaf: Leaf) {
    const { compiled } = this.ctx;
    const certainty = leaf.outcome === 'allowed' ? 'definite' : 'possible';
    const decidingEntry = witnessEntry(leaf);
    this.ruleKey = decidingEntry?.rule ?? -1;
    const rule = ruleRef(compiled, decidingEntry);
    if (decidingEntry && decidingEntry.rule >= 0 && !this.anyAny.has(decidingEntry.rule)) {
      const cr = compiled.rules[decidingEntry.rule];
      const fullAddr = ((1 << DIM.src) | (1 << DIM.dst)) as number;
      if (cr.category === 'accept' && (decidingEntry.coverMask & fullAddr) === fullAddr) {
        this.anyAny.add(decidingEntry.rule);
        this.add(
          `any|${decidingEntry.rule}`,
          finding(
            'ANY-ANY-CROSS-TIER',
            certainty,
            {
              ja: `ルール ${cr.rule.id} が送信元・宛先 any でセグメント間（${from}→${to}）を許可`,
              en: `rule ${cr.rule.id} allows any/any across tiers (${from}->${to})`,
            },
            { rule: rule ?? undefined, witness: leafWitness(compiled, leaf), cell: `${from}->${to}` },
          ),
        );
      }
    }
    const src = this.side(DIM.src, rankLeaf.sets[DIM.src], leaf.sets[DIM.src]);
    const dst = this.side(DIM.dst, rankLeaf.sets[DIM.dst], leaf.sets[DIM.dst]);
    const pairKey = `${to}|${src.key}|${dst.key}`;
    let pair = this.pairCache.get(pairKey);
    if (!pair) {
      const srcIn = src.side;
      const dstIn = dst.side;
      const srcIds = new Set(srcIn.found.map((x) => x.sys.id));
      const dstIds = new Set(dstIn.found.map((x) => x.sys.id));
      const linked = (ids: Set<string>, others: Set<string> | undefined) =>
        !!others && [...others].some((o) => ids.has(o));
      dstIds.add(`tier:${to}`);
      pair = {
        srcs: this.endpoints(srcIn, (id) => this.excepted.has(id) || linked(dstIds, this.flowsFrom.get(id))),
        dsts: this.endpoints(dstIn, (id) => this.excepted.has(id) || linked(srcIds, this.flowsTo.get(id))),
      };
      this.pairCache.set(pairKey, pair);
    }
    const { srcs, dsts } = pair;
    const cell = cellFor(this.ctx.matrix, from, to);
    // Only exceptions, channels and declared flows tell ports apart; elsewhere one flow per endpoint pair suffices.
    const cellByPort = cell.type === 'exact' || cell.type === 'sanitized';
    // Forbidden and allowed cells do not look at endpoints either: one pair stands for all undeclared pairs.
    const cellByEndpoint = cell.type !== 'forbidden' && cell.type !== 'allowed';
    const protos = representatives(leaf.sets[DIM.proto], this.cuts.protos);
    let budget = this.ctx.maxFlowsPerClass;
    let judgedPlain = false;
    for (const s of srcs) {
      for (const d of dsts) {
        const declared =
          this.declared.has(`${s.system?.id}>${d.system?.id}`) || this.declared.has(`${s.system?.id}>tier:${to}`);
        if (!cellByEndpoint && !declared) {
          if (judgedPlain) continue;
          judgedPlain = true;
        }
        const byPort = cellByPort || declared;
        for (const proto of byPort ? protos : protos.slice(0, 1)) {
          const p = Number(proto);
          const ported = PORT_PROTOCOLS.has(p) || ICMP.has(p);
          const ports = ported ? representatives(leaf.sets[DIM.dport], this.cuts.ports) : [undefined];
          for (const port of byPort ? ports : ports.slice(0, 1)) {
            if (budget-- <= 0) {
              this.truncated++;
              return;
            }
            this.judgeFlow(leaf, from, to, s, d, p, port === undefined ? undefined : Number(port), certainty, rule);
          }
        }
      }
    }
  }

  private judgeFlow(
    leaf: ValueLeaf,
    from: Tier,
    to: Tier,
    s: EndpointClass,
    d: EndpointClass,
    proto: number,
    port: number | undefined,
    certainty: 'definite' | 'possible',
    rule: RuleRef | null,
  ) {
    const flow: TierFlow = {
      from: { tier: from, systemId: s.system?.id, roles: s.system?.roles, address: s.text },
      to: { tier: to, systemId: d.system?.id, roles: d.system?.roles, address: d.text },
      proto,
      port,
    };
    const candidates = [
      ...(this.declared.get(`${s.system?.id}>${d.system?.id}`) ?? []),
      ...(this.declared.get(`${s.system?.id}>tier:${to}`) ?? []),
    ];
    const declared = candidates.find((f) => serviceMatches(f.service, proto, port));
    if (declared) {
      flow.mechanism = declared.mechanism;
      flow.screenTransfer = declared.screenTransfer;
    }
    const v = verdictForFlow(this.ctx.matrix, this.ctx.exceptions, flow, this.ctx.on);
    const base = `${v.cellKey}|${this.ruleKey}`;
    const keys: string[] = [];
    if (v.code) keys.push(`${v.code}|${base}|${v.exceptionId}`);
    if (!declared && !v.exceptionId) keys.push(`unreg|${base}`);
    const known = keys.map((k) => this.count(k));
    if (known.every(Boolean)) return;
    const witness = leafWitness(this.ctx.compiled, leaf, {
      srcIp: s.text,
      dstIp: d.text,
      proto,
      port,
      srcSystemId: s.system?.id,
      dstSystemId: d.system?.id,
    });
    const who = `${s.system?.name ?? s.text} → ${d.system?.name ?? d.text}`;
    const svc = port === undefined ? `proto ${proto}` : `${proto}/${port}`;
    const extra = { cell: v.cellKey, witness, rule: rule ?? undefined };
    if (v.code && !known[0]) {
      this.found.set(keys[0], {
        ...finding(
          v.code,
          certainty,
          { ja: `${who}（${svc}）: ${v.reason.ja}`, en: `${who} (${svc}): ${v.reason.en}` },
          { ...extra, clause: v.clause },
        ),
        count: 1,
      });
    }
    const u = keys.findIndex((k) => k.startsWith('unreg|'));
    const unreg = keys[u];
    if (u >= 0 && !known[u]) {
      this.found.set(unreg, {
        ...finding(
          'UNREGISTERED-FLOW',
          certainty,
          {
            ja: `台帳に登録のない ${from}→${to} 通信が許可されている: ${who}（${svc}）`,
            en: `undeclared ${from}->${to} flow allowed: ${who} (${svc})`,
          },
          extra,
        ),
        count: 1,
      });
    }
  }

  /** Counts one more occurrence of an existing finding; false when the key is new. */
  private count(key: string): boolean {
    const f = this.found.get(key);
    if (f) f.count = (f.count ?? 1) + 1;
    return !!f;
  }

  private add(key: string, f: NetworkFinding) {
    const prev = this.found.get(key);
    if (prev) prev.count = (prev.count ?? 1) + 1;
    else this.found.set(key, { ...f, count: 1 });
  }

  /** Every pair of known tiers; pairs without an open class are denied. */
  matrix(): TierReach[] {
    const tiers = this.ctx.addressTiers.tiers;
    const out: TierReach[] = [];
    for (const from of tiers) {
      for (const to of tiers)
        out.push(this.cells.get(`${from}->${to}`) ?? { from, to, verdict: 'denied', openClasses: 0 });
    }
    return out;
  }

  /** An entry whose region could not be split: every tier pair it touches becomes at least "possibly". */
  onUnsplit(e: Entry) {
    const { tiers, painting } = this.ctx.addressTiers;
    const touched = (set: IntervalSet) =>
      tiers.map((_, t) =>
        painting.starts.findIndex((lo, k) => painting.tags[k] === t && overlapsRange(set, lo, painting.ends[k])),
      );
    const src = touched(e.values[DIM.src]);
    const dst = touched(e.values[DIM.dst]);
    tiers.forEach((from, i) => {
      tiers.forEach((to, j) => {
        if (src[i] < 0 || dst[j] < 0 || from === to) return;
        const key = `${from}->${to}`;
        const cell = this.cells.get(key) ?? { from, to, verdict: 'denied' as Outcome, openClasses: 0 };
        this.cells.set(key, cell);
        if (cell.verdict === 'denied') {
          cell.verdict = 'possibly';
          cell.witness = {
            srcIp: formatAddress(painting.starts[src[i]]),
            dstIp: formatAddress(painting.starts[dst[j]]),
            proto: Number(e.values[DIM.proto][0]),
            verdict: 'possibly',
            rule: ruleRef(this.ctx.compiled, e),
          };
        }
      });
    });
  }

  findings(): NetworkFinding[] {
    return [...this.found.values()];
  }
}
