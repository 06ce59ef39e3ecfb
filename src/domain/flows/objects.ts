/**
 * Resolution of address and service fields (named objects, nested groups, exclusions) to interval sets, with the
 * parts that cannot be known statically (FQDN, geography, App-ID, undefined names) reported as uncertain.
 */

import { EMPTY, fromPairs, type IntervalSet, intersect, subtract, union } from './intervals.ts';
import { ADDR_MAX, parseCidr, parseRange } from './ip.ts';
import type { AddressObject, AddressSpec, FirewallRuleset, PortRange, ServiceObject, ServiceSpec } from './ruleset.ts';

export interface ServiceBox {
  proto: IntervalSet;
  dport: IntervalSet;
  sport: IntervalSet;
}

export interface Resolved<T> {
  value: T;
  /** Why the field is not exactly known; non-empty → the match is only "possibly". */
  uncertain: string[];
}

export interface RefProblem {
  kind: 'address' | 'service';
  name: string;
  problem: 'undefined' | 'cycle';
  /** Where the reference was made (object or rule id). */
  from: string;
}

export const ALL_PROTOS: IntervalSet = [0n, 255n];
export const ALL_PORTS: IntervalSet = [0n, 65535n];
export const ANY_SERVICE: ServiceBox = { proto: ALL_PROTOS, dport: ALL_PORTS, sport: ALL_PORTS };

const ports = (ranges: PortRange[] | undefined): IntervalSet =>
  ranges?.length ? fromPairs(ranges.map(([a, b]) => [BigInt(a), BigInt(b)] as [bigint, bigint])) : ALL_PORTS;

export function literalAddress(spec: AddressSpec): IntervalSet | null {
  switch (spec.kind) {
    case 'any': {
      const f = spec.families ?? ['v4', 'v6'];
      const pairs: [bigint, bigint][] = [];
      if (f.includes('v4')) pairs.push([0n, (1n << 32n) - 1n]);
      if (f.includes('v6')) pairs.push([1n << 32n, ADDR_MAX]);
      return fromPairs(pairs);
    }
    case 'cidr': {
      const r = parseCidr(spec.cidr);
      return r ? [r[0], r[1]] : null;
    }
    case 'range': {
      const r = parseRange(spec.from, spec.to);
      return r ? [r[0], r[1]] : null;
    }
    default:
      return null;
  }
}

/** Resolves fields of one ruleset; results of named objects are cached. */
export class ObjectResolver {
  readonly problems: RefProblem[] = [];
  readonly used = new Set<string>();
  private readonly addresses = new Map<string, AddressObject>();
  private readonly services = new Map<string, ServiceObject>();
  private readonly addrCache = new Map<string, Resolved<IntervalSet>>();
  private readonly svcCache = new Map<string, Resolved<ServiceBox[]>>();
  private readonly reported = new Set<string>();
  private readonly literals = new Map<string, Resolved<IntervalSet> | null>();
  private readonly protoCache = new Map<string, Resolved<ServiceBox[]>>();
  private readonly stack: string[] = [];

  constructor(ruleset: Pick<FirewallRuleset, 'addresses' | 'services'>) {
    for (const a of ruleset.addresses) this.addresses.set(a.name, a);
    for (const s of ruleset.services) this.services.set(s.name, s);
  }

  /** The result may be shared with other calls: read it only. */
  address(specs: readonly AddressSpec[], from: string): Resolved<IntervalSet> {
    if (specs.length === 1) return this.addressMember(specs[0], from);
    let set: IntervalSet = EMPTY;
    const uncertain: string[] = [];
    for (const spec of specs) {
      const r = this.addressMember(spec, from);
      set = union(set, r.value);
      uncertain.push(...r.uncertain);
    }
    return { value: set, uncertain };
  }

  private addressMember(spec: AddressSpec, from: string): Resolved<IntervalSet> {
    if (spec.kind === 'fqdn') return { value: EMPTY, uncertain: [`FQDN ${spec.fqdn}`] };
    if (spec.kind === 'opaque') return { value: EMPTY, uncertain: [`${spec.text}: ${spec.reason}`] };
    if (spec.kind !== 'ref') {
      const key = spec.kind === 'cidr' ? spec.cidr : spec.kind === 'range' ? `${spec.from}-${spec.to}` : null;
      let lit = key === null ? undefined : this.literals.get(key);
      if (lit === undefined) {
        const value = literalAddress(spec);
        lit = value ? { value, uncertain: [] } : null;
        if (key !== null) this.literals.set(key, lit);
      }
      return lit ?? { value: EMPTY, uncertain: [`invalid address ${JSON.stringify(spec)}`] };
    }
    const name = spec.name;
    this.used.add(`address:${name}`);
    const cached = this.addrCache.get(name);
    if (cached) return cached;
    const obj = this.addresses.get(name);
    if (!obj) return this.problem('address', name, 'undefined', from);
    if (this.stack.includes(`a:${name}`)) return this.problem('address', name, 'cycle', from);
    this.stack.push(`a:${name}`);
    const members = this.address(obj.members, name);
    let result = members;
    if (obj.exclude?.length) {
      const ex = this.address(obj.exclude, name);
      // An uncertain exclusion leaves no address certainly inside the group.
      result = ex.uncertain.length
        ? {
            value: EMPTY,
            uncertain: [
              ...members.uncertain,
              ...ex.uncertain,
              ...(members.value.length ? [`exclusion in ${name}`] : []),
            ],
          }
        : { value: subtract(members.value, ex.value), uncertain: members.uncertain };
    }
    this.stack.pop();
    this.addrCache.set(name, result);
    return result;
  }

  service(specs: readonly ServiceSpec[], from: string): Resolved<ServiceBox[]> {
    const boxes: ServiceBox[] = [];
    const uncertain: string[] = [];
    for (const spec of specs) {
      const r = this.serviceMember(spec, from);
      boxes.push(...r.value);
      uncertain.push(...r.uncertain);
    }
    return { value: boxes, uncertain };
  }

  private serviceMember(spec: ServiceSpec, from: string): Resolved<ServiceBox[]> {
    switch (spec.kind) {
      case 'any':
        return { value: [ANY_SERVICE], uncertain: [] };
      case 'opaque':
        return { value: [], uncertain: [`${spec.text}: ${spec.reason}`] };
      case 'proto': {
        // Rules repeat the same few services: build each once.
        const key = `${spec.proto}/${spec.dstPorts?.join(';') ?? '*'}/${spec.srcPorts?.join(';') ?? '*'}`;
        let hit = this.protoCache.get(key);
        if (!hit) {
          const proto: IntervalSet = spec.proto === 'any' ? ALL_PROTOS : [BigInt(spec.proto), BigInt(spec.proto)];
          hit = { value: [{ proto, dport: ports(spec.dstPorts), sport: ports(spec.srcPorts) }], uncertain: [] };
          this.protoCache.set(key, hit);
        }
        return hit;
      }
      case 'ref': {
        const name = spec.name;
        this.used.add(`service:${name}`);
        const cached = this.svcCache.get(name);
        if (cached) return cached;
        const obj = this.services.get(name);
        if (!obj) return this.problem('service', name, 'undefined', from, []);
        if (this.stack.includes(`s:${name}`)) return this.problem('service', name, 'cycle', from, []);
        this.stack.push(`s:${name}`);
        const r = this.service(obj.members, name);
        this.stack.pop();
        this.svcCache.set(name, r);
        return r;
      }
    }
  }

  private problem<T = IntervalSet>(
    kind: RefProblem['kind'],
    name: string,
    problem: RefProblem['problem'],
    from: string,
    empty: T = EMPTY as T,
  ): Resolved<T> {
    const key = `${kind}:${name}:${problem}:${from}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.problems.push({ kind, name, problem, from });
    }
    return { value: empty, uncertain: [`${problem} ${kind} ${name}`] };
  }

  /** Objects never referenced by a rule (directly or through a group). */
  unused(): { kind: 'address' | 'service'; name: string; source?: AddressObject['source'] }[] {
    const out: { kind: 'address' | 'service'; name: string; source?: AddressObject['source'] }[] = [];
    for (const a of this.addresses.values())
      if (!this.used.has(`address:${a.name}`)) out.push({ kind: 'address', name: a.name, source: a.source });
    for (const s of this.services.values())
      if (!this.used.has(`service:${s.name}`)) out.push({ kind: 'service', name: s.name, source: s.source });
    return out;
  }
}

/** Complement of a union of service boxes, as disjoint boxes (service-negate). */
export function complementServices(boxes: readonly ServiceBox[]): ServiceBox[] {
  let rest: ServiceBox[] = [ANY_SERVICE];
  for (const b of boxes) {
    const next: ServiceBox[] = [];
    for (const r of rest) next.push(...subtractBox(r, b));
    rest = next;
  }
  return rest;
}

function subtractBox(a: ServiceBox, b: ServiceBox): ServiceBox[] {
  const dims = ['proto', 'dport', 'sport'] as const;
  const out: ServiceBox[] = [];
  let core: ServiceBox = { ...a };
  for (const d of dims) {
    const inside = intersect(core[d], b[d]);
    if (inside.length === 0) return [...out, core];
    const outside = subtract(core[d], b[d]);
    if (outside.length) out.push({ ...core, [d]: outside });
    core = { ...core, [d]: inside };
  }
  return out;
}
