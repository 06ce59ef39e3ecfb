/**
 * Mamori's own JSON rule format ("mamori-firewall", version 1). Example:
 *
 *   { "format": "mamori-firewall", "version": 1, "hostname": "fw1", "families": ["v4"],
 *     "addresses": { "mail-gw": ["10.2.0.25"], "lgwan-servers": ["10.1.0.0/24", "mail-gw"] },
 *     "services":  { "smtp": ["tcp/25", "tcp/587"] },
 *     "zones":     { "lgwan": ["eth1"], "internet": ["eth2"] },
 *     "chains": [ { "name": "main", "default": "deny", "rules": [
 *       { "id": "10", "action": "accept", "from": ["internet"], "to": ["lgwan"], "src": ["mail-gw"],
 *         "dst": ["10.1.0.25"], "services": ["smtp"], "enabled": true, "comment": "無害化済みメール" } ] } ],
 *     "pipelines": [ { "name": "main", "chains": ["main"] } ] }
 *
 * Address members: "any" | "any4" | "any6" | CIDR | "a-b" | "fqdn:<name>" | object name. Service members:
 * "any" | "tcp/25" | "udp/1000-2000" | "icmp" | "icmp/8" (type) | protocol number | object name.
 * Rule fields: action (accept|deny|drop|reject|jump|goto|return|log), target (jump/goto), from/to (zones or
 * interfaces, default any), src/dst/services (default any), srcNegate/dstNegate/serviceNegate, enabled,
 * state (any|new|established), possibly (reasons the match is uncertain). A chain with "default" is a base
 * chain; without "pipelines" every base chain is a pipeline of its own. Unknown fields are errors.
 */

import {
  type AddressSpec,
  type FirewallRuleset,
  finishRuleset,
  newRule,
  type RuleAction,
  type ServiceSpec,
  type TerminalAction,
} from '../../../domain/flows/ruleset.ts';
import { parseServiceText } from '../../../domain/tiers.ts';
import { Collector, jsonErrorLine, literalSpec } from './common.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ACTIONS: Record<string, RuleAction> = {
  accept: 'accept',
  allow: 'accept',
  permit: 'accept',
  deny: 'deny',
  drop: 'drop',
  reject: 'reject',
  jump: 'jump',
  goto: 'goto',
  return: 'return',
  log: 'continue',
};
const RULE_FIELDS = new Set([
  'id',
  'name',
  'comment',
  'action',
  'target',
  'from',
  'to',
  'src',
  'dst',
  'services',
  'srcNegate',
  'dstNegate',
  'serviceNegate',
  'enabled',
  'state',
  'possibly',
]);

/** Start line of every object, in document order (the order a depth-first walk of JSON.parse's result visits). */
function objectLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
      }
    } else if (ch === '{') out.push(line);
  }
  return out;
}

export function addressMember(m: string): AddressSpec {
  if (m === 'any') return { kind: 'any' };
  if (m === 'any4' || m === 'any6') return { kind: 'any', families: [m === 'any4' ? 'v4' : 'v6'] };
  if (m.startsWith('fqdn:')) return { kind: 'fqdn', fqdn: m.slice(5) };
  return literalSpec(m) ?? { kind: 'ref', name: m };
}

export function serviceMember(m: string): ServiceSpec {
  if (m === 'any') return { kind: 'any' };
  const s = parseServiceText(m);
  if (!s) return { kind: 'ref', name: m };
  return { kind: 'proto', proto: s.proto, ...(s.ports ? { dstPorts: [s.ports] } : {}) };
}

export function parseNativeJson(text: string, file: string): FirewallRuleset {
  const c = new Collector('native', file);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    c.error(jsonErrorLine(text), `invalid JSON: ${(e as Error).message}`);
    return finishRuleset(c.r);
  }
  const lines = new Map<Obj, number>();
  const starts = objectLines(text);
  let k = 0;
  const walk = (v: Json) => {
    if (isObj(v)) {
      lines.set(v, starts[k++] ?? 1);
      Object.values(v).forEach(walk);
    } else if (Array.isArray(v)) v.forEach(walk);
  };
  walk(root);
  const lineOf = (o: unknown) => (isObj(o) ? (lines.get(o) ?? 1) : 1);
  if (!isObj(root) || root.format !== 'mamori-firewall' || root.version !== 1) {
    c.error(1, 'not a Mamori firewall file: expected "format": "mamori-firewall", "version": 1');
    return finishRuleset(c.r);
  }
  const r = c.r;
  const strings = (v: Json | undefined, what: string, line: number): string[] | null => {
    if (v === undefined) return null;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    c.error(line, `${what} must be a list of strings`);
    return null;
  };
  if (typeof root.hostname === 'string') r.hostname = root.hostname;
  const fams = strings(root.families, 'families', 1);
  if (fams) r.families = fams.filter((f): f is 'v4' | 'v6' => f === 'v4' || f === 'v6');
  const objects = (key: 'addresses' | 'services' | 'zones') => {
    const v = root[key as keyof typeof root];
    if (v === undefined) return [];
    if (!isObj(v)) {
      c.error(lineOf(root), `${key} must be an object of name → list`);
      return [];
    }
    return Object.entries(v).map(
      ([name, members]) => [name, strings(members, `${key}.${name}`, lineOf(v)) ?? []] as const,
    );
  };
  for (const [name, ms] of objects('addresses'))
    r.addresses.push({ name, group: ms.some((m) => addressMember(m).kind === 'ref'), members: ms.map(addressMember) });
  for (const [name, ms] of objects('services'))
    r.services.push({ name, group: ms.some((m) => serviceMember(m).kind === 'ref'), members: ms.map(serviceMember) });
  for (const [name, ifs] of objects('zones')) r.zones.push({ name, interfaces: ifs });
  if (!Array.isArray(root.chains)) {
    c.error(lineOf(root), '"chains" must be a list');
    return finishRuleset(r);
  }
  for (const ch of root.chains) {
    const line = lineOf(ch);
    if (!isObj(ch) || typeof ch.name !== 'string' || !Array.isArray(ch.rules)) {
      c.error(line, 'a chain needs "name" and "rules"');
      continue;
    }
    const dflt = ch.default === undefined ? undefined : ACTIONS[String(ch.default)];
    if (ch.default !== undefined && !['accept', 'deny', 'drop', 'reject'].includes(dflt as string))
      c.error(line, `invalid default ${String(ch.default)}`);
    const chain = {
      name: ch.name,
      kind: dflt ? ('base' as const) : ('user' as const),
      rules: [] as ReturnType<typeof newRule>[],
      source: c.at(line),
      ...(dflt ? { defaultAction: dflt as TerminalAction } : {}),
    };
    const addRule = (raw: Json, i: number) => {
      const rl = lineOf(raw);
      if (!isObj(raw)) return c.error(rl, 'a rule must be an object');
      const unknown = Object.keys(raw).filter((f) => !RULE_FIELDS.has(f));
      if (unknown.length) return c.error(rl, `unknown rule field(s): ${unknown.join(', ')}`);
      const action = ACTIONS[String(raw.action)];
      if (!action) return c.error(rl, `invalid action ${JSON.stringify(raw.action)}`);
      if ((action === 'jump' || action === 'goto') && typeof raw.target !== 'string')
        return c.error(rl, `${action} needs "target"`);
      const list = (f: string) => strings(raw[f], f, rl);
      const zones = (f: string) => list(f) ?? 'any';
      const state = raw.state === undefined ? 'any' : String(raw.state);
      if (!['any', 'new', 'established'].includes(state)) return c.error(rl, `invalid state ${state}`);
      chain.rules.push(
        newRule(
          typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : `${ch.name}#${i + 1}`,
          c.at(rl),
          {
            ...(typeof raw.name === 'string'
              ? { name: raw.name }
              : typeof raw.comment === 'string'
                ? { name: raw.comment }
                : {}),
            action,
            ...(typeof raw.target === 'string' ? { target: raw.target } : {}),
            srcZones: zones('from'),
            dstZones: zones('to'),
            src: (list('src') ?? ['any']).map(addressMember),
            dst: (list('dst') ?? ['any']).map(addressMember),
            services: (list('services') ?? ['any']).map(serviceMember),
            srcNegate: raw.srcNegate === true,
            dstNegate: raw.dstNegate === true,
            serviceNegate: raw.serviceNegate === true,
            enabled: raw.enabled !== false,
            state: state as 'any' | 'new' | 'established',
            possibly: list('possibly') ?? [],
          },
        ),
      );
    };
    ch.rules.forEach((raw, i) => {
      addRule(raw, i);
    });
    r.chains.push(chain);
  }
  const pipes = Array.isArray(root.pipelines) ? root.pipelines : null;
  if (pipes) {
    for (const p of pipes) {
      if (!isObj(p) || typeof p.name !== 'string') {
        c.error(lineOf(p), 'a pipeline needs "name" and "chains"');
        continue;
      }
      const chains = strings(p.chains, 'pipeline chains', lineOf(p)) ?? [];
      for (const n of chains)
        if (!r.chains.some((x) => x.name === n && x.kind === 'base'))
          c.error(lineOf(p), `pipeline ${p.name}: ${n} is not a chain with a default`);
      r.pipelines.push({ name: p.name, chains });
    }
  } else r.pipelines = r.chains.filter((x) => x.kind === 'base').map((x) => ({ name: x.name, chains: [x.name] }));
  for (const ch of r.chains) {
    for (const rule of ch.rules)
      if (rule.target && !r.chains.some((x) => x.name === rule.target))
        c.warn(rule.source.line, `jump to undefined chain ${rule.target}`, 'undefined-ref', rule.target);
  }
  return finishRuleset(r);
}
