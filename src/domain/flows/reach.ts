/**
 * Tier reachability from the equivalence classes: which tier may reach which, with a witness packet, and the
 * matrix verdict for every allowed cross-tier class. A class is refined only as far as the policy can tell flows
 * apart: by system (roles, declared flows, exceptions) and by the ports and protocols the policy mentions.
 */
import {
  cellFor,
  cellKey,
  type FlowException,
  type FlowMatrix,
  serviceMatches,
  TIER_NAMES,
  type Tier,
  type TierFlow,
  verdictForFlow,
} from '../tiers.ts';
import { decodeLeaf, type Leaf, type Outcome, type ValueLeaf } from './classes.ts';
import { type Compiled, DIM, type Entry } from './compile.ts';
import { finding, type NetworkFinding, ruleWords, serviceWords, type Witness } from './findings.ts';
import type { IntervalSet } from './intervals.ts';
import { formatAddress } from './ip.ts';
import { type EndpointClass, endpointOf, NO_FLOWS, PairIndex } from './pairs.ts';
import type { RankSet } from './ranks.ts';
import { type DeclaredFlow, policyCuts, type RegisterSystem, type TierPainting } from './register.ts';
import { PORT_PROTOCOLS } from './ruleset.ts';
import { ICMP, leafWitness, ruleRef, witnessEntry } from './witness.ts';

/** Two tiers by name for messages: インターネット接続系→LGWAN接続系. */
const tierPair = (from: Tier, to: Tier) => ({
  ja: `${TIER_NAMES[from]?.ja ?? from}→${TIER_NAMES[to]?.ja ?? to}`,
  en: `${TIER_NAMES[from]?.en ?? from} → ${TIER_NAMES[to]?.en ?? to}`,
});

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

/** Findings of one cell and deciding rule, by verdict code (or `unreg`) and exception id (or ''). */
type Tally = Map<string, Map<string, NetworkFinding>>;

export class ReachAnalysis {
  private readonly cells = new Map<string, TierReach>();
  private readonly pairs: PairIndex;
  /** Findings in the order they were first met; `tallies` finds them again to count repeats. */
  private readonly ordered: NetworkFinding[] = [];
  private readonly tallies = new Map<string, Map<number, Tally>>();
  private readonly keyed = new Map<string, NetworkFinding>();
  private readonly anyAny = new Set<number>();
  private readonly cuts: { protos: bigint[]; ports: bigint[] };
  truncated = 0;

  constructor(private readonly ctx: ReachContext) {
    const services = [
      ...ctx.flows.map((f) => f.service),
      ...ctx.exceptions.flatMap((e) => e.services),
      ...ctx.matrix.channels.flatMap((c) => c.services),
    ];
    this.cuts = policyCuts(services);
    this.pairs = new PairIndex(ctx);
  }

  private tierOf(addrTag: number, zoneTag: number): number {
    if (addrTag >= 0 && zoneTag >= 0 && addrTag !== zoneTag) return -1;
    return addrTag >= 0 ? addrTag : zoneTag;
  }

  onLeaf(leaf: Leaf) {
    const zt = this.ctx.zoneTierIds;
    const { tiers } = this.ctx.addressTiers;
    // Zone values are their own ranks (compile.ts): no decoding needed to find the tiers.
    const fromId = this.tierOf(leaf.tags[DIM.src], zt[leaf.sets[DIM.srcZone][0]] ?? -1);
    const toId = this.tierOf(leaf.tags[DIM.dst], zt[leaf.sets[DIM.dstZone][0]] ?? -1);
    if (fromId < 0 || toId < 0) return;
    const from = tiers[fromId];
    const to = tiers[toId];
    const ev = new LeafValues(this.ctx.compiled, leaf);
    const key = cellKey(from, to);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { from, to, verdict: 'denied', openClasses: 0 };
      this.cells.set(key, cell);
    }
    const outcome = leaf.outcome;
    if (outcome !== 'denied') cell.openClasses++;
    if (!cell.witness || RANK[outcome] > RANK[cell.verdict]) {
      cell.verdict = outcome;
      cell.witness = leafWitness(this.ctx.compiled, ev.value());
    }
    if (outcome === 'denied' || from === to) return;
    if (this.ctx.boundaries && !this.ctx.boundaries.some(([a, b]) => a === from && b === to)) return;
    this.judge(ev, from, to, toId, key);
  }

  /** Representatives of protocol and port rank sets (cut at the policy's boundaries), as numbers. */
  private readonly repCache = [new Map<number | string, number[]>(), new Map<number | string, number[]>()];

  private reps(d: number, set: RankSet): number[] {
    const cache = this.repCache[d === DIM.proto ? 0 : 1];
    const key = set.length === 2 ? set[0] * 2 ** 26 + set[1] : set.join(',');
    let hit = cache.get(key);
    if (!hit) {
      const values = this.ctx.compiled.space.decode(d, set);
      // Protocols and ports are small integers: `| 0` keeps them small integers for the engine too.
      hit = representatives(values, d === DIM.proto ? this.cuts.protos : this.cuts.ports).map((v) => Number(v) | 0);
      cache.set(key, hit);
    }
    return hit;
  }

  private judge(ev: LeafValues, from: Tier, to: Tier, toId: number, cellKey: string) {
    const { compiled } = this.ctx;
    const leaf = ev.leaf;
    const certainty = leaf.outcome === 'allowed' ? 'definite' : 'possible';
    const decidingEntry = witnessEntry(leaf);
    const ruleKey = decidingEntry?.rule ?? -1;
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
              ja: `${ruleWords(cr.rule).ja}が、送信元・宛先を限定せず（any）${tierPair(from, to).ja}の通信を許可しています`,
              en: `${ruleWords(cr.rule).en} allows any/any across tiers (${tierPair(from, to).en})`,
            },
            {
              rule: ruleRef(compiled, decidingEntry) ?? undefined,
              witness: leafWitness(compiled, ev.value()),
              cell: `${from}->${to}`,
            },
          ),
        );
      }
    }
    const { srcs, dsts, declared: declaredFlows } = this.pairs.of(leaf.sets[DIM.src], leaf.sets[DIM.dst], to, toId);
    const cell = cellFor(this.ctx.matrix, from, to);
    // Only exceptions, channels and declared flows tell ports apart; elsewhere one flow per endpoint pair suffices.
    const cellByPort = cell.type === 'exact' || cell.type === 'sanitized';
    // Forbidden and allowed cells do not look at endpoints either: one pair stands for all undeclared pairs.
    const cellByEndpoint = cell.type !== 'forbidden' && cell.type !== 'allowed';
    const protos = this.reps(DIM.proto, leaf.sets[DIM.proto]);
    let ports: number[] | null = null;
    let byRule = this.tallies.get(cellKey);
    if (!byRule) {
      byRule = new Map();
      this.tallies.set(cellKey, byRule);
    }
    let tally = byRule.get(ruleKey);
    if (!tally) {
      tally = new Map();
      byRule.set(ruleKey, tally);
    }
    const judged: Judged = { ev, from, to, certainty, decidingEntry, tally };
    let budget = this.ctx.maxFlowsPerClass;
    let judgedPlain = false;
    for (let si = 0; si < srcs.length; si++) {
      const s = srcs[si];
      const row = declaredFlows[si];
      for (let di = 0; di < dsts.length; di++) {
        const d = dsts[di];
        const candidates = row ? row[di] : NO_FLOWS;
        const declared = candidates.length > 0;
        if (!cellByEndpoint && !declared) {
          if (judgedPlain) continue;
          judgedPlain = true;
        }
        const byPort = cellByPort || declared;
        const protoCount = byPort ? protos.length : 1;
        for (let pi = 0; pi < protoCount; pi++) {
          const p = protos[pi];
          const ported = PORT_PROTOCOLS.has(p) || ICMP.has(p);
          if (ported) ports ??= this.reps(DIM.dport, leaf.sets[DIM.dport]);
          const portCount = ported ? (byPort ? (ports as number[]).length : 1) : 1;
          for (let qi = 0; qi < portCount; qi++) {
            if (budget-- <= 0) {
              this.truncated++;
              return;
            }
            this.judgeFlow(judged, s, d, p, ported ? (ports as number[])[qi] : undefined, candidates);
          }
        }
      }
    }
  }

  private readonly flow: TierFlow = {
    from: { tier: 'other' },
    to: { tier: 'other' },
    proto: 0,
    port: undefined,
    mechanism: undefined,
    screenTransfer: undefined,
  };

  private judgeFlow(
    j: Judged,
    s: EndpointClass,
    d: EndpointClass,
    proto: number,
    port: number | undefined,
    candidates: DeclaredFlow[],
  ) {
    const { from, to } = j;
    // One flow object serves every call: `verdictForFlow` only reads it.
    const flow = this.flow;
    flow.from = endpointOf(s, from);
    flow.to = endpointOf(d, to);
    flow.proto = proto;
    flow.port = port;
    flow.mechanism = undefined;
    flow.screenTransfer = undefined;
    let declared: DeclaredFlow | undefined;
    for (let i = 0; i < candidates.length; i++) {
      if (serviceMatches(candidates[i].service, proto, port)) {
        declared = candidates[i];
        break;
      }
    }
    if (declared) {
      flow.mechanism = declared.mechanism;
      flow.screenTransfer = declared.screenTransfer;
    }
    const v = verdictForFlow(this.ctx.matrix, this.ctx.exceptions, flow, this.ctx.on);
    // The aggregation key is (code, cell, deciding rule, exception) and (unregistered, cell, deciding rule).
    const byCode = v.code ? this.count(j.tally, v.code, v.exceptionId ?? 'undefined') : null;
    const unregistered = !declared && !v.exceptionId;
    const byUnreg = unregistered ? this.count(j.tally, 'unreg', '') : null;
    if ((!v.code || byCode) && (!unregistered || byUnreg)) return;
    const { compiled } = this.ctx;
    const witness = leafWitness(compiled, j.ev.value(), {
      srcIp: s.text,
      dstIp: d.text,
      proto,
      port,
      srcSystemId: s.system?.id,
      dstSystemId: d.system?.id,
    });
    const who = `${s.system?.name ?? s.text} → ${d.system?.name ?? d.text}`;
    const svc = serviceWords(proto, port);
    const rule = ruleRef(compiled, j.decidingEntry);
    const extra = { cell: v.cellKey, witness, rule: rule ?? undefined };
    if (v.code && !byCode) {
      this.record(j.tally, v.code, v.exceptionId ?? 'undefined', {
        ...finding(
          v.code,
          j.certainty,
          { ja: `${who}（${svc.ja}）：${v.reason.ja}`, en: `${who} (${svc.en}): ${v.reason.en}` },
          { ...extra, clause: v.clause },
        ),
        count: 1,
      });
    }
    if (unregistered && !byUnreg) {
      this.record(j.tally, 'unreg', '', {
        ...finding(
          'UNREGISTERED-FLOW',
          j.certainty,
          {
            ja: `台帳に登録のない${tierPair(from, to).ja}の通信が許可されています：${who}（${svc.ja}）`,
            en: `undeclared ${tierPair(from, to).en} flow allowed: ${who} (${svc.en})`,
          },
          extra,
        ),
        count: 1,
      });
    }
  }

  /** Counts one more occurrence of an existing finding and returns it; null when the key is new. */
  private count(tally: Tally, code: string, exception: string): NetworkFinding | null {
    const f = tally.get(code)?.get(exception);
    if (!f) return null;
    f.count = (f.count ?? 1) + 1;
    return f;
  }

  private record(tally: Tally, code: string, exception: string, f: NetworkFinding) {
    let byException = tally.get(code);
    if (!byException) {
      byException = new Map();
      tally.set(code, byException);
    }
    byException.set(exception, f);
    this.ordered.push(f);
  }

  private add(key: string, f: NetworkFinding) {
    const prev = this.keyed.get(key);
    if (prev) prev.count = (prev.count ?? 1) + 1;
    else {
      const first = { ...f, count: 1 };
      this.keyed.set(key, first);
      this.ordered.push(first);
    }
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
    return [...this.ordered];
  }
}

/** What the flows of one class share. */
interface Judged {
  ev: LeafValues;
  from: Tier;
  to: Tier;
  certainty: 'definite' | 'possible';
  decidingEntry: Entry | null;
  tally: Tally;
}

/** A class with its values decoded on first use (only witnesses need them). */
class LeafValues {
  private decoded: ValueLeaf | null = null;
  constructor(
    private readonly compiled: Compiled,
    readonly leaf: Leaf,
  ) {}

  value(): ValueLeaf {
    this.decoded ??= decodeLeaf(this.compiled, this.leaf);
    return this.decoded;
  }
}
