/**
 * PAN-OS import (set format, or the brace format flattened to set statements). Objects: `address` (ip-netmask,
 * ip-range, ip-wildcard, fqdn), `address-group` (static; dynamic → unsupported, possibly), `service`,
 * `service-group`, `zone`; security rules of `rulebase` / shared `pre-rulebase`/`post-rulebase` in order, with
 * `move`, `disabled yes`, `negate-source/destination`, rule-type intrazone/interzone; predefined
 * `intrazone-default` (allow) and `interzone-default` (deny) at the bottom unless overridden by
 * `default-security-rules`. App-ID, URL category, user and HIP matches make a rule "possibly"; destination-NAT
 * rules are kept as NAT. Scope: `vsys <name>` (default vsys1), `shared`.
 */
import { type FirewallRuleset, finishRuleset } from '../../../domain/flows/ruleset.ts';
import { Collector } from './common.ts';
import { assemblePanos, newScope, type PanRule, type PanScope } from './panos-model.ts';
import { flattenBraces, type PanStatement, parseSetLines } from './panos-syntax.ts';

const LIST_ATTRS = new Set([
  'from',
  'to',
  'source',
  'destination',
  'service',
  'application',
  'source-user',
  'category',
  'tag',
  'hip-profiles',
  'source-hip',
  'destination-hip',
]);
const IGNORED_TOP = new Set([
  'import',
  'profiles',
  'profile-group',
  'application',
  'application-group',
  'application-filter',
  'schedule',
  'log-settings',
  'tag',
  'setting',
  'mgt-config',
  'deviceconfig',
  'user-id-agent',
  'user-id-collector',
  'region',
  'ssl-decrypt',
  'response-page',
  'global-protect',
  'ocsp-responder',
  'certificate',
  'certificate-profile',
  'ssl-tls-service-profile',
  'server-profile',
  'authentication-profile',
  'reports',
  'report-group',
  'email-scheduler',
  'pdf-summary-report',
  'threats',
  'dynamic-user-group',
  'display-name',
]);
const RULEBASES = new Set(['rulebase', 'pre-rulebase', 'post-rulebase']);

export function parsePanos(text: string, file: string): FirewallRuleset {
  const c = new Collector('panos', file);
  const first =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  if (first.startsWith('<')) {
    c.error(1, 'PAN-OS XML is not supported: export with "set cli config-output-format set" and "show config running"');
    return finishRuleset(c.r);
  }
  const braces = !/^(set|delete|move)\s/.test(first) && text.includes('{');
  const statements = braces ? flattenBraces(c, text) : parseSetLines(c, text);
  const scopes = new Map<string, PanScope>();
  const scope = (name: string): PanScope => {
    let s = scopes.get(name);
    if (!s) {
      s = newScope(name);
      scopes.set(name, s);
    }
    return s;
  };
  const interfaces = new Map<string, { line: number; addresses: string[] }>();
  for (const st of statements) apply(c, st, scope, interfaces);
  return assemblePanos(c, scopes, interfaces);
}

function str(w: string | string[] | undefined): string | undefined {
  return typeof w === 'string' ? w : undefined;
}

function list(ws: (string | string[])[]): string[] {
  return ws.flatMap((w) => (typeof w === 'string' ? [w] : w));
}

function apply(
  c: Collector,
  st: PanStatement,
  scope: (n: string) => PanScope,
  interfaces: Map<string, { line: number; addresses: string[] }>,
) {
  let w = st.words;
  let scopeName = 'vsys1';
  if (w[0] === 'vsys' && str(w[1])) [scopeName, w] = [str(w[1]) as string, w.slice(2)];
  else if (w[0] === 'shared') [scopeName, w] = ['shared', w.slice(1)];
  else if (w[0] === 'device-group' && str(w[1])) [scopeName, w] = [`dg:${str(w[1])}`, w.slice(2)];
  const head = str(w[0]);
  if (st.verb === 'move') return moveRule(c, st, scope(scopeName), w);
  if (st.verb === 'delete') return deleteItem(c, st, scope(scopeName), w);
  if (!head) return c.error(st.line, 'list where a keyword was expected');
  if (head === 'deviceconfig') {
    if (w[1] === 'system' && w[2] === 'hostname' && str(w[3])) c.r.hostname = str(w[3]);
    return;
  }
  if (head === 'network') {
    // network interface ethernet <if> layer3 [units <unit>] ip <addr>
    if (w[1] !== 'interface') return;
    const iface = str(w[3]);
    if (!iface) return;
    const unitAt = w.indexOf('units');
    const name =
      unitAt > 0 ? (str(w[unitAt + 1]) ?? iface) : w[1] === 'interface' && w[2] === 'loopback' ? 'loopback' : iface;
    const ipAt = w.indexOf('ip');
    const entry = interfaces.get(name) ?? { line: st.line, addresses: [] };
    if (ipAt > 0) entry.addresses.push(...list(w.slice(ipAt + 1)));
    interfaces.set(name, entry);
    return;
  }
  if (IGNORED_TOP.has(head) || head === 'external-list') {
    if (head === 'external-list' && str(w[1]))
      scope(scopeName).addresses.set(str(w[1]) as string, { line: st.line, kind: 'edl' });
    return;
  }
  const s = scope(scopeName);
  const name = str(w[1]);
  if (!name && head !== 'zone') return;
  switch (head) {
    case 'address': {
      const a = s.addresses.get(name as string) ?? { line: st.line, kind: 'none' };
      const kind = str(w[2]);
      if (kind && ['ip-netmask', 'ip-range', 'ip-wildcard', 'fqdn'].includes(kind))
        Object.assign(a, { kind, value: str(w[3]) });
      s.addresses.set(name as string, a);
      return;
    }
    case 'address-group': {
      const g = s.groups.get(name as string) ?? { line: st.line, members: [] };
      if (w[2] === 'static') g.members.push(...list(w.slice(3)).filter((m) => !g.members.includes(m)));
      if (w[2] === 'dynamic') g.dynamic = list(w.slice(4)).join(' ') || 'dynamic';
      s.groups.set(name as string, g);
      return;
    }
    case 'service': {
      const svc = s.services.get(name as string) ?? { line: st.line };
      if (w[2] === 'protocol') {
        svc.protocol = str(w[3]);
        for (let i = 4; i + 1 < w.length; i += 2) {
          if (w[i] === 'port') svc.port = str(w[i + 1]);
          if (w[i] === 'source-port') svc.sourcePort = str(w[i + 1]);
        }
      }
      s.services.set(name as string, svc);
      return;
    }
    case 'service-group': {
      const g = s.serviceGroups.get(name as string) ?? { line: st.line, members: [] };
      if (w[2] === 'members') g.members.push(...list(w.slice(3)).filter((m) => !g.members.includes(m)));
      s.serviceGroups.set(name as string, g);
      return;
    }
    case 'zone': {
      if (!name) return;
      const z = s.zones.get(name) ?? { line: st.line, interfaces: [] };
      if (w[2] === 'network') {
        if (w[3] === 'external') c.unsupported(st.line, st.text, 'external zones (inter-vsys traffic) not evaluated');
        z.interfaces.push(...list(w.slice(4)));
      }
      s.zones.set(name, z);
      return;
    }
    default:
      if (RULEBASES.has(head)) return ruleStatement(st, s, head as keyof PanScope['rules'], w);
      c.unsupported(st.line, st.text, `configuration "${head}" not evaluated`);
  }
}

function ruleStatement(st: PanStatement, s: PanScope, base: keyof PanScope['rules'], w: (string | string[])[]) {
  const kind = str(w[1]);
  if (kind === 'default-security-rules') {
    const which = str(w[3]);
    if ((which === 'intrazone-default' || which === 'interzone-default') && w[4] === 'action') {
      s.defaults[which === 'intrazone-default' ? 'intrazone' : 'interzone'] = str(w[5]);
    }
    return;
  }
  if (kind !== 'security' && kind !== 'nat') return;
  if (w[2] !== 'rules' || !str(w[3])) return;
  const table = kind === 'security' ? s.rules[base] : s.nat;
  const name = str(w[3]) as string;
  const rule: PanRule = table.get(name) ?? { name, line: st.line, attrs: new Map() };
  table.set(name, rule);
  const attr = str(w[4]);
  if (!attr) return;
  const values = list(w.slice(5));
  if (LIST_ATTRS.has(attr)) rule.attrs.set(attr, [...new Set([...(rule.attrs.get(attr) ?? []), ...values])]);
  else rule.attrs.set(attr, values);
  if (kind === 'nat' && attr === 'destination-translation') rule.attrs.set('dnat', ['yes']);
}

function moveRule(c: Collector, st: PanStatement, s: PanScope, w: (string | string[])[]) {
  const base = str(w[0]);
  if (!base || !RULEBASES.has(base) || w[1] !== 'security' || w[2] !== 'rules') {
    return c.unsupported(st.line, st.text, 'only moves of security rules are evaluated');
  }
  const rules = s.rules[base as keyof PanScope['rules']];
  const [name, where, other] = [str(w[3]), str(w[4]), str(w[5])];
  const rule = name ? rules.get(name) : undefined;
  if (!rule || !where || ((where === 'before' || where === 'after') && (!other || !rules.has(other)))) {
    return c.warn(st.line, `move: no such rule (${name ?? ''} ${other ?? ''})`, 'invalid-value');
  }
  const rest = [...rules.entries()].filter(([k]) => k !== name);
  let at =
    where === 'top'
      ? 0
      : where === 'bottom'
        ? rest.length
        : rest.findIndex(([k]) => k === other) + (where === 'after' ? 1 : 0);
  if (where !== 'top' && where !== 'bottom' && where !== 'before' && where !== 'after') {
    return c.error(st.line, `move: unknown position ${where}`);
  }
  if (at < 0) at = rest.length;
  rest.splice(at, 0, [name as string, rule]);
  rules.clear();
  for (const [k, v] of rest) rules.set(k, v);
}

function deleteItem(c: Collector, st: PanStatement, s: PanScope, w: (string | string[])[]) {
  const [head, a, b, name] = w.map(str);
  if (head && RULEBASES.has(head) && a === 'security' && b === 'rules' && name) {
    if (!s.rules[head as keyof PanScope['rules']].delete(name))
      c.warn(st.line, `delete: no rule ${name}`, 'invalid-value');
    return;
  }
  if (head === 'address' && a) return void s.addresses.delete(a);
  if (head === 'address-group' && a) return void s.groups.delete(a);
  if (head === 'service' && a) return void s.services.delete(a);
  if (head === 'service-group' && a) return void s.serviceGroups.delete(a);
  c.unsupported(st.line, st.text, 'delete of this item not evaluated');
}
