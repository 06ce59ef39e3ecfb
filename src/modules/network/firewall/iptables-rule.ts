/** One iptables rule specification (everything after `-A CHAIN`), short and long option names alike. */
import {
  type AddressSpec,
  type FirewallRule,
  newRule,
  type PortRange,
  PROTOCOL_NUMBERS,
} from '../../../domain/flows/ruleset.ts';
import { type Collector, literalSpec, parsePortRange } from './common.ts';

const OPTIONS: Record<string, string> = {
  '-s': 'src',
  '--source': 'src',
  '--src': 'src',
  '--src-range': 'src',
  '-d': 'dst',
  '--destination': 'dst',
  '--dst': 'dst',
  '--dst-range': 'dst',
  '-p': 'proto',
  '--protocol': 'proto',
  '-i': 'in',
  '--in-interface': 'in',
  '-o': 'out',
  '--out-interface': 'out',
  '-m': 'match',
  '--match': 'match',
  '-j': 'jump',
  '--jump': 'jump',
  '-g': 'goto',
  '--goto': 'goto',
  '--dport': 'dports',
  '--destination-port': 'dports',
  '--dports': 'dports',
  '--destination-ports': 'dports',
  '--sport': 'sports',
  '--source-port': 'sports',
  '--sports': 'sports',
  '--source-ports': 'sports',
  '--ports': 'ports',
  '--state': 'state',
  '--ctstate': 'state',
  '--icmp-type': 'icmp',
  '--comment': 'comment',
  '-4': 'v4',
  '--ipv4': 'v4',
  '-6': 'v6',
  '--ipv6': 'v6',
  '-f': 'fragment',
  '--fragment': 'fragment',
  '--syn': 'syn',
  '--tcp-flags': 'tcp-flags',
};
export const NON_TERMINATING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'TRACE',
  'MARK',
  'CONNMARK',
  'CT',
  'TCPMSS',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'NOTRACK',
  'AUDIT',
  'CHECKSUM',
  'TEE',
  'SECMARK',
  'CONNSECMARK',
  'TTL',
  'HL',
  'IDLETIMER',
  'LED',
  'SET',
]);
const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
/** Match modules whose effect is not modelled: the rule is "possibly" (parsed, so not unsupported). */
const POSSIBLY_MODULES: Record<string, string> = {
  limit: 'rate limit',
  hashlimit: 'rate limit',
  connlimit: 'connection limit',
  recent: 'recent list',
  mac: 'MAC address',
  set: 'ipset contents',
  physdev: 'bridge port',
  owner: 'socket owner',
  mark: 'packet mark',
  connmark: 'connection mark',
  length: 'packet length',
  pkttype: 'packet type',
  string: 'payload string',
  addrtype: 'address type',
  time: 'time of day',
  geoip: 'geography',
  u32: 'u32 match',
  bpf: 'BPF program',
  policy: 'IPsec policy',
  rpfilter: 'reverse path',
  ttl: 'TTL',
  dscp: 'DSCP',
  tos: 'TOS',
  statistic: 'random sampling',
  quota: 'quota',
  helper: 'conntrack helper',
  socket: 'socket lookup',
};
const KNOWN_MODULES = new Set([
  'tcp',
  'udp',
  'sctp',
  'udplite',
  'icmp',
  'multiport',
  'state',
  'conntrack',
  'comment',
  'iprange',
]);
const PORT_NAMES: Record<string, number> = {
  ssh: 22,
  smtp: 25,
  domain: 53,
  http: 80,
  https: 443,
  submission: 587,
  ntp: 123,
  telnet: 23,
  ftp: 21,
};
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0,
  'destination-unreachable': 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
};
const PORTED = [6, 17, 132, 136];

class SpecError extends Error {}

function addressList(text: string): AddressSpec[] {
  return text.split(',').map((a) => literalSpec(a) ?? { kind: 'fqdn', fqdn: a });
}

function ports(text: string): PortRange[] {
  return text.split(',').map((p) => {
    const named = PORT_NAMES[p];
    const r = named !== undefined ? ([named, named] as PortRange) : parsePortRange(p, /:/);
    if (!r) throw new SpecError(`invalid port ${p}`);
    return r;
  });
}

/** The rule, or null after reporting a hard error. Jump targets are checked later, when all chains are known. */
export function parseRuleSpec(
  c: Collector,
  args: string[],
  line: number,
  text: string,
  table: string,
): FirewallRule | null {
  const v4: AddressSpec = { kind: 'any', families: ['v4'] };
  const rule = newRule('', c.at(line), { families: ['v4'], src: [v4], dst: [v4], action: 'continue' });
  let proto: number | 'any' = 'any';
  let protoNegate = false;
  let dports: PortRange[] | undefined;
  let sports: PortRange[] | undefined;
  let either: PortRange[] | undefined;
  let icmp: PortRange[] | undefined;
  let negate = false;
  /** A module or target whose own options we skip. */
  let owner: string | null = null;
  const possibly = (why: string, listed = false) => {
    rule.possibly.push(why);
    if (listed) c.unsupported(line, text, why);
  };
  try {
    for (let i = 0; i < args.length; i++) {
      const opt = args[i];
      if (opt === '!') {
        negate = true;
        continue;
      }
      const value = () => {
        let v = args[++i];
        if (v === '!') [negate, v] = [true, args[++i]]; // old syntax: -s ! 10.0.0.1
        if (v === undefined) throw new SpecError(`option ${opt} needs a value`);
        return v;
      };
      const neg = () => {
        const was = negate;
        negate = false;
        return was;
      };
      const positive = (what: string) => {
        if (neg()) throw new SpecError(`negated ${what} not supported`);
      };
      const skipValues = () => {
        while (i + 1 < args.length && !args[i + 1].startsWith('-') && args[i + 1] !== '!') i++;
      };
      switch (OPTIONS[opt]) {
        case 'src':
          rule.src = addressList(value());
          rule.srcNegate = neg();
          break;
        case 'dst':
          rule.dst = addressList(value());
          rule.dstNegate = neg();
          break;
        case 'proto': {
          const name = value().toLowerCase();
          protoNegate = neg();
          const n = name === 'all' ? 'any' : /^\d+$/.test(name) ? Number(name) : PROTOCOL_NUMBERS[name];
          if (n === undefined) throw new SpecError(`unknown protocol ${name}`);
          proto = n;
          break;
        }
        case 'in':
          rule.srcZones = [value()];
          rule.srcZonesNegate = neg();
          break;
        case 'out':
          rule.dstZones = [value()];
          rule.dstZonesNegate = neg();
          break;
        case 'v4':
          break;
        case 'v6':
          rule.enabled = false;
          c.warn(line, 'rule applies to IPv6 only (-6): ignored by iptables', 'ignored');
          break;
        case 'fragment':
          neg();
          possibly('fragments only');
          break;
        case 'syn':
          neg(); // SYN only: new connections, which is what the checker looks at
          break;
        case 'tcp-flags':
          value();
          value();
          neg();
          possibly('TCP flags');
          break;
        case 'match': {
          const m = value();
          owner = null;
          if (['tcp', 'udp', 'sctp', 'udplite'].includes(m) && proto !== PROTOCOL_NUMBERS[m])
            possibly(`-m ${m} without -p ${m}`, true);
          else if (POSSIBLY_MODULES[m]) {
            owner = m;
            possibly(POSSIBLY_MODULES[m]);
          } else if (!KNOWN_MODULES.has(m)) {
            owner = m;
            rule.possibly.push(`unknown match ${m}`);
            c.unsupported(line, text, `unknown match module ${m}`);
          }
          break;
        }
        case 'dports':
          dports = ports(value());
          positive('ports');
          break;
        case 'sports':
          sports = ports(value());
          positive('ports');
          break;
        case 'ports':
          either = ports(value());
          positive('ports');
          break;
        case 'state':
          // Only rules that can match NEW open flows; ESTABLISHED/RELATED-only rules are left out of the search.
          rule.state = value().toUpperCase().split(',').includes('NEW') !== neg() ? 'new' : 'established';
          break;
        case 'icmp': {
          const [t, code] = value().split('/');
          positive('ICMP type');
          const n = t === 'any' ? -1 : /^\d+$/.test(t) ? Number(t) : ICMP_TYPES[t];
          if (n === undefined) throw new SpecError(`unknown ICMP type ${t}`);
          if (n >= 0) icmp = [[n, n]];
          if (code !== undefined) possibly('ICMP code');
          break;
        }
        case 'comment':
          rule.name = value();
          break;
        case 'jump':
        case 'goto':
          owner = value();
          setTarget(c, rule, owner, OPTIONS[opt] === 'goto', table, line);
          break;
        default:
          if (!(opt.startsWith('--') && owner)) possibly(`unknown option ${opt.slice(0, 40)}`, true);
          negate = false;
          skipValues();
      }
    }
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    c.error(line, e.message);
    return null;
  }
  if ((dports || sports || either) && (proto === 'any' || !PORTED.includes(proto))) {
    c.error(line, 'port match needs -p tcp, udp or sctp');
    return null;
  }
  if (protoNegate && (dports || sports || either || icmp)) possibly('negated protocol with ports', true);
  if (either) {
    rule.services = [
      { kind: 'proto', proto, dstPorts: either, srcPorts: sports },
      { kind: 'proto', proto, srcPorts: either, dstPorts: dports },
    ];
  } else if (proto !== 'any' || dports || sports)
    rule.services = [{ kind: 'proto', proto, dstPorts: icmp ?? dports, srcPorts: sports }];
  rule.serviceNegate = protoNegate;
  return rule;
}

function setTarget(c: Collector, rule: FirewallRule, t: string, goto: boolean, table: string, line: number) {
  const simple: Record<string, FirewallRule['action']> = {
    ACCEPT: 'accept',
    DROP: 'drop',
    REJECT: 'reject',
    RETURN: 'return',
  };
  if (simple[t]) rule.action = simple[t];
  else if (NON_TERMINATING.has(t)) rule.action = 'continue';
  else if (NAT_TARGETS.has(t) || t === 'QUEUE' || t === 'NFQUEUE') {
    [rule.action, rule.target] = ['unknown', t];
    if (NAT_TARGETS.has(t) && table !== 'nat') c.error(line, `${t} is only valid in the nat table`);
    if (!NAT_TARGETS.has(t)) rule.possibly.push(`${t}: verdict in user space`);
  } else [rule.action, rule.target] = [goto ? 'goto' : 'jump', t];
}
