/**
 * Evaluates one packet against a ruleset by walking the rules themselves (not the compiled entries):
 * three-valued matching (yes / maybe / no), jumps by recursion, base chains in pipeline order.
 * It is the reference the equivalence-class checker is tested against, and it probes declared flows.
 */

import type { ZoneIndex } from './compile.ts';
import { contains } from './intervals.ts';
import { familyOf, parseAddress } from './ip.ts';
import { ObjectResolver, type ServiceBox } from './objects.ts';
import type { Chain, FirewallRule, FirewallRuleset } from './ruleset.ts';

export interface Packet {
  srcZone?: string;
  dstZone?: string;
  src: string | bigint;
  dst: string | bigint;
  proto: number;
  dport?: number;
  sport?: number;
}

type Tri = 0 | 1 | 2; // no, maybe, yes
type Outcome = 'accept' | 'block' | 'unknown' | 'fall' | 'ret';
const TERMINAL = new Set(['accept', 'deny', 'drop', 'reject']);

export interface PacketVerdict {
  verdict: 'allowed' | 'denied' | 'possibly';
  /** The rule whose definite match decided; null when a chain default did. */
  rule: FirewallRule | null;
  possibleRules: FirewallRule[];
}

const and = (a: Tri, b: Tri): Tri => (a < b ? a : b);

export class PacketEvaluator {
  private readonly resolver: ObjectResolver;
  private readonly chains: Map<string, Chain>;

  constructor(
    private readonly ruleset: FirewallRuleset,
    private readonly zones: ZoneIndex,
  ) {
    this.resolver = new ObjectResolver(ruleset);
    this.chains = new Map(ruleset.chains.map((c) => [c.name, c]));
  }

  private zoneMatch(names: string[] | 'any', negate: boolean | undefined, zone: string | undefined): Tri {
    if (names === 'any') return negate ? 0 : 2;
    if (names.some((n) => n.endsWith('+'))) return 1;
    const want = zone === undefined ? undefined : (this.zones.indexOf(zone) ?? this.zones.indexOf('*other*'));
    const hit = want !== undefined && names.some((n) => this.zones.indexOf(n) === want);
    return hit !== !!negate ? 2 : 0;
  }

  private addrMatch(rule: FirewallRule, specs: FirewallRule['src'], negate: boolean, addr: bigint): Tri {
    if (rule.families && !rule.families.includes(familyOf(addr))) return 0;
    const r = this.resolver.address(specs, rule.id);
    const inSet = contains(r.value, addr);
    if (r.uncertain.length) return negate ? (inSet ? 0 : 1) : inSet ? 2 : 1;
    return inSet !== negate ? 2 : 0;
  }

  private serviceMatch(rule: FirewallRule, p: Packet): Tri {
    const r = this.resolver.service(rule.services, rule.id);
    const v = (b: ServiceBox) =>
      contains(b.proto, BigInt(p.proto)) &&
      contains(b.dport, BigInt(p.dport ?? 0)) &&
      contains(b.sport, BigInt(p.sport ?? 0));
    const inSet = r.value.some(v);
    if (r.uncertain.length) return rule.serviceNegate ? (inSet ? 0 : 1) : inSet ? 2 : 1;
    return inSet !== rule.serviceNegate ? 2 : 0;
  }

  match(rule: FirewallRule, p: Packet, src: bigint, dst: bigint): Tri {
    if (!rule.enabled || rule.state === 'established') return 0;
    let m: Tri = this.zoneMatch(rule.srcZones, rule.srcZonesNegate, p.srcZone);
    m = and(m, this.zoneMatch(rule.dstZones, rule.dstZonesNegate, p.dstZone));
    if (m) m = and(m, this.addrMatch(rule, rule.src, rule.srcNegate, src));
    if (m) m = and(m, this.addrMatch(rule, rule.dst, rule.dstNegate, dst));
    if (m) m = and(m, this.serviceMatch(rule, p));
    if (m === 2 && rule.possibly.length) m = 1;
    return m;
  }

  evaluate(p: Packet, pipelineName?: string): PacketVerdict {
    const src = typeof p.src === 'bigint' ? p.src : parseAddress(p.src);
    const dst = typeof p.dst === 'bigint' ? p.dst : parseAddress(p.dst);
    if (src === null || dst === null) throw new Error('packet address is not an IP address');
    const fams = this.ruleset.families;
    if (fams && (!fams.includes(familyOf(src)) || !fams.includes(familyOf(dst)))) {
      return { verdict: 'possibly', rule: null, possibleRules: [] }; // another family: not evaluated on this device
    }
    const possibleRules: FirewallRule[] = [];
    let decided: FirewallRule | null = null;
    let uncertain = false;
    const outcomes = new Set<Outcome>();
    for (const nat of this.ruleset.nat) {
      if (this.match(nat, p, src, dst)) {
        outcomes.add('unknown');
        possibleRules.push(nat);
      }
    }
    // Outcomes of one chain; 'ret' = it ended without a verdict (caller continues / policy applies).
    const walk = (chain: Chain, depth: number): Set<Outcome> => {
      const out = new Set<Outcome>();
      for (const rule of chain.rules) {
        const m = this.match(rule, p, src, dst);
        if (!m) continue;
        if (m === 1) {
          uncertain = true;
          possibleRules.push(rule);
        }
        const here = this.effect(rule, depth, walk);
        if (m === 2 && !uncertain && !decided && TERMINAL.has(rule.action)) decided = rule;
        for (const o of here) if (o !== 'fall') out.add(o);
        if (m === 2 && !here.has('fall')) return out;
      }
      out.add('ret');
      return out;
    };
    const pipeline = this.ruleset.pipelines.find((x) => x.name === pipelineName) ?? this.ruleset.pipelines[0];
    const chains = pipeline?.chains.map((n) => this.chains.get(n)).filter((c) => c !== undefined) ?? [];
    let live = new Set<Outcome>([chains.length ? 'accept' : 'block']);
    for (const chain of chains) {
      if (!live.has('accept')) break;
      if (chain.families && (!chain.families.includes(familyOf(src)) || !chain.families.includes(familyOf(dst))))
        continue;
      live.delete('accept');
      const res = walk(chain, 0);
      if (res.delete('ret')) res.add((chain.defaultAction ?? 'accept') === 'accept' ? 'accept' : 'block');
      live = new Set([...live, ...res]);
    }
    for (const o of live) outcomes.add(o);
    const only = (o: Outcome) => outcomes.size === 1 && outcomes.has(o);
    const verdict = only('accept') ? 'allowed' : only('block') ? 'denied' : 'possibly';
    return { verdict, rule: decided, possibleRules };
  }

  /** Outcomes of a matching rule; 'fall' = evaluation continues after it, 'ret' = leaves the chain. */
  private effect(rule: FirewallRule, depth: number, walk: (c: Chain, depth: number) => Set<Outcome>): Set<Outcome> {
    switch (rule.action) {
      case 'accept':
        return new Set(['accept']);
      case 'deny':
      case 'drop':
      case 'reject':
        return new Set(['block']);
      case 'continue':
        return new Set(['fall']);
      case 'unknown':
        return new Set(['unknown']);
      case 'return':
        return new Set(['ret']);
      case 'jump':
      case 'goto': {
        const target = rule.target ? this.chains.get(rule.target) : undefined;
        if (!target || depth >= 16) return new Set(['unknown', 'fall']);
        const out = walk(target, depth + 1);
        if (out.delete('ret')) out.add(rule.action === 'goto' ? 'ret' : 'fall');
        return out;
      }
    }
  }
}
