/**
 * Interpreter of the FortiOS CLI configuration language: `config <path>` … `end`, `edit <name>` … `next`,
 * `set/unset/append/select/unselect`, and the table commands `delete`, `rename … to …`, `move … before|after …`,
 * `clone … to …`. Like the CLI it rejects a `set` that names an undefined object (with a warning), follows renames
 * in references, and drops an edit block that could not be committed (missing mandatory fields, bad name).
 * `config vdom` / `config global` are transparent; nested `config` inside an edit and unknown sections are skipped.
 */
import type { Collector } from './common.ts';
import { tokenize } from './common.ts';

export interface FortiObject {
  name: string;
  line: number;
  attrs: Map<string, string[]>;
}

export interface FortiSection {
  path: string;
  objects: Map<string, FortiObject>;
  settings: Map<string, string[]>;
}

interface RefSpec {
  targets: string[];
  builtins?: string[];
}

const ADDR = ['firewall address', 'firewall addrgrp'];
const ADDR6 = ['firewall address6', 'firewall addrgrp6'];
const SVC = ['firewall service custom', 'firewall service group'];
const INTF = ['system interface', 'system zone'];
const REFS: Record<string, Record<string, RefSpec>> = {
  'firewall policy': {
    srcaddr: { targets: ADDR, builtins: ['all', 'none'] },
    dstaddr: { targets: ADDR, builtins: ['all', 'none'] },
    srcaddr6: { targets: ADDR6, builtins: ['all', 'none'] },
    dstaddr6: { targets: ADDR6, builtins: ['all', 'none'] },
    service: { targets: SVC, builtins: ['ALL'] },
    srcintf: { targets: INTF, builtins: ['any'] },
    dstintf: { targets: INTF, builtins: ['any'] },
  },
  'firewall address': { 'associated-interface': { targets: INTF }, interface: { targets: ['system interface'] } },
  'firewall addrgrp': { member: { targets: ADDR }, 'exclude-member': { targets: ['firewall address'] } },
  'firewall addrgrp6': { member: { targets: ADDR6 } },
  'firewall service group': { member: { targets: SVC } },
  'system zone': { interface: { targets: ['system interface'] } },
};
/** Sections that decide traffic but are not evaluated: listed as unsupported. */
export const UNSUPPORTED_SECTIONS: Record<string, string> = {
  'firewall policy6': 'IPv6 policy table (FortiOS < 6.4) not evaluated',
  'firewall vip': 'virtual IPs (destination NAT) not evaluated',
  'firewall vip6': 'virtual IPs (destination NAT) not evaluated',
  'firewall vipgrp': 'virtual IPs (destination NAT) not evaluated',
  'firewall local-in-policy': 'local-in policies not evaluated',
  'firewall proxy-policy': 'explicit proxy policies not evaluated',
  'firewall interface-policy': 'interface policies not evaluated',
  'firewall DoS-policy': 'DoS policies not evaluated',
  'firewall security-policy': 'NGFW policy-based security policies not evaluated',
  'firewall multicast-policy': 'multicast policies not evaluated',
  'firewall central-snat-map': 'central SNAT not evaluated',
};
const NAME_LIMIT: Record<string, number> = {
  'firewall address': 79,
  'firewall addrgrp': 79,
  'firewall service custom': 79,
  'firewall service group': 79,
  'system zone': 35,
};
const GROUP_SECTIONS = new Set(['firewall addrgrp', 'firewall addrgrp6', 'firewall service group']);

/** `opener` tells which command closes the frame: `next` closes an edit, `end` a config. */
type Frame =
  | { kind: 'section'; opener: 'config'; section: FortiSection; line: number }
  | { kind: 'edit'; opener: 'edit'; section: FortiSection; obj: FortiObject; line: number }
  | { kind: 'skip' | 'transparent'; opener: 'config' | 'edit'; line: number };

export function interpretFortiCli(c: Collector, text: string): Map<string, FortiSection> {
  const sections = new Map<string, FortiSection>();
  const stack: Frame[] = [];
  const section = (path: string) => {
    let s = sections.get(path);
    if (!s) {
      s = { path, objects: new Map(), settings: new Map() };
      sections.set(path, s);
    }
    return s;
  };
  const defined = (targets: string[], name: string) => targets.some((t) => sections.get(t)?.objects.has(name));
  const lines = text.split(/\r?\n/);

  const checkRefs = (
    sec: FortiSection,
    obj: FortiObject,
    attr: string,
    names: string[],
    line: number,
  ): string[] | null => {
    const spec = REFS[sec.path]?.[attr];
    if (!spec) return names;
    let out = names;
    if ((attr === 'srcaddr' || attr === 'dstaddr') && names.length > 1 && names.includes('all')) {
      c.warn(line, `'all' set together with other addresses in ${attr} of ${obj.name}: removed`, 'invalid-value');
      out = names.filter((n) => n !== 'all');
    }
    if (attr === 'srcintf' && names.length > 1 && names.includes('any')) {
      c.warn(line, `'any' set together with other interfaces in srcintf of ${obj.name}: removed`, 'invalid-value');
      out = names.filter((n) => n !== 'any');
    }
    if (attr === 'service' && names.length > 1 && names.includes('ALL') && !defined(SVC, 'ALL')) {
      c.warn(line, `'ALL' cannot be combined with other services (${obj.name}): line ignored`, 'invalid-value');
      return null;
    }
    for (const n of out) {
      if (spec.builtins?.includes(n) || defined(spec.targets, n)) continue;
      c.warn(line, `${attr} ${n} of ${sec.path} ${obj.name} is undefined: line ignored`, 'undefined-ref', n);
      return null;
    }
    if (GROUP_SECTIONS.has(sec.path) && attr === 'member') {
      const contains = (group: string, seen: Set<string>): boolean => {
        if (group === obj.name) return true;
        if (seen.has(group)) return false;
        seen.add(group);
        return (sec.objects.get(group)?.attrs.get('member') ?? []).some((m) => contains(m, seen));
      };
      const cyclic = out.find((n) => contains(n, new Set()));
      if (cyclic) {
        c.warn(line, `member ${cyclic} would make ${obj.name} contain itself: line ignored`, 'cycle', cyclic);
        return null;
      }
    }
    if (sec.path === 'system zone' && attr === 'interface') {
      const taken = [...sec.objects.values()].find(
        (z) => z.name !== obj.name && out.some((i) => z.attrs.get('interface')?.includes(i)),
      );
      if (taken) {
        c.warn(line, `interface already in zone ${taken.name}: line ignored`, 'invalid-value');
        return null;
      }
    }
    return out;
  };

  const commit = (f: Extract<Frame, { kind: 'edit' }>) => {
    const why = invalidReason(f.section, f.obj, sections);
    if (why) return c.warn(f.line, `${f.section.path} ${f.obj.name} ignored: ${why}`, 'ignored');
    f.section.objects.set(f.obj.name, f.obj);
  };

  const renameRefs = (path: string, from: string, to: string) => {
    for (const [secPath, attrs] of Object.entries(REFS)) {
      for (const [attr, spec] of Object.entries(attrs)) {
        if (!spec.targets.includes(path)) continue;
        for (const o of sections.get(secPath)?.objects.values() ?? []) {
          const v = o.attrs.get(attr);
          if (v?.includes(from))
            o.attrs.set(
              attr,
              v.map((n) => (n === from ? to : n)),
            );
        }
      }
    }
  };

  const handle = (raw: string, i: number) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const tokens = tokenize(s);
    if (!tokens) return c.error(line, 'unterminated quote');
    const [cmd, ...args] = tokens.map((t) => t.text);
    const top = stack.at(-1);
    switch (cmd) {
      case 'config': {
        const path = args.join(' ');
        if (!top || top.kind === 'transparent') {
          if (path === 'vdom' || path === 'global') return stack.push({ kind: 'transparent', opener: 'config', line });
          if (UNSUPPORTED_SECTIONS[path]) c.unsupported(line, s, UNSUPPORTED_SECTIONS[path]);
          return stack.push({ kind: 'section', opener: 'config', section: section(path), line });
        }
        return stack.push({ kind: 'skip', opener: 'config', line });
      }
      case 'edit': {
        if (!top) return c.error(line, 'edit outside a config block');
        if (top.kind !== 'section')
          return stack.push({ kind: top.kind === 'transparent' ? 'transparent' : 'skip', opener: 'edit', line });
        let name = args[0] ?? '';
        if (top.section.path === 'firewall policy') {
          if (!/^\d+$/.test(name)) {
            c.warn(line, `policy id ${name} is not a number: block ignored`, 'invalid-value');
            return stack.push({ kind: 'skip', opener: 'edit', line });
          }
          if (name === '0') name = String(Math.max(0, ...[...top.section.objects.keys()].map(Number)) + 1);
        }
        const prev = top.section.objects.get(name);
        const obj: FortiObject = prev ? { ...prev, attrs: new Map(prev.attrs) } : { name, line, attrs: new Map() };
        return stack.push({ kind: 'edit', opener: 'edit', section: top.section, obj, line });
      }
      case 'next':
      case 'end': {
        if (!top) return c.error(line, `${cmd} without an open block`);
        if (top.opener === 'edit') {
          if (top.kind === 'edit') commit(top);
          stack.pop();
          // `end` inside an edit commits it and closes the enclosing config too.
          if (cmd === 'end' && stack.length) stack.pop();
        } else if (cmd === 'end') stack.pop();
        else c.warn(line, 'next outside an edit block', 'invalid-value');
        return;
      }
      case 'set':
      case 'unset':
      case 'append':
      case 'select':
      case 'unselect': {
        if (!top || (top.kind !== 'edit' && top.kind !== 'section')) return;
        const [attr, ...values] = args;
        if (!attr) return c.error(line, `${cmd} needs an attribute`);
        const target: Map<string, string[]> = top.kind === 'edit' ? top.obj.attrs : top.section.settings;
        if (cmd === 'unset') return void target.delete(attr);
        const obj = top.kind === 'edit' ? top.obj : { name: '(section)', line, attrs: target };
        const checked = checkRefs(top.section, obj, attr, values, line);
        if (!checked) return;
        if (cmd === 'append')
          target.set(attr, [...(target.get(attr) ?? []), ...checked.filter((v) => !target.get(attr)?.includes(v))]);
        else if (cmd === 'unselect')
          target.set(
            attr,
            (target.get(attr) ?? []).filter((v) => !checked.includes(v)),
          );
        else target.set(attr, checked);
        return;
      }
      case 'delete':
      case 'rename':
      case 'move':
      case 'clone':
        if (top?.kind !== 'section')
          return top?.kind === 'skip' ? undefined : c.error(line, `${cmd} outside a config table`);
        return tableCommand(c, sections, top.section, cmd, args, line, renameRefs);
      default:
        if (top?.kind === 'skip') return;
        c.error(line, `unrecognised line: ${s.slice(0, 60)}`);
    }
  };
  for (let i = 0; i < lines.length; i++) handle(lines[i], i);
  for (const f of stack) if (f.kind !== 'skip') c.error(f.line, 'block opened here has no end');
  return sections;
}

function tableCommand(
  c: Collector,
  sections: Map<string, FortiSection>,
  sec: FortiSection,
  cmd: string,
  args: string[],
  line: number,
  renameRefs: (path: string, from: string, to: string) => void,
) {
  const objs = sec.objects;
  const [a, word, b] = args;
  if (cmd === 'delete') {
    if (!objs.delete(a)) c.warn(line, `delete ${a}: no such entry in ${sec.path}`, 'invalid-value');
    return;
  }
  if ((cmd === 'rename' || cmd === 'clone') && (word !== 'to' || !b))
    return c.error(line, `${cmd} needs "<name> to <new>"`);
  if (cmd === 'move' && (!['before', 'after'].includes(word) || !b))
    return c.error(line, 'move needs "<id> before|after <id>"');
  if (!objs.has(a) || (cmd === 'move' && !objs.has(b)))
    return c.warn(line, `${cmd}: no such entry in ${sec.path}`, 'invalid-value');
  const siblings = ADDR.includes(sec.path) ? ADDR : SVC.includes(sec.path) ? SVC : [sec.path];
  if (cmd !== 'move' && siblings.some((p) => sections.get(p)?.objects.has(b)))
    return c.warn(line, `${cmd}: ${b} already exists`, 'invalid-value');
  if (cmd !== 'move' && NAME_LIMIT[sec.path] && b.length > NAME_LIMIT[sec.path])
    return c.warn(line, `${cmd}: name ${b} is too long`, 'invalid-value');
  if (cmd === 'clone' && sec.path === 'firewall policy' && !/^\d+$/.test(b))
    return c.warn(line, `clone: ${b} is not a policy id`, 'invalid-value');
  const entries = [...objs.entries()];
  const obj = objs.get(a) as FortiObject;
  let next: [string, FortiObject][];
  if (cmd === 'rename') {
    next = entries.map(([k, v]) => (k === a ? [b, { ...v, name: b }] : [k, v]));
    renameRefs(sec.path, a, b);
  } else if (cmd === 'clone') {
    // Clone is appended at the end of the table [要確認: FortiOS placement of cloned policies].
    next = [...entries, [b, { ...obj, name: b, line, attrs: new Map(obj.attrs) }]];
  } else {
    const without = entries.filter(([k]) => k !== a);
    const at = without.findIndex(([k]) => k === b) + (word === 'after' ? 1 : 0);
    next = [...without.slice(0, at), [a, obj], ...without.slice(at)];
  }
  objs.clear();
  for (const [k, v] of next) objs.set(k, v);
}

function invalidReason(sec: FortiSection, obj: FortiObject, sections: Map<string, FortiSection>): string | null {
  const limit = NAME_LIMIT[sec.path];
  if (limit && obj.name.length > limit) return `name longer than ${limit} characters`;
  const has = (k: string) => (obj.attrs.get(k)?.length ?? 0) > 0;
  switch (sec.path) {
    case 'firewall policy': {
      if ((obj.attrs.get('name')?.[0]?.length ?? 0) > 35) return 'policy name longer than 35 characters';
      const missing = ['srcintf', 'dstintf', 'service'].filter((k) => !has(k));
      if (!has('srcaddr') && !has('srcaddr6')) missing.push('srcaddr');
      if (!has('dstaddr') && !has('dstaddr6')) missing.push('dstaddr');
      return missing.length ? `missing ${missing.join(', ')}` : null;
    }
    case 'firewall addrgrp':
    case 'firewall addrgrp6':
    case 'firewall service group':
      return has('member') ? null : 'a group needs at least one member';
    case 'system zone':
      if (sections.get('system interface')?.objects.has(obj.name)) return 'name conflicts with an interface';
      return has('interface') ? null : 'a zone needs an interface';
    default:
      return null;
  }
}
