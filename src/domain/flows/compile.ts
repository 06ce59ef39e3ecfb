/**
 * Turns one pipeline of a ruleset into a flat, ordered list of match entries over seven header dimensions
 * (ingress zone, egress zone, source, destination, protocol, destination port, source port).
 *
 * - A rule becomes one entry per service box: a *definite* entry for what is certainly matched, then a *possible*
 *   entry for the over-approximation where something is uncertain (FQDN, App-ID, unknown match).
 * - Jumps are inlined under the jumping rule's match (recursion limit 16); RETURN, goto fall-through and an accept
 *   in a non-final base chain become `return` entries that skip to the end of their block.
 * - Destination-NAT rules come first as possible `unknown` entries: whatever they match is only "possibly" decided.
 * - Finally every set is also expressed in ranks (ranks.ts) for the splitting engine.
 */
import { EMPTY, equals, type IntervalSet, intersect, isSubset, subtract } from './intervals.ts';
import { familySpace } from './ip.ts';
import { ALL_PORTS, ALL_PROTOS, ANY_SERVICE, complementServices, ObjectResolver, type ServiceBox } from './objects.ts';
import { boundariesOf, type RankSet, RankSpace } from './ranks.ts';
import type { Chain, FirewallRule, FirewallRuleset, Pipeline, TerminalAction } from './ruleset.ts';

export const NDIM = 7;
export const DIM = { srcZone: 0, dstZone: 1, src: 2, dst: 3, proto: 4, dport: 5, sport: 6 } as const;
export const DIM_NAMES = ['srcZone', 'dstZone', 'src', 'dst', 'proto', 'dport', 'sport'] as const;
export const ALL_DIMS = (1 << NDIM) - 1;
const MAX_DEPTH = 16;

export type EntryKind = 'accept' | 'block' | 'unknown' | 'return' | 'continue';

export interface Entry {
  index: number;
  kind: EntryKind;
  possible: boolean;
  reasons: string[];
  /** Rank sets per dimension (see ranks.ts): what the splitting engine works on. */
  sets: RankSet[];
  /** The same sets as values (addresses, ports). */
  values: IntervalSet[];
  /** For `return`: index of the first entry after the block it leaves. */
  blockEnd: number;
  /** Index into `Compiled.rules`; -1 for a chain default. */
  rule: number;
  /** Bit d set when the entry covers the whole universe of dimension d. */
  coverMask: number;
}

export interface CompiledRule {
  rule: FirewallRule;
  chain: string;
  entries: number[];
  category: 'accept' | 'block' | 'other';
}

export interface Compiled {
  pipeline: Pipeline | null;
  entries: Entry[];
  rules: CompiledRule[];
  zones: ZoneIndex;
  /** Universe per dimension, as ranks and as values. */
  universe: RankSet[];
  values: IntervalSet[];
  space: RankSpace;
  resolver: ObjectResolver;
  /** Rules left out of evaluation and why (disabled, established-only, recursion). */
  skipped: { rule: FirewallRule; chain: string; reason: string }[];
  defaultAction: TerminalAction;
}

const OTHER_ZONE = '*other*';
const BLOCKING = new Set<string>(['deny', 'drop', 'reject']);

/** Values of the zone dimensions: zones, interfaces outside zones, names only rules mention, and "other". */
export class ZoneIndex {
  readonly names: string[] = [];
  private readonly byName = new Map<string, number>();
  private readonly ifaceZone = new Map<string, string>();

  constructor(ruleset: FirewallRuleset) {
    for (const z of ruleset.zones) {
      this.add(z.name);
      for (const i of z.interfaces) this.ifaceZone.set(i, z.name);
    }
    for (const i of ruleset.interfaces) {
      if (i.zone) this.ifaceZone.set(i.name, i.zone);
      else if (!this.ifaceZone.has(i.name)) this.add(i.name);
    }
    const visit = (r: FirewallRule) => {
      for (const list of [r.srcZones, r.dstZones]) {
        if (list !== 'any') for (const n of list) if (!n.endsWith('+') && !this.ifaceZone.has(n)) this.add(n);
      }
    };
    for (const c of ruleset.chains) c.rules.forEach(visit);
    ruleset.nat.forEach(visit);
    this.add(OTHER_ZONE);
  }

  private add(name: string) {
    if (!this.byName.has(name)) {
      this.byName.set(name, this.names.length);
      this.names.push(name);
    }
  }

  private all: IntervalSet | null = null;

  /** Every zone value (names are only added while constructing). */
  get universe(): IntervalSet {
    this.all ??= [0n, BigInt(this.names.length - 1)];
    return this.all;
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(this.ifaceZone.get(name) ?? name);
  }

  /** Set of the named zones/interfaces; a wildcard (`eth+`) is uncertain. */
  set(names: string[] | 'any', negate = false): { set: IntervalSet; uncertain: string[] } {
    if (names === 'any') return { set: negate ? EMPTY : this.universe, uncertain: [] };
    const wild = names.filter((n) => n.endsWith('+'));
    const idx = names
      .filter((n) => !n.endsWith('+'))
      .map((n) => this.indexOf(n))
      .filter((i) => i !== undefined);
    let set: IntervalSet = [];
    for (const i of [...new Set(idx)].sort((a, b) => a - b)) set = mergeValue(set, BigInt(i));
    if (negate) set = subtract(this.universe, set);
    return wild.length ? { set: EMPTY, uncertain: wild.map((w) => `interface wildcard ${w}`) } : { set, uncertain: [] };
  }
}

function mergeValue(set: IntervalSet, v: bigint): IntervalSet {
  const n = set.length;
  if (n && set[n - 1] + 1n === v) return [...set.slice(0, n - 1), v];
  return [...set, v, v];
}

interface Box {
  sets: IntervalSet[];
  possible: boolean;
  reasons: string[];
}

/** The definite and possible boxes of one rule (before any jump context). */
export function ruleBoxes(rule: FirewallRule, resolver: ObjectResolver, zones: ZoneIndex, space: IntervalSet): Box[] {
  const fam = familiesWithin(rule.families, space);
  const from = rule.id;
  const reasons: string[] = [...rule.possibly];
  // Each dimension: definite set, and the possible superset when uncertain (null = same as definite).
  const zoneDim = (names: string[] | 'any', negate?: boolean): [IntervalSet, IntervalSet | null] => {
    const z = zones.set(names, negate);
    reasons.push(...z.uncertain);
    return z.uncertain.length ? [EMPTY, zones.universe] : [z.set, null];
  };
  const addrDim = (specs: FirewallRule['src'], negate: boolean): [IntervalSet, IntervalSet | null] => {
    const r = resolver.address(specs, from);
    reasons.push(...r.uncertain);
    // Literal sets are shared between rules (resolver cache): keep them shared when inside the families.
    const s = isSubset(r.value, fam) ? r.value : intersect(r.value, fam);
    if (!r.uncertain.length) return [negate ? subtract(fam, s) : s, null];
    return negate ? [EMPTY, subtract(fam, s)] : [s, fam];
  };
  const sz = zoneDim(rule.srcZones, rule.srcZonesNegate);
  const dz = zoneDim(rule.dstZones, rule.dstZonesNegate);
  const src = addrDim(rule.src, rule.srcNegate);
  const dst = addrDim(rule.dst, rule.dstNegate);
  const svc = resolver.service(rule.services, from);
  reasons.push(...svc.uncertain);
  let defSvc: ServiceBox[] = svc.value;
  let posSvc: ServiceBox[] | null = svc.uncertain.length ? [ANY_SERVICE] : null;
  if (rule.serviceNegate) {
    const comp = complementServices(svc.value);
    [defSvc, posSvc] = svc.uncertain.length ? [[], comp] : [comp, null];
  }
  const out: Box[] = [];
  const push = (dims: IntervalSet[], s: ServiceBox, possible: boolean) => {
    const sets = [...dims, s.proto, s.dport, s.sport];
    if (sets.every((x) => x.length > 0)) out.push({ sets, possible, reasons: possible ? reasons : [] });
  };
  const uncertain = reasons.length > 0;
  if (!rule.possibly.length) for (const s of defSvc) push([sz[0], dz[0], src[0], dst[0]], s, false);
  if (uncertain) {
    const dims = [sz[1] ?? sz[0], dz[1] ?? dz[0], src[1] ?? src[0], dst[1] ?? dst[0]];
    for (const s of posSvc ?? defSvc) push(dims, s, true);
  }
  return out;
}

interface Block {
  end: number;
}

const familyCache = new WeakMap<IntervalSet, Map<string, IntervalSet>>();

/** `familySpace(families) ∩ space`, computed once per combination (rules repeat the same few). */
function familiesWithin(families: FirewallRule['families'], space: IntervalSet): IntervalSet {
  let bySpace = familyCache.get(space);
  if (!bySpace) {
    bySpace = new Map();
    familyCache.set(space, bySpace);
  }
  const key = families ? families.join(',') : '*';
  let hit = bySpace.get(key);
  if (!hit) {
    hit = intersect(familySpace(families), space);
    bySpace.set(key, hit);
  }
  return hit;
}

/**
 * Compiles the named pipeline (default: the first) into ordered entries. `addressCuts` (e.g. where tiers begin and
 * end) are boundaries the rank space must keep on the source and destination dimensions.
 */
export function compile(ruleset: FirewallRuleset, pipelineName?: string, addressCuts: bigint[] = []): Compiled {
  const resolver = new ObjectResolver(ruleset);
  const zones = new ZoneIndex(ruleset);
  const addrs = familySpace(ruleset.families);
  const universe: IntervalSet[] = [zones.universe, zones.universe, addrs, addrs, ALL_PROTOS, ALL_PORTS, ALL_PORTS];
  const pipeline = ruleset.pipelines.find((p) => p.name === pipelineName) ?? ruleset.pipelines[0] ?? null;
  const chains = new Map<string, Chain>(ruleset.chains.map((c) => [c.name, c]));
  const entries: Entry[] = [];
  const rules: CompiledRule[] = [];
  const ruleIndex = new Map<FirewallRule, number>();
  const skipped: Compiled['skipped'] = [];
  const pending: [Entry, Block][] = [];

  const push = (kind: EntryKind, box: Box, rule: number, block?: Block) => {
    const e: Entry = {
      index: entries.length,
      kind,
      possible: box.possible,
      reasons: box.reasons,
      sets: [],
      values: box.sets,
      blockEnd: -1,
      rule,
      coverMask: box.sets.reduce((m, s, d) => (equals(s, universe[d]) ? m | (1 << d) : m), 0),
    };
    entries.push(e);
    if (block) pending.push([e, block]);
    if (rule >= 0) rules[rule].entries.push(e.index);
  };
  const compiledRule = (rule: FirewallRule, chain: string): number => {
    let i = ruleIndex.get(rule);
    if (i === undefined) {
      i = rules.length;
      const category = rule.action === 'accept' ? 'accept' : BLOCKING.has(rule.action) ? 'block' : 'other';
      rules.push({ rule, chain, entries: [], category });
      ruleIndex.set(rule, i);
    }
    return i;
  };
  const within = (a: Box, ctx: Box): Box | null => {
    // Most boxes lie inside their context already (always at the top level): keep their sets then.
    const sets = a.sets.map((s, d) => (isSubset(s, ctx.sets[d]) ? s : intersect(s, ctx.sets[d])));
    if (sets.some((s) => s.length === 0)) return null;
    const possible = a.possible || ctx.possible;
    return { sets, possible, reasons: possible ? [...ctx.reasons, ...a.reasons] : [] };
  };

  const emitChain = (chain: Chain, outer: Box, depth: number, returnTo: Block, acceptPass: Block | null) => {
    // A chain of one family (nftables ip/ip6 table) sees packets of that family only.
    const own = chain.families ? intersect(familySpace(chain.families), addrs) : null;
    const ctx = own
      ? { ...outer, sets: outer.sets.map((s, d) => (d === DIM.src || d === DIM.dst ? intersect(s, own) : s)) }
      : outer;
    for (const rule of chain.rules) {
      const ri = compiledRule(rule, chain.name);
      if (!rule.enabled) {
        skipped.push({ rule, chain: chain.name, reason: 'disabled' });
        continue;
      }
      if (rule.state === 'established') {
        skipped.push({ rule, chain: chain.name, reason: 'established/related only: opens no new flow' });
        continue;
      }
      for (const raw of ruleBoxes(rule, resolver, zones, addrs)) {
        const box = within(raw, ctx);
        if (!box) continue;
        switch (rule.action) {
          case 'accept':
            if (acceptPass) push('return', box, ri, acceptPass);
            else push('accept', box, ri);
            break;
          case 'deny':
          case 'drop':
          case 'reject':
            push('block', box, ri);
            break;
          case 'unknown':
            push(
              'unknown',
              { ...box, possible: true, reasons: [...box.reasons, `action of ${rule.id} not modelled`] },
              ri,
            );
            break;
          case 'continue':
            push('continue', box, ri);
            break;
          case 'return':
            push('return', box, ri, returnTo);
            break;
          case 'jump':
          case 'goto': {
            const target = rule.target ? chains.get(rule.target) : undefined;
            if (!target || depth >= MAX_DEPTH) {
              const why = target ? `recursion deeper than ${MAX_DEPTH}` : `undefined chain ${rule.target}`;
              skipped.push({ rule, chain: chain.name, reason: why });
              push('unknown', { ...box, possible: true, reasons: [...box.reasons, why] }, ri);
              break;
            }
            // An uncertain jump forks: a possible return over the block stands for "not taken"; inside, the
            // entries are definite (the walk unites both paths).
            const skip: Block = { end: -1 };
            if (box.possible) push('return', box, ri, skip);
            const inner = box.possible ? { sets: box.sets, possible: false, reasons: [] } : box;
            const sub: Block = { end: -1 };
            emitChain(target, inner, depth + 1, sub, acceptPass);
            sub.end = entries.length;
            if (rule.action === 'goto') push('return', inner, ri, returnTo);
            skip.end = entries.length;
            break;
          }
        }
      }
    }
  };

  for (const nat of ruleset.nat) {
    if (!nat.enabled || nat.state === 'established') continue;
    for (const box of ruleBoxes(nat, resolver, zones, addrs)) {
      push(
        'unknown',
        { ...box, possible: true, reasons: [...box.reasons, `NAT ${nat.id}: decided on translated addresses`] },
        -1,
      );
    }
  }
  const full: Box = { sets: universe, possible: false, reasons: [] };
  let defaultAction: TerminalAction = 'accept';
  const chainList = pipeline?.chains.map((n) => chains.get(n)).filter((c) => c !== undefined) ?? [];
  chainList.forEach((chain, ci) => {
    const last = ci === chainList.length - 1;
    const policyAt: Block = { end: -1 };
    const passTo: Block = { end: -1 };
    emitChain(chain, full, 0, policyAt, last ? null : passTo);
    policyAt.end = entries.length;
    const policy = chain.defaultAction ?? 'accept';
    // A chain of one family (nftables ip/ip6 table) applies its policy to that family only.
    const own = chain.families ? intersect(familySpace(chain.families), addrs) : addrs;
    const mine: Box = { ...full, sets: full.sets.map((s, d) => (d === DIM.src || d === DIM.dst ? own : s)) };
    if (last) {
      defaultAction = policy;
      push(policy === 'accept' ? 'accept' : 'block', mine, -1);
      if (!equals(own, addrs)) push('accept', full, -1);
    } else if (policy !== 'accept') push('block', mine, -1);
    passTo.end = entries.length;
  });
  if (!chainList.length) push('block', full, -1);
  for (const [e, b] of pending) e.blockEnd = b.end;
  const points: bigint[][] = universe.map((u, d) => {
    const into: bigint[] = [];
    boundariesOf(u, into);
    if (d === DIM.src || d === DIM.dst)
      for (const v of addressCuts) if (v >= u[0] && v <= (u.at(-1) as bigint) + 1n) into.push(v);
    // Zone values stay ranks of their own (small, and painted one by one).
    if (d === DIM.srcZone || d === DIM.dstZone) for (let z = 0n; z <= u[1] + 1n; z++) into.push(z);
    return into;
  });
  // Entries share many value sets (objects, families, port lists): take the boundaries of each set once.
  const seen = universe.map(() => new Set<IntervalSet>());
  for (const e of entries) {
    for (let d = 0; d < NDIM; d++) {
      const s = e.values[d];
      if (seen[d].has(s)) continue;
      seen[d].add(s);
      boundariesOf(s, points[d]);
    }
  }
  const space = new RankSpace(points);
  // Entries share many value sets (objects, families, port lists): encode each set once.
  const encoded = universe.map(() => new Map<IntervalSet, RankSet>());
  for (const e of entries) {
    e.sets = e.values.map((s, d) => {
      let r = encoded[d].get(s);
      if (!r) {
        r = space.encode(d, s);
        encoded[d].set(s, r);
      }
      return r;
    });
  }
  const ranks = universe.map((u, d) => space.encode(d, u));
  return {
    pipeline,
    entries,
    rules,
    zones,
    universe: ranks,
    values: universe,
    space,
    resolver,
    skipped,
    defaultAction,
  };
}
