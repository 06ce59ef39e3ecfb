/**
 * Endpoint classes of a pair of sides (sides.ts): registered systems the policy cannot tell apart share a class —
 * same roles, and no declared flow or exception involving the other side — and the unregistered rest is a class
 * of its own. Cached per pair of sides, and per side by which of its systems the other side tells apart.
 */
import type { FlowEndpoint, FlowException, Tier } from '../tiers.ts';
import { type Compiled, DIM } from './compile.ts';
import type { RankSet } from './ranks.ts';
import type { DeclaredFlow, RegisterSystem, TierPainting } from './register.ts';
import { restTextOf, type Side, SideIndex } from './sides.ts';

export interface EndpointClass {
  system?: RegisterSystem;
  address: bigint;
  text: string;
  /** The endpoint as `verdictForFlow` sees it, for the last tier asked (flows only read it). */
  endpoint?: FlowEndpoint;
}

/** Every class gets every field up front: one object shape keeps the hot loops monomorphic. */
function endpointClass(system: RegisterSystem | undefined, address: bigint, text: string): EndpointClass {
  return { system, address, text, endpoint: undefined };
}

export function endpointOf(c: EndpointClass, tier: Tier): FlowEndpoint {
  if (c.endpoint?.tier !== tier) c.endpoint = { tier, systemId: c.system?.id, roles: c.system?.roles, address: c.text };
  return c.endpoint;
}

/** The endpoint classes of a pair of sides, and the declared flows of each endpoint pair (row-major). */
export interface PairClasses {
  srcs: EndpointClass[];
  dsts: EndpointClass[];
  /** Per source endpoint (null: it declares none), per destination endpoint. */
  declared: (DeclaredFlow[][] | null)[];
}

/** No declared flows; made from an array of objects so that it has their element kind (one map in hot loops). */
export const NO_FLOWS: DeclaredFlow[] = ([null] as unknown as DeclaredFlow[]).slice(1);

export interface PairContext {
  compiled: Compiled;
  systems: RegisterSystem[];
  flows: DeclaredFlow[];
  exceptions: readonly FlowException[];
  addressTiers: TierPainting;
}

export class PairIndex {
  /** Systems named by exceptions; declared flows by source and by destination system. */
  private readonly excepted = new Set<string>();
  private readonly flowsFrom = new Map<string, Set<string>>();
  private readonly flowsTo = new Map<string, Set<string>>();
  private readonly declared = new Map<string, DeclaredFlow[]>();
  /** Prefixes (before a `>`) of the keys of `declared`: the sources that may have declared flows. */
  private readonly declarers = new Set<string>();
  private readonly sides: SideIndex;
  /** Role signature per system (index into the register's systems). */
  private readonly roleSig: (string | undefined)[] = [];

  constructor(private readonly ctx: PairContext) {
    for (const f of ctx.flows) {
      this.flowsFrom.set(f.from, (this.flowsFrom.get(f.from) ?? new Set()).add(f.to));
      this.flowsTo.set(f.to, (this.flowsTo.get(f.to) ?? new Set()).add(f.from));
      const k = `${f.from}>${f.to}`;
      this.declared.set(k, [...(this.declared.get(k) ?? []), f]);
      // Every key a source could be looked up by (with `>` in ids, several splits of the same key).
      for (let i = k.indexOf('>'); i >= 0; i = k.indexOf('>', i + 1)) this.declarers.add(k.slice(0, i));
    }
    for (const e of ctx.exceptions) for (const id of [e.from.systemId, e.to.systemId]) if (id) this.excepted.add(id);
    this.sides = new SideIndex(ctx.compiled.space, ctx.compiled.values, ctx.addressTiers);
  }

  /** The endpoint classes of a class with source set `src` and destination set `dst` (ranks), towards `to`. */
  of(src: RankSet, dst: RankSet, to: Tier, toId: number): PairClasses {
    return this.pair(this.sides.side(DIM.src, src), this.sides.side(DIM.dst, dst), to, toId);
  }

  /**
   * Declared flows from system `from` (by destination id or `tier:…`), or null when it declares none. Keys are
   * joined as `from>to`, exactly as flows are filed (an id holding `>` makes the lookup by strings necessary).
   */
  private declaredFrom(from: string | undefined): ((to: string | undefined) => DeclaredFlow[] | undefined) | null {
    const key = String(from);
    if (!this.declarers.has(key)) return null;
    return (to) => this.declared.get(`${key}>${to}`);
  }

  /**
   * Endpoint classes: systems the policy cannot tell apart (same roles, no declared flow or exception involving
   * the other side of this class) share one class; the unregistered rest is a class of its own.
   */
  private endpoints(side: Side, dir: 0 | 1, own: (id: string) => boolean): EndpointClass[] {
    const { systems } = this.ctx;
    const sides = this.sides;
    if (side.systems.length === 1 && side.rest === null) {
      return [endpointClass(systems[side.systems[0]], sides.first(side, 0), sides.text(side, 0))];
    }
    // The classes depend only on which heads are told apart here: the same pattern gives the same classes.
    const heads = this.heads(side, dir);
    const pattern = this.pattern;
    let n = 0;
    let hash = 0;
    for (let h = 0; h < heads.length; h++) {
      if (heads[h] < 0 && own(systems[side.systems[-1 - heads[h]]].id)) {
        pattern[n++] = h;
        hash = (Math.imul(hash, 31) + h + 1) | 0;
      }
    }
    const bySide = this.endpointCache[dir];
    let cache = bySide.get(side.id);
    if (!cache) {
      cache = new Map();
      bySide.set(side.id, cache);
    }
    let bucket = cache.get(hash);
    if (!bucket) {
      bucket = [];
      cache.set(hash, bucket);
    }
    for (const c of bucket) if (c.own.length === n && c.own.every((h, i) => pattern[i] === h)) return c.out;
    const bySignature = new Map<string, EndpointClass>();
    for (let h = 0; h < heads.length; h++) {
      const k = heads[h] < 0 ? -1 - heads[h] : heads[h];
      const index = side.systems[k];
      const sys = systems[index];
      const sig = heads[h] < 0 && own(sys.id) ? `id:${sys.id}` : this.signature(index);
      if (!bySignature.has(sig)) bySignature.set(sig, endpointClass(sys, sides.first(side, k), sides.text(side, k)));
    }
    const out = [...bySignature.values()];
    if (side.rest !== null) out.unshift(endpointClass(undefined, side.rest, restTextOf(side) as string));
    bucket.push({ own: pattern.slice(0, n), out });
    return out;
  }

  /** Per direction, per side: endpoint classes by the pattern of heads told apart. */
  private readonly endpointCache = [
    new Map<number, Map<number, { own: number[]; out: EndpointClass[] }[]>>(),
    new Map<number, Map<number, { own: number[]; out: EndpointClass[] }[]>>(),
  ];
  /** Scratch: positions (in the heads) of the systems told apart, for the cache key. */
  private readonly pattern: number[] = [];

  private signature(index: number): string {
    let sig = this.roleSig[index];
    if (sig === undefined) {
      sig = `roles:${[...this.ctx.systems[index].roles].sort().join(',')}`;
      this.roleSig[index] = sig;
    }
    return sig;
  }

  /**
   * Positions of a side that can start an endpoint class: systems that may be told apart (named by an exception
   * or a declared flow in this direction; stored as -1 - position), and the first of the others per role
   * signature (the rest repeat it).
   */
  private heads(side: Side, dir: 0 | 1): number[] {
    let heads = side.heads[dir];
    if (heads) return heads;
    heads = [];
    const seen = new Set<string>();
    const flows = dir === 0 ? this.flowsFrom : this.flowsTo;
    for (let k = 0; k < side.systems.length; k++) {
      const index = side.systems[k];
      const id = this.ctx.systems[index].id;
      if (this.excepted.has(id) || flows.has(id)) heads.push(-1 - k);
      else {
        const sig = this.signature(index);
        if (!seen.has(sig)) {
          seen.add(sig);
          heads.push(k);
        }
      }
    }
    side.heads[dir] = heads;
    return heads;
  }

  /**
   * Caches: many classes share their source or destination set (sides), and pairs of sides repeat; a repeated
   * flow only adds to the count of the findings it produced the first time.
   */
  private readonly pairCache = new Map<number, Map<number, PairClasses>>();

  private pair(src: Side, dst: Side, to: Tier, toId: number): PairClasses {
    let byDst = this.pairCache.get(src.id);
    if (!byDst) {
      byDst = new Map();
      this.pairCache.set(src.id, byDst);
    }
    const key = dst.id * 64 + toId;
    let pair = byDst.get(key);
    if (pair) return pair;
    const { systems } = this.ctx;
    const srcIds = this.sides.idsOf(src, systems);
    const dstIds = this.sides.idsOf(dst, systems);
    const toTier = `tier:${to}`;
    const linked = (ids: Set<string>, others: Set<string> | undefined, extra?: string) => {
      if (!others) return false;
      for (const o of others) if (ids.has(o) || o === extra) return true;
      return false;
    };
    const srcs = this.endpoints(
      src,
      0,
      (id) => this.excepted.has(id) || linked(dstIds, this.flowsFrom.get(id), toTier),
    );
    const dsts = this.endpoints(dst, 1, (id) => this.excepted.has(id) || linked(srcIds, this.flowsTo.get(id)));
    // Declared flows per endpoint pair: only sources that declare flows have a row.
    const declared: (DeclaredFlow[][] | null)[] = [];
    for (const s of srcs) {
      const from = this.declaredFrom(s.system?.id);
      if (!from) {
        declared.push(null);
        continue;
      }
      const toAny = from(toTier);
      declared.push(
        dsts.map((d) => {
          const direct = from(d.system?.id);
          return direct && toAny ? [...direct, ...toAny] : (direct ?? toAny ?? NO_FLOWS);
        }),
      );
    }
    pair = { srcs, dsts, declared };
    byDst.set(key, pair);
    return pair;
  }
}
