/**
 * Firewall rules as CSV (RFC 4180 quoting; UTF-8 or, decoded by the caller, CP932). The text is NFKC-normalised
 * first, so full-width digits and letters are accepted. Lines starting with '#' are comments. The first other
 * line is the header; column names (English or Japanese, any order, case-insensitive):
 *
 *   chain|チェーン  id|番号  action|動作  src|送信元  dst|宛先  service|サービス
 *   src_zone|送信元ゾーン  dst_zone|宛先ゾーン  enabled|有効  comment|備考
 *
 * Required: action, src, dst, service. One rule per row, evaluated top to bottom within its chain (default chain
 * "policy"). Cells hold lists separated by spaces, ';' or '、'; a leading '!' negates the whole cell.
 * Members are written as in the JSON format ("any", CIDR, "a-b", "fqdn:name", "tcp/25", "udp/53-54", names).
 * Actions: accept/allow/permit/許可, deny/拒否, drop/破棄, reject/拒絶. enabled: yes/no/true/false/1/0/有効/無効.
 * Special rows: id "@default" sets the chain's default action (else deny); chain "@address" / "@service"
 * defines a named object (id = name, members in src / service).
 */
import {
  type FirewallRuleset,
  finishRuleset,
  newRule,
  type RuleAction,
  type TerminalAction,
} from '../../../domain/flows/ruleset.ts';
import { Collector } from './common.ts';
import { addressMember, serviceMember } from './native.ts';

const COLUMNS: Record<string, string> = {
  chain: 'chain',
  チェーン: 'chain',
  id: 'id',
  番号: 'id',
  action: 'action',
  動作: 'action',
  src: 'src',
  送信元: 'src',
  dst: 'dst',
  宛先: 'dst',
  service: 'service',
  サービス: 'service',
  src_zone: 'src_zone',
  送信元ゾーン: 'src_zone',
  dst_zone: 'dst_zone',
  宛先ゾーン: 'dst_zone',
  enabled: 'enabled',
  有効: 'enabled',
  comment: 'comment',
  備考: 'comment',
};
const ACTIONS: Record<string, RuleAction> = {
  accept: 'accept',
  allow: 'accept',
  permit: 'accept',
  許可: 'accept',
  deny: 'deny',
  拒否: 'deny',
  drop: 'drop',
  破棄: 'drop',
  reject: 'reject',
  拒絶: 'reject',
};
const ENABLED: Record<string, boolean> = {
  yes: true,
  true: true,
  '1': true,
  有効: true,
  '': true,
  no: false,
  false: false,
  '0': false,
  無効: false,
};

/** RFC 4180 rows with the line each row starts on; null cell list on an unterminated quote. */
export function csvRows(text: string): { line: number; cells: string[] | null }[] {
  const rows: { line: number; cells: string[] | null }[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let ok = true;
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            ok = false;
            break;
          }
          if (text[i] === '"' && text[i + 1] === '"') [cell, i] = [`${cell}"`, i + 2];
          else if (text[i] === '"') {
            i++;
            break;
          } else {
            if (text[i] === '\n') line++;
            cell += text[i++];
          }
        }
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      cells.push(cell);
      cell = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    rows.push({ line: start, cells: ok ? cells : null });
    if (!ok) break;
  }
  return rows;
}

export function parseFirewallCsv(input: string, file: string): FirewallRuleset {
  const c = new Collector('csv', file);
  const r = c.r;
  const rows = csvRows(input.replace(/^\uFEFF/, '').normalize('NFKC'));
  let header: string[] | null = null;
  const chains = new Map<string, { rules: ReturnType<typeof newRule>[]; dflt: TerminalAction; line: number }>();
  for (const { line, cells } of rows) {
    if (!cells) {
      c.error(line, 'unterminated quoted cell');
      break;
    }
    if (cells.every((x) => !x.trim()) || cells[0].trim().startsWith('#')) continue;
    if (!header) {
      header = cells.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()] ?? `?${h.trim()}`);
      const unknown = header.filter((h) => h.startsWith('?'));
      if (unknown.length) c.error(line, `unknown column(s): ${unknown.map((u) => u.slice(1)).join(', ')}`);
      const missing = ['action', 'src', 'dst', 'service'].filter((k) => !header?.includes(k));
      if (missing.length) {
        c.error(line, `missing column(s): ${missing.join(', ')}`);
        return finishRuleset(r);
      }
      continue;
    }
    const get = (k: string) => (cells[(header as string[]).indexOf(k)] ?? '').trim();
    const items = (k: string) => {
      const v = get(k);
      const negate = v.startsWith('!');
      return { negate, list: (negate ? v.slice(1) : v).split(/[\s;、]+/).filter(Boolean) };
    };
    const chainName = get('chain') || 'policy';
    const id = get('id');
    if (chainName === '@address' || chainName === '@service') {
      if (!id) c.error(line, 'object row needs a name in id');
      else if (chainName === '@address')
        r.addresses.push({ name: id, group: false, members: items('src').list.map(addressMember), source: c.at(line) });
      else
        r.services.push({
          name: id,
          group: false,
          members: items('service').list.map(serviceMember),
          source: c.at(line),
        });
      continue;
    }
    const chain = chains.get(chainName) ?? { rules: [], dflt: 'deny' as TerminalAction, line };
    chains.set(chainName, chain);
    const action = ACTIONS[get('action').toLowerCase()];
    if (!action) {
      c.error(line, `invalid action "${get('action')}"`);
      continue;
    }
    if (id === '@default') {
      chain.dflt = action as TerminalAction;
      continue;
    }
    const enabled = ENABLED[get('enabled').toLowerCase()];
    if (enabled === undefined) c.error(line, `invalid enabled value "${get('enabled')}"`);
    const src = items('src');
    const dst = items('dst');
    const svc = items('service');
    const zones = (k: string) => (items(k).list.length && !items(k).list.includes('any') ? items(k).list : 'any');
    if (!src.list.length || !dst.list.length || !svc.list.length) {
      c.error(line, 'src, dst and service must not be empty (write "any")');
      continue;
    }
    chain.rules.push(
      newRule(id || `${chainName}#${chain.rules.length + 1}`, c.at(line), {
        ...(get('comment') ? { name: get('comment') } : {}),
        action,
        enabled: enabled ?? false,
        src: src.list.map(addressMember),
        srcNegate: src.negate,
        dst: dst.list.map(addressMember),
        dstNegate: dst.negate,
        services: svc.list.map(serviceMember),
        serviceNegate: svc.negate,
        srcZones: zones('src_zone'),
        dstZones: zones('dst_zone'),
      }),
    );
  }
  if (!header) c.error(1, 'no header row');
  for (const [name, ch] of chains) {
    r.chains.push({ name, kind: 'base', defaultAction: ch.dflt, rules: ch.rules, source: c.at(ch.line) });
    r.pipelines.push({ name, chains: [name] });
  }
  return finishRuleset(r);
}
