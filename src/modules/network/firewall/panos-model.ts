/** PAN-OS: from the interpreted set statements to the normalised ruleset (names, defaults, rule types). */
import {
  type AddressSpec,
  type FirewallRule,
  type FirewallRuleset,
  finishRuleset,
  newRule,
  type PortRange,
  type ServiceSpec,
} from '../../../domain/flows/ruleset.ts';
import { type Collector, literalSpec, parsePortRange } from './common.ts';

export interface PanRule {
  name: string;
  line: number;
  attrs: Map<string, string[]>;
}

export interface PanScope {
  name: string;
  addresses: Map<string, { line: number; kind: string; value?: string }>;
  groups: Map<string, { line: number; members: string[]; dynamic?: string }>;
  services: Map<string, { line: number; protocol?: string; port?: string; sourcePort?: string }>;
  serviceGroups: Map<string, { line: number; members: string[] }>;
  zones: Map<string, { line: number; interfaces: string[] }>;
  rules: {
    rulebase: Map<string, PanRule>;
    'pre-rulebase': Map<string, PanRule>;
    'post-rulebase': Map<string, PanRule>;
  };
  nat: Map<string, PanRule>;
  defaults: { intrazone?: string; interzone?: string };
}

export function newScope(name: string): PanScope {
  return {
    name,
    addresses: new Map(),
    groups: new Map(),
    services: new Map(),
    serviceGroups: new Map(),
    zones: new Map(),
    rules: { rulebase: new Map(), 'pre-rulebase': new Map(), 'post-rulebase': new Map() },
    nat: new Map(),
    defaults: {},
  };
}

const BUILTIN_SERVICES: Record<string, ServiceSpec[]> = {
  'service-http': [
    {
      kind: 'proto',
      proto: 6,
      dstPorts: [
        [80, 80],
        [8080, 8080],
      ],
    },
  ],
  'service-https': [{ kind: 'proto', proto: 6, dstPorts: [[443, 443]] }],
};
const ACTIONS: Record<string, FirewallRule['action']> = {
  allow: 'accept',
  deny: 'deny',
  drop: 'drop',
  'reset-client': 'reject',
  'reset-server': 'reject',
  'reset-both': 'reject',
};

/** Model name of an object or zone: vsys1 (the default) keeps plain names, other scopes are prefixed. */
const q = (scope: string, name: string) => (scope === 'vsys1' ? name : `${scope}:${name}`);

export function assemblePanos(
  c: Collector,
  scopes: Map<string, PanScope>,
  interfaces: Map<string, { line: number; addresses: string[] }>,
): FirewallRuleset {
  const r = c.r;
  const shared = scopes.get('shared');
  const has = (s: PanScope | undefined, n: string, kind: 'addr' | 'svc') =>
    !!s && (kind === 'addr' ? s.addresses.has(n) || s.groups.has(n) : s.services.has(n) || s.serviceGroups.has(n));
  /** Object in the scope, then shared, then (services) predefined. */
  const resolve = (scope: PanScope, n: string, kind: 'addr' | 'svc'): string | null => {
    if (has(scope, n, kind)) return q(scope.name, n);
    if (has(shared, n, kind)) return q('shared', n);
    return kind === 'svc' && BUILTIN_SERVICES[n] ? n : null;
  };
  const addrRef = (scope: PanScope, n: string, line: number): AddressSpec => {
    const name = resolve(scope, n, 'addr');
    if (name) return { kind: 'ref', name };
    const lit = literalSpec(n);
    if (lit) return lit;
    if (/^\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+$/.test(n)) {
      c.warn(line, `invalid address range ${n}: ignored`, 'invalid-value');
      return { kind: 'opaque', text: n, reason: 'invalid range' };
    }
    c.warn(line, `address ${n} is undefined`, 'undefined-ref', n);
    return { kind: 'ref', name: n };
  };
  const svcRef = (scope: PanScope, n: string, line: number): ServiceSpec => {
    if (n === 'any') return { kind: 'any' };
    if (n === 'application-default') return { kind: 'opaque', text: n, reason: 'ports of the application (App-ID)' };
    const name = resolve(scope, n, 'svc');
    if (!name) c.warn(line, `service ${n} is undefined`, 'undefined-ref', n);
    return { kind: 'ref', name: name ?? n };
  };

  const usedBuiltins = new Set<string>();
  for (const s of scopes.values()) {
    for (const [n, a] of s.addresses) {
      if (s.groups.has(n)) {
        c.warn(a.line, `name ${n} is used by an address and an address group: the address is ignored`, 'invalid-value');
        continue;
      }
      r.addresses.push({ name: q(s.name, n), group: false, members: [addressSpec(c, n, a)], source: c.at(a.line) });
    }
    for (const [n, g] of s.groups) {
      const members: AddressSpec[] = g.members.map((m) => addrRef(s, m, g.line));
      if (g.dynamic) {
        c.unsupported(
          g.line,
          `address-group ${n} dynamic ${g.dynamic}`,
          'dynamic address group: members known only at run time',
        );
        members.push({ kind: 'opaque', text: n, reason: 'dynamic address group' });
      }
      r.addresses.push({ name: q(s.name, n), group: true, members, source: c.at(g.line) });
    }
    for (const [n, svc] of s.services)
      r.services.push({ name: q(s.name, n), group: false, members: serviceSpec(c, n, svc), source: c.at(svc.line) });
    for (const [n, g] of s.serviceGroups) {
      const members = g.members.map((m) => svcRef(s, m, g.line));
      for (const m of members) if (m.kind === 'ref' && BUILTIN_SERVICES[m.name]) usedBuiltins.add(m.name);
      r.services.push({ name: q(s.name, n), group: true, members, source: c.at(g.line) });
    }
    for (const [n, z] of s.zones) r.zones.push({ name: q(s.name, n), interfaces: z.interfaces, source: c.at(z.line) });
  }
  for (const [name, i] of interfaces) {
    const zone = r.zones.find((z) => z.interfaces.includes(name))?.name;
    r.interfaces.push({
      name,
      ...(zone ? { zone } : {}),
      addresses: i.addresses.filter((a) => literalSpec(a)),
      source: c.at(i.line),
    });
  }

  const toRule = (scope: PanScope, p: PanRule, nat = false): FirewallRule[] => {
    const a = (k: string) => p.attrs.get(k);
    for (const k of ['from', 'to', 'source', 'destination'])
      if (!a(k)?.length) c.warn(p.line, `rule ${p.name}: ${k} not set (taken as any)`, 'invalid-value');
    if (!a('action') && !nat) c.warn(p.line, `rule ${p.name}: action not set (taken as allow)`, 'invalid-value');
    const zones = (k: string): string[] | 'any' => {
      const v = a(k) ?? ['any'];
      return v.includes('any') ? 'any' : v.map((z) => q(scope.name, z));
    };
    const addrs = (k: string): AddressSpec[] => {
      const v = a(k) ?? ['any'];
      return v.includes('any') ? [{ kind: 'any' }] : v.map((n) => addrRef(scope, n, p.line));
    };
    const services = (a('service') ?? ['any']).map((n) => svcRef(scope, n, p.line));
    for (const s of services) if (s.kind === 'ref' && BUILTIN_SERVICES[s.name]) usedBuiltins.add(s.name);
    const possibly: string[] = [];
    const narrowing = (k: string, why: string) => {
      const v = a(k);
      if (v?.length && !v.includes('any')) possibly.push(`${why}: ${v.join(', ')}`);
    };
    narrowing('application', 'App-ID');
    narrowing('category', 'URL category');
    narrowing('source-user', 'user');
    narrowing('hip-profiles', 'HIP profile');
    narrowing('source-hip', 'HIP');
    narrowing('destination-hip', 'HIP');
    if (a('schedule')?.length) possibly.push(`schedule ${a('schedule')?.join(' ')}`);
    const action = ACTIONS[a('action')?.[0] ?? 'allow'];
    if (!action) c.unsupported(p.line, `rule ${p.name} action ${a('action')?.[0]}`, 'unknown action');
    const base = newRule(p.name, c.at(p.line), {
      enabled: a('disabled')?.[0] !== 'yes',
      action: action ?? 'unknown',
      srcZones: zones('from'),
      dstZones: zones('to'),
      src: addrs('source'),
      dst: addrs('destination'),
      srcNegate: a('negate-source')?.[0] === 'yes',
      dstNegate: a('negate-destination')?.[0] === 'yes',
      services,
      possibly,
    });
    const type = a('rule-type')?.[0] ?? 'universal';
    if (type === 'universal') return [base];
    const scopeZones = [...scope.zones.keys()].map((z) => q(scope.name, z));
    const from = base.srcZones === 'any' ? scopeZones : base.srcZones;
    const to = base.dstZones === 'any' ? scopeZones : base.dstZones;
    if (type === 'intrazone') {
      const same = from.filter((z) => to.includes(z));
      if (base.srcZones !== 'any' && base.dstZones !== 'any' && from.some((z) => !to.includes(z))) {
        c.warn(p.line, `rule ${p.name}: intrazone rule with different from/to zones`, 'invalid-value');
      }
      return same.map((z) => ({ ...base, srcZones: [z], dstZones: [z] }));
    }
    if (type === 'interzone')
      return from
        .map((z) => ({ ...base, srcZones: [z], dstZones: to.filter((t) => t !== z) }))
        .filter((x) => x.dstZones.length);
    c.unsupported(p.line, `rule ${p.name} rule-type ${type}`, 'unknown rule type');
    return [{ ...base, possibly: [...possibly, `rule-type ${type}`] }];
  };

  const vsysNames = [...scopes.keys()].filter((n) => n !== 'shared');
  if (!vsysNames.length) vsysNames.push('vsys1');
  for (const name of vsysNames) {
    const scope = scopes.get(name) ?? newScope(name);
    const local = name.startsWith('dg:')
      ? [...scope.rules['pre-rulebase'].values(), ...scope.rules['post-rulebase'].values()]
      : [...scope.rules.rulebase.values()];
    const ordered: [PanScope, PanRule][] = [
      ...[...(shared?.rules['pre-rulebase'].values() ?? [])].map((p) => [scope, p] as [PanScope, PanRule]),
      ...local.map((p) => [scope, p] as [PanScope, PanRule]),
      ...[...(shared?.rules['post-rulebase'].values() ?? [])].map((p) => [scope, p] as [PanScope, PanRule]),
    ];
    const rules = ordered.flatMap(([s, p]) => toRule(s, p));
    const intra = scope.defaults.intrazone ?? shared?.defaults.intrazone ?? 'allow';
    for (const z of scope.zones.keys()) {
      const zn = q(name, z);
      rules.push(
        newRule('intrazone-default', c.at(scope.zones.get(z)?.line ?? 0), {
          srcZones: [zn],
          dstZones: [zn],
          action: ACTIONS[intra] ?? 'accept',
          implicit: true,
        }),
      );
    }
    const inter = scope.defaults.interzone ?? shared?.defaults.interzone ?? 'deny';
    r.chains.push({ name, kind: 'base', defaultAction: inter === 'allow' ? 'accept' : 'deny', rules });
    r.pipelines.push({ name, chains: [name] });
    for (const p of [...scope.nat.values(), ...(name === vsysNames[0] ? [...(shared?.nat.values() ?? [])] : [])]) {
      if (p.attrs.get('dnat') && p.attrs.get('disabled')?.[0] !== 'yes')
        r.nat.push(...toRule(scope, p, true).map((x) => ({ ...x, id: `nat:${x.id}` })));
    }
  }
  for (const b of usedBuiltins)
    if (!r.services.some((s) => s.name === b)) r.services.push({ name: b, group: false, members: BUILTIN_SERVICES[b] });
  return finishRuleset(r);
}

function addressSpec(c: Collector, name: string, a: { line: number; kind: string; value?: string }): AddressSpec {
  const bad = (why: string): AddressSpec => {
    c.warn(a.line, `address ${name}: ${why}`, 'invalid-value');
    return { kind: 'opaque', text: name, reason: why };
  };
  switch (a.kind) {
    case 'ip-netmask':
    case 'ip-range':
      return (a.value && literalSpec(a.value)) || bad(`invalid ${a.kind} ${a.value ?? ''}`);
    case 'fqdn':
      return a.value ? { kind: 'fqdn', fqdn: a.value } : bad('FQDN not set');
    case 'ip-wildcard':
      return { kind: 'opaque', text: `${name} ${a.value ?? ''}`, reason: 'wildcard mask' };
    case 'edl':
      return { kind: 'opaque', text: name, reason: 'external dynamic list' };
    default:
      return bad('no address value set');
  }
}

function serviceSpec(
  c: Collector,
  name: string,
  s: { line: number; protocol?: string; port?: string; sourcePort?: string },
): ServiceSpec[] {
  const proto = { tcp: 6, udp: 17, sctp: 132 }[s.protocol ?? ''];
  if (!proto) {
    c.warn(s.line, `service ${name}: protocol ${s.protocol ?? '(none)'} not set or unknown`, 'invalid-value');
    return [{ kind: 'opaque', text: name, reason: 'protocol not set' }];
  }
  const ports = (text: string | undefined): PortRange[] | undefined | null => {
    if (!text) return undefined;
    const out = text.split(',').map((p) => parsePortRange(p, /-/));
    return out.every((p) => p) ? (out as PortRange[]) : null;
  };
  const dst = ports(s.port);
  const src = ports(s.sourcePort);
  if (dst === null || src === null) {
    c.warn(s.line, `service ${name}: invalid port list`, 'invalid-value');
    return [{ kind: 'opaque', text: name, reason: 'invalid port list' }];
  }
  if (!dst) c.warn(s.line, `service ${name}: destination port not set`, 'invalid-value');
  return [{ kind: 'proto', proto, ...(dst ? { dstPorts: dst } : {}), ...(src ? { srcPorts: src } : {}) }];
}
