/**
 * `iptables-save` import. Decisions come from the `filter` table (INPUT, FORWARD, OUTPUT; user chains by jump);
 * `nat` DNAT/REDIRECT rules are kept as NAT (their flows become "possibly"); a DROP/REJECT in `mangle`/`raw` is
 * listed as unsupported. Long option names (`--append`), `!` negation (before or after the option), multiport,
 * state/conntrack, iprange, icmp types and `[pkts:bytes]` counters are understood. An unknown match module is
 * listed and makes its rule "possibly"; commands that only make sense interactively (`--delete`, `--flush` …)
 * are listed, so the result is not complete.
 */
import { type Chain, type FirewallRuleset, finishRuleset } from '../../../domain/flows/ruleset.ts';
import { Collector, tokenize } from './common.ts';
import { parseRuleSpec } from './iptables-rule.ts';

const BUILTIN: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};
const INTERACTIVE = new Set([
  '-C',
  '--check',
  '-D',
  '--delete',
  '-X',
  '--delete-chain',
  '-F',
  '--flush',
  '-h',
  '--help',
  '-L',
  '--list',
  '-S',
  '--list-rules',
  '-E',
  '--rename-chain',
  '-R',
  '--replace',
  '-Z',
  '--zero',
]);
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
      ch = {
        name,
        kind: builtin ? 'base' : 'user',
        rules: [],
        source: c.at(line),
        ...(builtin ? { defaultAction: 'accept' as const, hook: name.toLowerCase() } : {}),
      };
      t.chains.set(name, ch);
    }
    return ch;
  };

  const handle = (raw: string, i: number) => {
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
      ch.source = c.at(line);
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
    if (cmd !== '-A' && cmd !== '--append' && cmd !== '-I' && cmd !== '--insert')
      return c.error(line, `unrecognised line: ${s.slice(0, 60)}`);
    const chainName = tokens[1]?.text;
    if (!chainName) return c.error(line, 'chain name missing');
    let rest = tokens.slice(2).map((t) => t.text);
    let position = -1;
    if ((cmd === '-I' || cmd === '--insert') && /^\d+$/.test(rest[0] ?? '')) {
      position = Number(rest[0]) - 1;
      rest = rest.slice(1);
    } else if (cmd === '-I' || cmd === '--insert') position = 0;
    if (!table.chains.has(chainName))
      c.warn(line, `chain ${chainName} used before it was declared`, 'undefined-ref', chainName);
    const chain = chainOf(table, chainName, line, true) as Chain;
    const rule = parseRuleSpec(c, rest, line, s, table.name);
    if (!rule) return;
    if (position >= 0) chain.rules.splice(Math.min(position, chain.rules.length), 0, rule);
    else chain.rules.push(rule);
  };
  for (let i = 0; i < lines.length; i++) handle(lines[i], i);
  if (table) c.error(lines.length, `table *${(table as TableState).name} has no COMMIT at end of file`);
  return assemble(c, tables);
}

function setPolicy(c: Collector, ch: Chain, target: string, line: number) {
  const t = target.toUpperCase();
  if (ch.kind !== 'base') return c.error(line, `only built-in chains have a policy (${ch.name})`);
  if (t === 'ACCEPT' || t === 'DROP') ch.defaultAction = t === 'ACCEPT' ? 'accept' : 'drop';
  else c.error(line, `invalid policy ${target} for ${ch.name}`);
}

function assemble(c: Collector, tables: Map<string, TableState>): FirewallRuleset {
  const r = c.r;
  const filter = tables.get('filter') ?? { name: 'filter', line: 0, chains: new Map<string, Chain>() };
  for (const b of BUILTIN.filter) {
    if (!filter.chains.has(b))
      filter.chains.set(b, { name: b, kind: 'base', hook: b.toLowerCase(), defaultAction: 'accept', rules: [] });
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
      if (rule.target === 'DNAT' || rule.target === 'REDIRECT' || rule.target === 'NETMAP')
        r.nat.push({ ...rule, id: `nat:${ch.name}#${i + 1}` });
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
          c.unsupported(
            rule.source.line,
            `-A ${ch.name} … -j ${rule.action.toUpperCase()}`,
            `decisions in the ${name} table are not evaluated`,
          );
        }
      }
    }
  }
  const ifaces = new Set<string>();
  for (const ch of r.chains)
    for (const rule of ch.rules)
      for (const z of [rule.srcZones, rule.dstZones]) if (z !== 'any') for (const n of z) ifaces.add(n);
  r.interfaces = [...ifaces].filter((n) => !n.endsWith('+')).map((name) => ({ name }));
  return finishRuleset(r);
}
