/**
 * FortiOS (FortiGate) CLI import: `config system interface|zone`, `config firewall address|address6|addrgrp|
 * addrgrp6|service custom|service group|policy`. Policies are evaluated in table order (not by id), ending in the
 * implicit deny; `status disable` rules are kept but disabled; `*-negate enable` is honoured; zones with
 * `intrazone allow` get an implicit allow rule at the top. FQDN, geography, dynamic, MAC and non-contiguous
 * wildcard addresses, ICMP codes, schedules other than `always`, user/group and internet-service matches make a
 * rule "possibly". VIPs, local-in and proxy policies are listed as unsupported.
 */
import { maskToPrefix, parseIPv4 } from '../../../domain/flows/ip.ts';
import {
  type AddressSpec,
  type FirewallRule,
  type FirewallRuleset,
  finishRuleset,
  newRule,
  type PortRange,
  type ServiceSpec,
} from '../../../domain/flows/ruleset.ts';
import { Collector, literalSpec, parsePortRange } from './common.ts';
import { type FortiObject, interpretFortiCli } from './fortios-cli.ts';

export function parseFortiOS(text: string, file: string): FirewallRuleset {
  const c = new Collector('fortios', file);
  const sections = interpretFortiCli(c, text);
  const objects = (path: string) => [...(sections.get(path)?.objects.values() ?? [])];
  const r = c.r;
  r.hostname = sections.get('system global')?.settings.get('hostname')?.[0];

  for (const i of objects('system interface')) {
    const ip = i.attrs.get('ip');
    const cidr = ip ? ipMask(ip) : null;
    r.interfaces.push({ name: i.name, ...(cidr ? { addresses: [cidr] } : {}), source: c.at(i.line) });
  }
  for (const z of objects('system zone')) {
    const ifaces = z.attrs.get('interface') ?? [];
    r.zones.push({
      name: z.name,
      interfaces: ifaces,
      intrazone: z.attrs.get('intrazone')?.[0] === 'allow' ? 'allow' : 'deny',
      source: c.at(z.line),
    });
    for (const i of r.interfaces) if (ifaces.includes(i.name)) i.zone = z.name;
  }
  const ifaceSubnet = new Map(r.interfaces.map((i) => [i.name, i.addresses?.[0]]));
  for (const path of ['firewall address', 'firewall address6']) {
    for (const a of objects(path))
      r.addresses.push({ name: a.name, group: false, members: [addressSpec(c, a, ifaceSubnet)], source: c.at(a.line) });
  }
  if (!r.addresses.some((a) => a.name === 'all'))
    r.addresses.push({ name: 'all', group: false, members: [{ kind: 'any', families: ['v4'] }] });
  if (!r.addresses.some((a) => a.name === 'none')) r.addresses.push({ name: 'none', group: false, members: [] });
  for (const path of ['firewall addrgrp', 'firewall addrgrp6']) {
    for (const g of objects(path)) {
      const ref = (n: string): AddressSpec => ({ kind: 'ref', name: n });
      const exclude = g.attrs.get('exclude')?.[0] === 'enable' ? (g.attrs.get('exclude-member') ?? []).map(ref) : [];
      if (g.attrs.get('exclude')?.[0] !== 'enable' && g.attrs.get('exclude-member')?.length) {
        c.warn(g.line, `addrgrp ${g.name}: exclude-member set but exclude is not enabled`, 'invalid-value');
      }
      r.addresses.push({
        name: g.name,
        group: true,
        members: (g.attrs.get('member') ?? []).map(ref),
        ...(exclude.length ? { exclude } : {}),
        source: c.at(g.line),
      });
    }
  }
  for (const s of objects('firewall service custom'))
    r.services.push({ name: s.name, group: false, members: serviceSpecs(c, s), source: c.at(s.line) });
  if (!r.services.some((s) => s.name === 'ALL'))
    r.services.push({ name: 'ALL', group: false, members: [{ kind: 'any' }] });
  for (const g of objects('firewall service group')) {
    r.services.push({
      name: g.name,
      group: true,
      members: (g.attrs.get('member') ?? []).map((n) => ({ kind: 'ref', name: n })),
      source: c.at(g.line),
    });
  }

  const rules: FirewallRule[] = [];
  for (const z of r.zones.filter((x) => x.intrazone === 'allow')) {
    rules.push(
      newRule(`intrazone-allow:${z.name}`, c.at(z.source?.line ?? 0), {
        srcZones: [z.name],
        dstZones: [z.name],
        implicit: true,
      }),
    );
  }
  for (const p of objects('firewall policy')) rules.push(policyRule(c, p));
  r.chains.push({ name: 'policy', kind: 'base', defaultAction: 'deny', rules });
  r.pipelines.push({ name: 'policy', chains: ['policy'] });
  return finishRuleset(r);
}

function ipMask(values: string[]): string | null {
  const [ip, mask] = values;
  if (ip?.includes('/')) return literalSpec(ip) ? ip : null;
  if (!ip || !mask) return null;
  const p = maskToPrefix(mask);
  return p === null || parseIPv4(ip) === null ? null : `${ip}/${p}`;
}

const TYPE_ATTRS: Record<string, string[]> = {
  ipmask: ['subnet', 'ip6'],
  iprange: ['start-ip', 'end-ip'],
  wildcard: ['wildcard'],
  fqdn: ['fqdn'],
  'interface-subnet': ['subnet', 'interface'],
};
const TYPED = ['subnet', 'start-ip', 'end-ip', 'wildcard', 'fqdn', 'interface'];

function addressSpec(c: Collector, a: FortiObject, ifaceSubnet: Map<string, string | undefined>): AddressSpec {
  const type = a.attrs.get('type')?.[0] ?? 'ipmask';
  for (const k of TYPED) {
    if (a.attrs.has(k) && !(TYPE_ATTRS[type] ?? []).includes(k))
      c.warn(a.line, `address ${a.name}: ${k} is not valid for type ${type}`, 'invalid-value');
  }
  const opaque = (reason: string): AddressSpec => ({ kind: 'opaque', text: `${a.name} (${type})`, reason });
  switch (type) {
    case 'ipmask': {
      const v = a.attrs.get('subnet') ?? a.attrs.get('ip6') ?? ['0.0.0.0', '0.0.0.0'];
      const cidr = v.length === 1 ? (literalSpec(v[0]) ? v[0] : null) : ipMask(v);
      if (cidr) return { kind: 'cidr', cidr };
      c.warn(a.line, `address ${a.name}: invalid subnet ${v.join(' ')}`, 'invalid-value');
      return opaque('invalid subnet');
    }
    case 'iprange': {
      const from = a.attrs.get('start-ip')?.[0] ?? '0.0.0.0';
      const to = a.attrs.get('end-ip')?.[0] ?? '0.0.0.0';
      const spec = literalSpec(`${from}-${to}`);
      if (spec) return spec;
      c.warn(a.line, `address ${a.name}: invalid range ${from}-${to}`, 'invalid-value');
      return opaque('invalid range');
    }
    case 'wildcard': {
      const [ip, mask] = a.attrs.get('wildcard') ?? ['0.0.0.0', '0.0.0.0'];
      const cidr = ipMask([ip, mask]);
      return cidr ? { kind: 'cidr', cidr } : opaque('non-contiguous wildcard mask');
    }
    case 'fqdn': {
      const f = a.attrs.get('fqdn')?.[0];
      return f ? { kind: 'fqdn', fqdn: f } : opaque('FQDN not set');
    }
    case 'interface-subnet': {
      const iface = a.attrs.get('interface')?.[0];
      const subnet = iface ? ifaceSubnet.get(iface) : undefined;
      return subnet ? { kind: 'cidr', cidr: subnet } : opaque('subnet of an interface not in the file');
    }
    default:
      return opaque(`${type} address: membership decided at run time`);
  }
}

/** `dst[-dst][:src[-src]]` items of a *-portrange attribute. */
function portItems(c: Collector, s: FortiObject, attr: string): { dst: PortRange; src?: PortRange }[] {
  const out: { dst: PortRange; src?: PortRange }[] = [];
  for (const item of s.attrs.get(attr) ?? []) {
    const [d, src] = item.split(':');
    const dst = parsePortRange(d, /-/);
    const sp = src === undefined ? undefined : parsePortRange(src, /-/);
    if (!dst || sp === null) c.warn(s.line, `service ${s.name}: invalid port range ${item}`, 'invalid-value');
    else out.push({ dst, ...(sp ? { src: sp } : {}) });
  }
  return out;
}

function serviceSpecs(c: Collector, s: FortiObject): ServiceSpec[] {
  const protocol = (s.attrs.get('protocol')?.[0] ?? 'TCP/UDP/SCTP').toUpperCase();
  const out: ServiceSpec[] = [];
  const valid: Record<string, string[]> = {
    'TCP/UDP/SCTP': ['tcp-portrange', 'udp-portrange', 'sctp-portrange'],
    ICMP: ['icmptype', 'icmpcode'],
    ICMP6: ['icmptype', 'icmpcode'],
    IP: ['protocol-number'],
  };
  for (const k of ['tcp-portrange', 'udp-portrange', 'sctp-portrange', 'icmptype', 'icmpcode', 'protocol-number']) {
    if (s.attrs.has(k) && !(valid[protocol] ?? []).includes(k))
      c.warn(s.line, `service ${s.name}: ${k} is not valid for protocol ${protocol}`, 'invalid-value');
  }
  const destination = s.attrs.get('iprange') ?? s.attrs.get('fqdn');
  if (destination && destination[0] !== '0.0.0.0')
    out.push({ kind: 'opaque', text: s.name, reason: 'service restricted to a destination' });
  if (protocol === 'TCP/UDP/SCTP') {
    const protos: [string, number][] = [
      ['tcp-portrange', 6],
      ['udp-portrange', 17],
      ['sctp-portrange', 132],
    ];
    for (const [attr, proto] of protos) {
      for (const p of portItems(c, s, attr))
        out.push({ kind: 'proto', proto, dstPorts: [p.dst], ...(p.src ? { srcPorts: [p.src] } : {}) });
    }
    if (!out.length) c.warn(s.line, `service ${s.name}: no port range set`, 'invalid-value');
  } else if (protocol === 'ICMP' || protocol === 'ICMP6') {
    const proto = protocol === 'ICMP' ? 1 : 58;
    const type = s.attrs.get('icmptype')?.[0];
    const code = s.attrs.get('icmpcode')?.[0];
    if (code !== undefined && type === undefined)
      c.warn(s.line, `service ${s.name}: icmpcode without icmptype`, 'invalid-value');
    if (code !== undefined && type !== undefined) out.push({ kind: 'opaque', text: s.name, reason: 'ICMP code' });
    else
      out.push({ kind: 'proto', proto, ...(type !== undefined ? { dstPorts: [[Number(type), Number(type)]] } : {}) });
  } else if (protocol === 'IP') {
    const n = Number(s.attrs.get('protocol-number')?.[0] ?? 0);
    out.push(n === 0 ? { kind: 'any' } : { kind: 'proto', proto: n });
  } else {
    c.warn(s.line, `service ${s.name}: protocol ${protocol} not modelled`, 'invalid-value');
    out.push({ kind: 'opaque', text: s.name, reason: `protocol ${protocol}` });
  }
  return out;
}

function policyRule(c: Collector, p: FortiObject): FirewallRule {
  const a = (k: string) => p.attrs.get(k) ?? [];
  const on = (k: string) => a(k)[0] === 'enable';
  const intf = (k: string) => (a(k).includes('any') || !a(k).length ? 'any' : a(k));
  const refs = (...keys: string[]): AddressSpec[] => keys.flatMap((k) => a(k)).map((n) => ({ kind: 'ref', name: n }));
  const action = a('action')[0] ?? 'deny';
  const possibly: string[] = [];
  if (a('schedule')[0] && a('schedule')[0] !== 'always') possibly.push(`schedule ${a('schedule')[0]}`);
  if (a('users').length || a('groups').length) possibly.push('user/group identity');
  const rule = newRule(p.name, c.at(p.line), {
    name: a('name')[0],
    enabled: a('status')[0] !== 'disable',
    action: action === 'accept' ? 'accept' : action === 'deny' ? 'deny' : 'unknown',
    srcZones: intf('srcintf'),
    dstZones: intf('dstintf'),
    src: refs('srcaddr', 'srcaddr6'),
    dst: refs('dstaddr', 'dstaddr6'),
    srcNegate: on('srcaddr-negate'),
    dstNegate: on('dstaddr-negate'),
    services: a('service').map((n) => ({ kind: 'ref', name: n })),
    serviceNegate: on('service-negate'),
    possibly,
  });
  if (on('internet-service')) {
    rule.dst = [
      {
        kind: 'opaque',
        text: a('internet-service-name').join(' ') || 'internet-service',
        reason: 'Internet Service Database',
      },
    ];
    rule.services = [{ kind: 'any' }];
  }
  if (rule.action === 'unknown')
    c.unsupported(p.line, `edit ${p.name} … set action ${action}`, `policy action ${action} not evaluated`);
  return rule;
}
