/** Witness packets: a concrete member of a class, readable (a host, a port other than 0), and its deciding rule. */
import type { Leaf, ValueLeaf } from './classes.ts';
import { type Compiled, DIM, type Entry } from './compile.ts';
import type { RuleRef, Witness } from './findings.ts';
import type { IntervalSet } from './intervals.ts';
import { formatAddress } from './ip.ts';
import { PORT_PROTOCOLS } from './ruleset.ts';

export const ICMP = new Set([1, 58]);

export function ruleRef(compiled: Compiled, e: Entry | null | undefined): RuleRef | null {
  if (!e || e.rule < 0) return null;
  const r = compiled.rules[e.rule];
  return { id: r.rule.id, chain: r.chain, file: r.rule.source.file, line: r.rule.source.line };
}

/** The entry shown as "the rule that decided" for a class. */
export function witnessEntry(leaf: Pick<Leaf, 'outcome' | 'possible' | 'decider'>): Entry | null {
  if (leaf.outcome === 'possibly') {
    for (let i = 0; i < leaf.possible.length; i++) if (leaf.possible[i].kind !== 'block') return leaf.possible[i];
    return leaf.decider;
  }
  return leaf.decider;
}

function pick(set: IntervalSet, preferred: bigint[]): bigint {
  for (const p of preferred) for (let i = 0; i < set.length; i += 2) if (set[i] <= p && p <= set[i + 1]) return p;
  return set[0];
}

/** A readable member: a host rather than a network address, a port other than 0. */
export function hostOf(set: IntervalSet): bigint {
  return set[1] - set[0] >= 2n ? set[0] + 1n : set[0];
}
function portOf(set: IntervalSet): bigint {
  for (let i = 0; i < set.length; i += 2) if (set[i + 1] >= 1n) return set[i] > 1n ? set[i] : 1n;
  return set[0];
}

export function leafWitness(compiled: Compiled, leaf: ValueLeaf, over: Partial<Witness> = {}): Witness {
  const s = leaf.sets;
  const proto = Number(pick(s[DIM.proto], [6n, 17n]));
  const zone = (set: IntervalSet) => {
    const n = compiled.zones.names[Number(set[0])];
    return n === '*other*' ? undefined : n;
  };
  const ported = PORT_PROTOCOLS.has(proto) || ICMP.has(proto);
  return {
    srcIp: over.srcIp ?? formatAddress(hostOf(s[DIM.src])),
    dstIp: over.dstIp ?? formatAddress(hostOf(s[DIM.dst])),
    proto,
    ...(ported ? { port: Number(portOf(s[DIM.dport])) } : {}),
    ...(PORT_PROTOCOLS.has(proto) && s[DIM.sport][0] !== 0n ? { srcPort: Number(s[DIM.sport][0]) } : {}),
    ...(zone(s[DIM.srcZone]) ? { srcZone: zone(s[DIM.srcZone]) } : {}),
    ...(zone(s[DIM.dstZone]) ? { dstZone: zone(s[DIM.dstZone]) } : {}),
    verdict: leaf.outcome,
    rule: ruleRef(compiled, witnessEntry(leaf)),
    ...over,
  };
}
