/**
 * `nft -j list ruleset` import (libnftables-json(5)). Base chains of type filter in tables of family ip, ip6 and
 * inet form one pipeline per hook (forward, input, output), in priority order; `policy` is the chain default.
 * Matches understood: ip/ip6 saddr/daddr, tcp/udp/sctp/th dport/sport, meta l4proto / ip protocol / ip6 nexthdr,
 * meta iifname/oifname, meta nfproto, ct state, icmp/icmpv6 type; right-hand sides: values, prefixes, ranges,
 * anonymous sets and named sets (`@name`); ops ==, !=, in, <, >, <=, >=. Verdicts accept, drop, reject, jump,
 * goto, return; dnat/redirect in nat chains become NAT. `limit`, `quota` make a rule "possibly"; anything else
 * (vmap, concatenations, xt, other matches) is listed as unsupported and makes the rule "possibly".
 */
import {
  type AddressSpec,
  type Chain,
  type FirewallRule,
  type FirewallRuleset,
  finishRuleset,
  newRule,
  type PortRange,
  PROTOCOL_NUMBERS,
} from '../../../domain/flows/ruleset.ts';
import { Collector, jsonArrayItemLines, jsonErrorLine, literalSpec } from './common.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const FAMILIES: Record<string, ('v4' | 'v6')[]> = { ip: ['v4'], ip6: ['v6'], inet: ['v4', 'v6'] };
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0,
  'destination-unreachable': 3,
  'echo-request': 8,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'packet-too-big': 2,
  'nd-neighbor-solicit': 135,
  'nd-neighbor-advert': 136,
  'nd-router-solicit': 133,
  'nd-router-advert': 134,
};

export function parseNftJson(text: string, file: string): FirewallRuleset {
  const c = new Collector('nftables', file);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    c.error(jsonErrorLine(text), `invalid JSON: ${(e as Error).message}`);
    return finishRuleset(c.r);
  }
  if (!isObj(root) || !Array.isArray(root.nftables)) {
    c.error(1, 'not `nft -j list ruleset` output: no "nftables" array');
    return finishRuleset(c.r);
  }
  const lines = jsonArrayItemLines(text, 'nftables');
  const items = root.nftables as Json[];
  const sets = new Map<string, Json[]>();
  const chains = new Map<string, Chain & { family: string; type?: string; prio: number }>();
  const natChains = new Set<string>();
  const families = new Set<'v4' | 'v6'>();
  const key = (o: Obj) => `${o.family} ${o.table} ${o.name ?? o.chain}`;
  items.forEach((item, i) => {
    if (!isObj(item)) return;
    const line = lines[i] ?? 1;
    const [kind] = Object.keys(item);
    const o = item[kind];
    if (!isObj(o)) return;
    if (kind === 'set' || kind === 'map') sets.set(key(o), Array.isArray(o.elem) ? o.elem : []);
    else if (kind === 'chain') {
      const fam = FAMILIES[String(o.family)];
      if (o.hook && fam && o.type === 'filter') for (const f of fam) families.add(f);
      if (o.type === 'nat') natChains.add(key(o));
      chains.set(key(o), {
        name: key(o),
        kind: o.hook ? 'base' : 'user',
        rules: [],
        source: c.at(line),
        family: String(o.family),
        ...(o.hook ? { hook: String(o.hook), defaultAction: o.policy === 'drop' ? 'drop' : 'accept' } : {}),
        ...(fam && fam.length === 1 ? { families: fam } : {}),
        ...(o.type ? { type: String(o.type) } : {}),
        prio: typeof o.prio === 'number' ? o.prio : 0,
      });
    }
  });
  const addRule = (item: Json, i: number) => {
    if (!isObj(item) || !isObj(item.rule)) {
      if (
        isObj(item) &&
        ![
          'metainfo',
          'table',
          'chain',
          'set',
          'map',
          'element',
          'flowtable',
          'counter',
          'quota',
          'ct helper',
          'limit',
        ].includes(Object.keys(item)[0])
      ) {
        c.unsupported(
          lines[i] ?? 1,
          JSON.stringify(item).slice(0, 80),
          `object ${Object.keys(item)[0]} not understood`,
        );
      }
      return;
    }
    const o = item.rule;
    const chain = chains.get(key(o));
    if (!chain) return c.error(lines[i] ?? 1, `rule of undefined chain ${key(o)}`);
    const rule = parseRule(c, o, lines[i] ?? 1, chain.family, (n) => sets.get(`${o.family} ${o.table} ${n}`));
    if (!rule) return;
    rule.id = `${chain.name}#${chain.rules.length + 1}`;
    if (natChains.has(chain.name)) {
      if (rule.target === 'dnat') c.r.nat.push(rule);
    } else chain.rules.push(rule);
  };
  items.forEach((item, i) => {
    addRule(item, i);
  });
  for (const ch of chains.values()) {
    for (const r of ch.rules) {
      if (
        (r.action === 'jump' || r.action === 'goto') &&
        !chains.has(`${ch.family} ${ch.name.split(' ')[1]} ${r.target}`)
      ) {
        c.warn(r.source.line, `jump to undefined chain ${r.target}`, 'undefined-ref', r.target);
      } else if (r.action === 'jump' || r.action === 'goto')
        r.target = `${ch.family} ${ch.name.split(' ')[1]} ${r.target}`;
    }
    if (!natChains.has(ch.name)) c.r.chains.push(ch);
  }
  for (const hook of ['forward', 'input', 'output']) {
    const base = [...chains.values()].filter((ch) => ch.hook === hook && ch.type === 'filter' && FAMILIES[ch.family]);
    if (base.length)
      c.r.pipelines.push({ name: hook, chains: base.sort((a, b) => a.prio - b.prio).map((ch) => ch.name) });
  }
  if (families.size) c.r.families = [...families];
  return finishRuleset(c.r);
}

interface Ctx {
  c: Collector;
  line: number;
  rule: FirewallRule;
  text: string;
  set: (name: string) => Json[] | undefined;
}

/** Values of a right-hand side: scalar, prefix, range, anonymous set, @named set. */
function values(ctx: Ctx, right: Json): Json[] | null {
  if (typeof right === 'string' && right.startsWith('@')) {
    const s = ctx.set(right.slice(1));
    if (!s) ctx.c.warn(ctx.line, `set ${right} is undefined`, 'undefined-ref', right.slice(1));
    return s ? s.map((e) => (isObj(e) && isObj(e.elem) ? (e.elem.val as Json) : e)) : null;
  }
  if (isObj(right) && Array.isArray(right.set))
    return right.set.map((e) => (isObj(e) && isObj(e.elem) ? (e.elem.val as Json) : e));
  return [right];
}

function addressOf(v: Json): AddressSpec | null {
  if (typeof v === 'string') return literalSpec(v);
  if (isObj(v) && isObj(v.prefix)) return literalSpec(`${v.prefix.addr}/${v.prefix.len}`);
  if (isObj(v) && Array.isArray(v.range)) return literalSpec(`${v.range[0]}-${v.range[1]}`);
  return null;
}

function portsOf(v: Json): PortRange | null {
  if (typeof v === 'number') return [v, v];
  if (isObj(v) && Array.isArray(v.range) && typeof v.range[0] === 'number' && typeof v.range[1] === 'number')
    return [v.range[0], v.range[1]];
  return null;
}

function parseRule(c: Collector, o: Obj, line: number, family: string, set: Ctx['set']): FirewallRule | null {
  const rule = newRule('', c.at(line), {
    action: 'continue',
    ...(FAMILIES[family]?.length === 1 ? { families: FAMILIES[family] } : {}),
  });
  if (typeof o.comment === 'string') rule.name = o.comment;
  const ctx: Ctx = { c, line, rule, text: JSON.stringify(o).slice(0, 120), set };
  let proto: number | 'any' = 'any';
  let dports: PortRange[] | undefined;
  let sports: PortRange[] | undefined;
  let dNeg = false;
  let sNeg = false;
  const seen = new Set<string>();
  const unsupported = (why: string) => {
    c.unsupported(line, ctx.text, why);
    rule.possibly.push(why);
  };
  for (const e of Array.isArray(o.expr) ? o.expr : []) {
    if (!isObj(e)) continue;
    const [k] = Object.keys(e);
    const v = e[k];
    if (k === 'match' && isObj(v)) {
      const op = String(v.op ?? '==');
      const left = v.left;
      const vals = values(ctx, v.right as Json);
      const negate = op === '!=';
      if (!vals) {
        rule.possibly.push('undefined set');
        continue;
      }
      const field =
        isObj(left) && isObj(left.payload)
          ? `${left.payload.protocol} ${left.payload.field}`
          : isObj(left) && isObj(left.meta)
            ? `meta ${left.meta.key}`
            : isObj(left) && isObj(left.ct)
              ? `ct ${left.ct.key}`
              : 'other';
      if (seen.has(field) && field !== 'other') {
        unsupported(`second match on ${field}`);
        continue;
      }
      seen.add(field);
      if (/^ip6? [sd]addr$/.test(field)) {
        // A match on ip/ip6 payload implies that family.
        rule.families = field.startsWith('ip6') ? ['v6'] : ['v4'];
        const specs = vals.map(addressOf);
        if (specs.some((s) => !s)) unsupported(`address value in ${field}`);
        const list = specs.filter((s): s is AddressSpec => !!s);
        if (field.endsWith('saddr')) [rule.src, rule.srcNegate] = [list, negate];
        else [rule.dst, rule.dstNegate] = [list, negate];
        if (!['==', '!=', 'in'].includes(op)) unsupported(`operator ${op} on addresses`);
      } else if (/^(tcp|udp|sctp|th|udplite) [sd]port$/.test(field)) {
        const p = String(field.split(' ')[0]);
        if (p !== 'th') proto = PROTOCOL_NUMBERS[p];
        let ranges = vals.map(portsOf).filter((r): r is PortRange => !!r);
        const n = typeof vals[0] === 'number' ? vals[0] : -1;
        if (op === '<') ranges = [[0, n - 1]];
        else if (op === '<=') ranges = [[0, n]];
        else if (op === '>') ranges = [[n + 1, 65535]];
        else if (op === '>=') ranges = [[n, 65535]];
        if (ranges.length !== vals.length) unsupported(`port value in ${field}`);
        if (field.endsWith('dport')) [dports, dNeg] = [ranges, negate];
        else [sports, sNeg] = [ranges, negate];
      } else if (['meta l4proto', 'ip protocol', 'ip6 nexthdr'].includes(field)) {
        const ps = vals.map((x) => (typeof x === 'number' ? x : PROTOCOL_NUMBERS[String(x)]));
        if (ps.length !== 1 || ps[0] === undefined || negate) unsupported(`protocol match ${JSON.stringify(v.right)}`);
        else proto = ps[0];
      } else if (['meta iifname', 'meta oifname', 'meta iif', 'meta oif'].includes(field)) {
        const names = vals.map((x) => String(x).replace(/\*$/, '+'));
        if (field.includes('iif')) [rule.srcZones, rule.srcZonesNegate] = [names, negate];
        else [rule.dstZones, rule.dstZonesNegate] = [names, negate];
      } else if (field === 'meta nfproto') {
        const f = vals.map((x) => (x === 'ipv4' ? 'v4' : x === 'ipv6' ? 'v6' : null));
        if (f.some((x) => !x) || negate) unsupported('nfproto match');
        else rule.families = f as ('v4' | 'v6')[];
      } else if (field === 'ct state') {
        const states = vals.flatMap((x) => (Array.isArray(x) ? x : [x])).map(String);
        rule.state = states.includes('new') !== negate ? 'new' : 'established';
      } else if (field === 'icmp type' || field === 'icmpv6 type') {
        proto = field === 'icmp type' ? 1 : 58;
        const t = vals.map((x) => (typeof x === 'number' ? x : ICMP_TYPES[String(x)]));
        if (t.some((x) => x === undefined) || negate) unsupported(`${field} ${JSON.stringify(v.right)}`);
        else dports = t.map((x) => [x, x] as PortRange);
      } else unsupported(`match on ${field === 'other' ? JSON.stringify(left).slice(0, 60) : field}`);
    } else if (k === 'accept' || k === 'drop') rule.action = k;
    else if (k === 'reject') rule.action = 'reject';
    else if (k === 'return') rule.action = 'return';
    else if ((k === 'jump' || k === 'goto') && isObj(v)) [rule.action, rule.target] = [k, String(v.target)];
    else if (k === 'dnat' || k === 'redirect') [rule.action, rule.target] = ['unknown', 'dnat'];
    else if (k === 'limit' || k === 'quota') rule.possibly.push(`${k} statement`);
    else if (k === 'queue') [rule.action, rule.target] = ['unknown', 'queue'];
    else if (!['counter', 'log', 'snat', 'masquerade', 'mangle', 'notrack', 'ct count'].includes(k))
      unsupported(`statement ${k}`);
  }
  const d = dports && dNeg ? complementPorts(dports) : dports;
  const sp = sports && sNeg ? complementPorts(sports) : sports;
  if (proto !== 'any' || d || sp) rule.services = [{ kind: 'proto', proto, dstPorts: d, srcPorts: sp }];
  return rule;
}

function complementPorts(ranges: PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let next = 0;
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 65535) out.push([next, 65535]);
  return out;
}
