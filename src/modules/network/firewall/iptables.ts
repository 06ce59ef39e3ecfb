/**
 * `iptables-save` import. Decisions come from the `filter` table (INPUT, FORWARD, OUTPUT; user chains by jump);
 * `nat` DNAT/REDIRECT rules are kept as NAT (their flows become "possibly"); a DROP/REJECT in `mangle`/`raw` is
 * listed as unsupported. Long option names (`--append`), `!` negation (before or after the option), multiport,
 * state/conntrack, iprange, icmp types and `[pkts:bytes]` counters are understood. An unknown match module is
 * listed and makes its rule "possibly"; commands that only make sense interactively (`--delete`, `--flush` …)
 * are listed, so the result is not complete.
 */
import {
  type AddressSpec,
  type Chain,
  type FirewallRule,
  type FirewallRuleset,
  finishRuleset,
  newRule,
  PROTOCOL_NUMBERS,
  type PortRange,
} from '../../../domain/flows/ruleset.ts';
import { Collector, literalSpec, parsePortRange, tokenize } from './common.ts';

const BUILTIN: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};
const INTERACTIVE = new Set(['-C', '--check', '-D', '--delete', '-X', '--delete-chain', '-F', '--flush', '-h', '--help',
  '-L', '--list', '-S', '--list-rules', '-E', '--rename-chain', '-R', '--replace', '-Z', '--zero']);
const NON_TERMINATING = new Set(['LOG', 'NFLOG', 'ULOG', 'TRACE', 'MARK', 'CONNMARK', 'CT', 'TCPMSS', 'CLASSIFY', 'DSCP',
  'TOS', 'NOTRACK', 'AUDIT', 'CHECKSUM', 'TEE', 'SECMARK', 'CONNSECMARK', 'TTL', 'HL', 'IDLETIMER', 'LED', 'SET']);
const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
/** Match modules whose effect is not modelled: the rule is "possibly" (parsed, so not unsupported). */
const POSSIBLY_MODULES: Record<string, string> = {
  limit: 'rate limit', hashlimit: 'rate limit', connlimit: 'connection limit', recent: 'recent list', mac: 'MAC address',
  set: 'ipset contents', physdev: 'bridge port', owner: 'socket owner', mark: 'packet mark', connmark: 'connection mark',
  length: 'packet length', pkttype: 'packet type', string: 'payload string', addrtype: 'address type', time: 'time of day',
  geoip: 'geography', u32: 'u32 match', bpf: 'BPF program', policy: 'IPsec policy', rpfilter: 'reverse path', ttl: 'TTL',
  dscp: 'DSCP', tos: 'TOS', statistic: 'random sampling', quota: 'quota', helper: 'conntrack helper', socket: 'socket lookup',
};
const KNOWN_MODULES = new Set(['tcp', 'udp', 'sctp', 'udplite', 'icmp', 'multiport', 'state', 'conntrack', 'comment', 'iprange']);
const PORT_NAMES: Record<string, number> = { ssh: 22, smtp: 25, domain: 53, http: 80, https: 443, submission: 587, ntp: 123, telnet: 23, ftp: 21 };
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8,
  'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12,
  'timestamp-request': 13, 'timestamp-reply': 14,
};

interface TableState {
  name: string;
  line: number;
  chains: Map<string, Chain>;
}

export function parseIptablesSave(text: string, file: string): FirewallRuleset {
  const c = new Collector('iptables', file);
  const tables = new Map<string, TableState>();
  let table: TableState | null = null;
  const lines = text.split(/\r?\n/);
  const chainOf = (t: TableState, name: string, line: number, create: boolean): Chain | undefined => {
    let ch = t.chains.get(name);
    if (!ch && create) {
      const builtin = BUILTIN[t.name]?.includes(name);
      ch = { name, kind: builtin ? 'base' : 'user', rules: [], source: c.at(line), ...(builtin ? { defaultAction: 'accept' as const, hook: name.toLowerCase() } : {}) };
      t.chains.set(name, ch);
    }
    return ch;
  };

  lines.forEach((raw, i) => {
    const line = i + 1;
    let s = raw.trim();
    if (!s || s.startsWith('#')) return;
    if (s.startsWith('*')) {
      if (table) c.error(line, `table *${table.name} (line ${table.line}) has no COMMIT`);
      const name = s.slice(1).trim();
      table = tables.get(name) ?? { name, line, chains: new Map() };
      tables.set(name, table);
      for (const b of BUILTIN[name] ?? []) chainOf(table, b, line, true);
      if (!BUILTIN[name]) c.unsupported(line, s, `unknown table ${name}`);
      return;
    }
    if (s === 'COMMIT') {
      if (!table) c.error(line, 'COMMIT outside a table');
      table = null;
      return;
    }
    if (!table) {
      c.error(line, `outside a table (expected "*filter" … "COMMIT"): ${s.slice(0, 60)}`);
      return;
    }
    if (s.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[\d+:\d+\])?$/.exec(s);
      if (!m) return c.error(line, `malformed chain declaration: ${s}`);
      const ch = chainOf(table, m[1], line, true) as Chain;
      if (m[2] !== '-') setPolicy(c, ch, m[2], line);
      return;
    }
    s = s.replace(/^\[\d+:\d+\]\s+/, '');
    const tokens = tokenize(s);
    if (!tokens?.length) return c.error(line, 'unterminated quote');
    const cmd = tokens[0].text;
    if (INTERACTIVE.has(cmd)) return c.unsupported(line, s, `command ${cmd} does not belong in a saved rule set`);
    if (cmd === '-N' || cmd === '--new-chain') {
      if (!tokens[1]) return c.error(line, 'chain name missing');
      chainOf(table, tokens[1].text, line, true);
      return;
    }
    if (cmd === '-P' || cmd === '--policy') {
      if (!tokens[1] || !tokens[2]) return c.error(line, 'policy needs a chain and a target');
      return setPolicy(c, chainOf(table, tokens[1].text, line, true) as Chain, tokens[2].text, line);
    }
    if (cmd !== '-A' && cmd !== '--append' && cmd !== '-I' && cmd !== '--insert') return c.error(line, `unrecognised line: ${s.slice(0, 60)}`);
    const chainName = tokens[1]?.text;
    if (!chainName) return c.error(line, 'chain name missing');
    let rest = tokens.slice(2).map((t) => t.text);
    let position = -1;
    if ((cmd === '-I' || cmd === '--insert') && /^\d+$/.test(rest[0] ?? '')) {
      position = Number(rest[0]) - 1;
      rest = rest.slice(1);
    } else if (cmd === '-I' || cmd === '--insert') position = 0;
    if (!table.chains.has(chainName)) c.warn(line, `chain ${chainName} used before it was declared`, 'undefined-ref', chainName);
    const chain = chainOf(table, chainName, line, true) as Chain;
    const rule = parseRuleSpec(c, rest, line, s, table.name);
    if (!rule) return;
    if (position >= 0) chain.rules.splice(Math.min(position, chain.rules.length), 0, rule);
    else chain.rules.push(rule);
  });
  if (table) c.error(lines.length, `table *${(table as TableState).name} has no COMMIT at end of file`);
  return assemble(c, tables);
}

function setPolicy(c: Collector, ch: Chain, target: string, line: number) {
  const t = target.toUpperCase();
  if (ch.kind !== 'base') return c.error(line, `only built-in chains have a policy (${ch.name})`);
  if (t === 'ACCEPT' || t === 'DROP') ch.defaultAction = t === 'ACCEPT' ? 'accept' : 'drop';
  else c.error(line, `invalid policy ${target} for ${ch.name}`);
}

function addressList(text: string): AddressSpec[] {
  return text.split(',').map((a) => literalSpec(a) ?? { kind: 'fqdn', fqdn: a });
}

function parsePorts(c: Collector, text: string, line: number): PortRange[] | null {
  const out: PortRange[] = [];
  for (const p of text.split(',')) {
    const named = PORT_NAMES[p];
    const r = named !== undefined ? ([named, named] as PortRange) : parsePortRange(p, /:/);
    if (!r) {
      c.error(line, `invalid port ${p}`);
      return null;
    }
    out.push(r);
  }
  return out;
}

/** One rule specification (everything after `-A CHAIN`). */
function parseRuleSpec(c: Collector, args: string[], line: number, text: string, table: string): FirewallRule | null {
  const rule = newRule('', c.at(line), { families: ['v4'], src: [{ kind: 'any', families: ['v4'] }], dst: [{ kind: 'any', families: ['v4'] }], action: 'continue' });
  let proto: number | 'any' = 'any';
  let protoNegate = false;
  let dports: PortRange[] | undefined;
  let sports: PortRange[] | undefined;
  let eitherPorts: PortRange[] | undefined;
  let icmpType: PortRange[] | undefined;
  const modules = new Set<string>();
  let negate = false;
  let optionOwner: string | null = null;
  for (let i = 0; i < args.length; i++) {
    let opt = args[i];
    if (opt === '!') {
      negate = true;
      continue;
    }
    const value = () => {
      let v = args[++i];
      if (v === '!') {
        negate = true;
        v = args[++i];
      }
      if (v === undefined) throw new SpecError(`option ${opt} needs a value`);
      return v;
    };
    const neg = () => {
      const n = negate;
      negate = false;
      return n;
    };
    try {
      switch (opt) {
        case '-s': case '--source': case '--src': { const v = value(); rule.srcNegate = neg(); rule.src = addressList(v); break; }
        case '-d': case '--destination': case '--dst': { const v = value(); rule.dstNegate = neg(); rule.dst = addressList(v); break; }
        case '-p': case '--protocol': {
          const v = value().toLowerCase();
          protoNegate = neg();
          const n = v === 'all' ? 'any' : /^\d+$/.test(v) ? Number(v) : PROTOCOL_NUMBERS[v];
          if (n === undefined) throw new SpecError(`unknown protocol ${v}`);
          proto = n;
          break;
        }
        case '-i': case '--in-interface': { const v = value(); rule.srcZonesNegate = neg(); rule.srcZones = [v]; break; }
        case '-o': case '--out-interface': { const v = value(); rule.dstZonesNegate = neg(); rule.dstZones = [v]; break; }
        case '-4': break;
        case '-6': rule.enabled = false; c.warn(line, 'rule applies to IPv6 only (-6): ignored by iptables', 'ignored'); break;
        case '-f': case '--fragment': rule.possibly.push('fragments only'); neg(); break;
        case '-m': case '--match': {
          const m = value();
          optionOwner = null;
          if (['tcp', 'udp', 'sctp', 'udplite'].includes(m) && proto !== PROTOCOL_NUMBERS[m]) {
            c.unsupported(line, text, `-m ${m} without -p ${m}`);
            rule.possibly.push(`-m ${m} without -p ${m}`);
          } else if (POSSIBLY_MODULES[m]) {
            rule.possibly.push(POSSIBLY_MODULES[m]);
            optionOwner = m;
          } else if (!KNOWN_MODULES.has(m)) {
            optionOwner = m;
            c.unsupported(line, text, `unknown match module ${m}`);
            rule.possibly.push(`unknown match ${m}`);
          }
          modules.add(m);
          break;
        }
        case '--dport': case '--destination-port': { const v = value(); if (neg()) throw new SpecError('negated ports'); dports = parsePorts(c, v, line) ?? undefined; break; }
        case '--sport': case '--source-port': { const v = value(); if (neg()) throw new SpecError('negated ports'); sports = parsePorts(c, v, line) ?? undefined; break; }
        case '--dports': case '--destination-ports': { const v = value(); if (neg()) throw new SpecError('negated ports'); dports = parsePorts(c, v, line) ?? undefined; break; }
        case '--sports': case '--source-ports': { const v = value(); if (neg()) throw new SpecError('negated ports'); sports = parsePorts(c, v, line) ?? undefined; break; }
        case '--ports': { const v = value(); if (neg()) throw new SpecError('negated ports'); eitherPorts = parsePorts(c, v, line) ?? undefined; break; }
        case '--state': case '--ctstate': {
          const states = value().toUpperCase().split(',');
          const opensNew = states.includes('NEW') !== neg();
          rule.state = opensNew ? 'new' : 'established';
          break;
        }
        case '--icmp-type': {
          const v = value();
          if (neg()) throw new SpecError('negated icmp type');
          const [t, code] = v.split('/');
          const n = t === 'any' ? -1 : /^\d+$/.test(t) ? Number(t) : ICMP_TYPES[t];
          if (n === undefined) throw new SpecError(`unknown icmp type ${v}`);
          if (n >= 0) icmpType = [[n, n]];
          if (code !== undefined) rule.possibly.push('ICMP code');
          break;
        }
        case '--src-range': { const v = value(); rule.srcNegate = neg(); rule.src = addressList(v); break; }
        case '--dst-range': { const v = value(); rule.dstNegate = neg(); rule.dst = addressList(v); break; }
        case '--comment': rule.name = value(); break;
        case '--syn': neg(); break;
        case '--tcp-flags': value(); value(); neg(); rule.possibly.push('TCP flags'); break;
        case '-j': case '--jump': case '-g': case '--goto': {
          const t = value();
          const goto = opt === '-g' || opt === '--goto';
          optionOwner = t;
          setTarget(c, rule, t, goto, table, line);
          break;
        }
        default:
          if (opt.startsWith('--') && optionOwner) {
            // Options of a module we do not model, or of the target: skip their values.
            while (i + 1 < args.length && !args[i + 1].startsWith('-') && args[i + 1] !== '!') i++;
            negate = false;
            break;
          }
          opt = opt.length > 40 ? `${opt.slice(0, 40)}…` : opt;
          c.unsupported(line, text, `unknown option ${opt}`);
          rule.possibly.push(`unknown option ${opt}`);
          while (i + 1 < args.length && !args[i + 1].startsWith('-') && args[i + 1] !== '!') i++;
      }
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      c.error(line, e.message);
      return null;
    }
  }
  if ((dports || sports || eitherPorts) && typeof proto === 'number' && ![6, 17, 132, 136].includes(proto)) {
    c.error(line, 'port match needs -p tcp, udp or sctp');
    return null;
  }
  if (protoNegate && (dports || sports || eitherPorts || icmpType)) {
    c.unsupported(line, text, 'negated protocol with ports');
    rule.possibly.push('negated protocol with ports');
  }
  if (eitherPorts) rule.services = [{ kind: 'proto', proto, dstPorts: eitherPorts, srcPorts: sports }, { kind: 'proto', proto, srcPorts: eitherPorts, dstPorts: dports }];
  else if (proto !== 'any' || dports || sports) rule.services = [{ kind: 'proto', proto, dstPorts: icmpType ?? dports, srcPorts: sports }];
  rule.serviceNegate = protoNegate;
  if (modules.has('multiport') && !dports && !sports && !eitherPorts) c.warn(line, '-m multiport without ports', 'invalid-value');
  return rule;
}

class SpecError extends Error {}

function setTarget(c: Collector, rule: FirewallRule, t: string, goto: boolean, table: string, line: number) {
  if (t === 'ACCEPT') rule.action = 'accept';
  else if (t === 'DROP') rule.action = 'drop';
  else if (t === 'REJECT') rule.action = 'reject';
  else if (t === 'RETURN') rule.action = 'return';
  else if (NON_TERMINATING.has(t)) rule.action = 'continue';
  else if (NAT_TARGETS.has(t)) {
    rule.action = 'unknown';
    rule.target = t;
    if (table !== 'nat') c.error(line, `${t} is only valid in the nat table`);
  } else if (t === 'QUEUE' || t === 'NFQUEUE') {
    rule.action = 'unknown';
    rule.target = t;
    rule.possibly.push(`${t}: verdict in user space`);
  } else {
    // Resolved in assemble(): a chain may be declared after its first use.
    rule.action = goto ? 'goto' : 'jump';
    rule.target = t;
  }
}

function assemble(c: Collector, tables: Map<string, TableState>): FirewallRuleset {
  const r = c.r;
  const filter = tables.get('filter') ?? { name: 'filter', line: 0, chains: new Map<string, Chain>() };
  for (const b of BUILTIN.filter) {
    if (!filter.chains.has(b)) filter.chains.set(b, { name: b, kind: 'base', hook: b.toLowerCase(), defaultAction: 'accept', rules: [] });
  }
  for (const ch of filter.chains.values()) {
    ch.rules.forEach((rule, i) => {
      rule.id = `${ch.name}#${i + 1}`;
      if ((rule.action === 'jump' || rule.action === 'goto') && !filter.chains.has(rule.target as string)) {
        if (/^[A-Z][A-Z0-9_]*$/.test(rule.target as string)) {
          rule.action = 'unknown';
          c.unsupported(rule.source.line, `-j ${rule.target}`, `unknown target ${rule.target}`);
        } else c.warn(rule.source.line, `jump to undefined chain ${rule.target}`, 'undefined-ref', rule.target);
      }
    });
    r.chains.push(ch);
  }
  r.families = ['v4'];
  r.pipelines = ['FORWARD', 'INPUT', 'OUTPUT'].map((n) => ({ name: n, chains: [n] }));
  const nat = tables.get('nat');
  for (const ch of nat?.chains.values() ?? []) {
    ch.rules.forEach((rule, i) => {
      if (rule.target === 'DNAT' || rule.target === 'REDIRECT' || rule.target === 'NETMAP') r.nat.push({ ...rule, id: `nat:${ch.name}#${i + 1}` });
    });
  }
  for (const [name, t] of tables) {
    if (name === 'filter' || name === 'nat') continue;
    for (const ch of t.chains.values()) {
      if (ch.kind === 'base' && ch.defaultAction === 'drop') {
        c.unsupported(ch.source?.line ?? t.line, `:${ch.name} DROP`, `policy of ${name} table not evaluated`);
      }
      for (const rule of ch.rules) {
        if (['drop', 'reject', 'unknown'].includes(rule.action) && rule.enabled) {
          c.unsupported(rule.source.line, `-A ${ch.name} … -j ${rule.action.toUpperCase()}`, `decisions in the ${name} table are not evaluated`);
        }
      }
    }
  }
  const ifaces = new Set<string>();
  for (const ch of r.chains) for (const rule of ch.rules) for (const z of [rule.srcZones, rule.dstZones]) if (z !== 'any') z.forEach((n) => ifaces.add(n));
  r.interfaces = [...ifaces].filter((n) => !n.endsWith('+')).map((name) => ({ name }));
  return finishRuleset(r);
}
