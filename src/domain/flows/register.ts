/**
 * The register side of the check (台帳): zones and systems with their tiers and addresses, declared flows and
 * exceptions; and the tier painting of the address space derived from it (most specific range wins).
 */
import { type FlowException, type Mechanism, parseServiceText, type Tier } from '../tiers.ts';
import { parseCidr, parseRange } from './ip.ts';

export interface RegisterZone {
  id: string;
  tier: Tier;
  cidrs: string[];
}

export interface RegisterSystem {
  id: string;
  name: string;
  tier: Tier;
  /** Addresses, CIDRs or `a-b` ranges. */
  addresses: string[];
  roles: string[];
}

export interface DeclaredFlow {
  id: string;
  /** System id. */
  from: string;
  /** System id, or `tier:<tier>` for any address of a tier (e.g. egress through the security cloud). */
  to: string;
  /** 'tcp/25' etc. */
  service: string;
  mechanism: Mechanism;
  justification: string;
  screenTransfer?: { clipboard: boolean; printer: boolean; drive: boolean };
}

export interface NetworkRegister {
  zones: RegisterZone[];
  systems: RegisterSystem[];
  flows: DeclaredFlow[];
  exceptions: FlowException[];
}

export function addressInterval(text: string): [bigint, bigint] | null {
  return text.includes('-') ? parseRange(text) : parseCidr(text);
}

/** Disjoint, sorted address segments with a tag (index into `tiers`). */
export interface ValuePainting {
  starts: bigint[];
  ends: bigint[];
  tags: number[];
}

export interface TierPainting {
  painting: ValuePainting;
  tiers: Tier[];
  /** System address intervals sorted by start: [lo, hi, system index]. */
  systems: { lo: bigint; hi: bigint; system: number }[];
  problems: string[];
}

/** Paints the address space with tiers: zone CIDRs, then system addresses, the smaller range winning. */
export function paintTiers(register: Pick<NetworkRegister, 'zones' | 'systems'>): TierPainting {
  const tiers: Tier[] = [];
  const tierId = (t: Tier) => {
    let i = tiers.indexOf(t);
    if (i < 0) i = tiers.push(t) - 1;
    return i;
  };
  const problems: string[] = [];
  const ranges: { lo: bigint; hi: bigint; tag: number }[] = [];
  const systems: TierPainting['systems'] = [];
  for (const z of register.zones) {
    for (const c of z.cidrs) {
      const r = addressInterval(c);
      if (r) ranges.push({ lo: r[0], hi: r[1], tag: tierId(z.tier) });
      else problems.push(`zone ${z.id}: invalid address ${c}`);
    }
  }
  register.systems.forEach((s, i) => {
    for (const a of s.addresses) {
      const r = addressInterval(a);
      if (!r) {
        problems.push(`system ${s.id}: invalid address ${a}`);
        continue;
      }
      ranges.push({ lo: r[0], hi: r[1], tag: tierId(s.tier) });
      systems.push({ lo: r[0], hi: r[1], system: i });
    }
  });
  systems.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const pts = [...new Set(ranges.flatMap((r) => [r.lo, r.hi + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segTag = new Array<number>(Math.max(pts.length - 1, 0)).fill(-1);
  const segSize = new Array<bigint>(segTag.length).fill(-1n);
  const index = new Map(pts.map((p, i) => [p, i]));
  for (const r of ranges) {
    const size = r.hi - r.lo;
    for (let k = index.get(r.lo) as number; k < segTag.length && pts[k] <= r.hi; k++) {
      if (segSize[k] < 0n || size < segSize[k]) [segTag[k], segSize[k]] = [r.tag, size];
    }
  }
  const painting: ValuePainting = { starts: [], ends: [], tags: [] };
  for (let k = 0; k < segTag.length; k++) {
    if (segTag[k] < 0) continue;
    const n = painting.starts.length;
    if (n && painting.tags[n - 1] === segTag[k] && painting.ends[n - 1] + 1n === pts[k])
      painting.ends[n - 1] = pts[k + 1] - 1n;
    else {
      painting.starts.push(pts[k]);
      painting.ends.push(pts[k + 1] - 1n);
      painting.tags.push(segTag[k]);
    }
  }
  return { painting, tiers, systems, problems };
}

/** Boundaries (for splitting a port or protocol set) of every service the policy mentions. */
export function policyCuts(services: string[]): { protos: bigint[]; ports: bigint[] } {
  const protos = new Set<bigint>();
  const ports = new Set<bigint>();
  for (const s of services) {
    const p = parseServiceText(s);
    if (!p) continue;
    if (p.proto !== 'any') protos.add(BigInt(p.proto)).add(BigInt(p.proto) + 1n);
    if (p.ports) ports.add(BigInt(p.ports[0])).add(BigInt(p.ports[1]) + 1n);
  }
  const sort = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { protos: sort(protos), ports: sort(ports) };
}
