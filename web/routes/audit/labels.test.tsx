/**
 * Every entity type and action the server writes to the audit trail has a label in both languages and is offered in
 * the filters, so a new area cannot forget them. The values are collected from the source of src/modules by a regex:
 * `appendAudit({ action, entityType })` object literals, positional wrappers such as `auditPolicy(tx, scope, action,
 * entityType, …)`, and local helpers that take an `action`/`entityType` parameter and are called with a literal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/areas/audit.en.json' with { type: 'json' };
import ja from '../../i18n/areas/audit.ja.json' with { type: 'json' };
import { ACTIONS, ENTITY_TYPES } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../src/modules');
const LITERAL = /(?:^|[?:(]\s*)'([a-z][a-z_-]*)'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The literal values an expression can take: `'a'`, `x ? 'a' : 'b'` (not the operands of comparisons). */
function literals(expression: string): string[] {
  return [...expression.trim().matchAll(LITERAL)].map((m) => m[1] as string);
}

/** The text of the balanced argument list that starts at `open` (the index of its `(`), split at top-level commas. */
function argumentsAt(source: string, open: number, typeParameters = false): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c) || (typeParameters && c === '<')) depth++;
    else if (')]}'.includes(c) || (typeParameters && c === '>' && source[i - 1] !== '=')) {
      depth--;
      if (depth === 0) {
        args.push(source.slice(start, i));
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(source.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

function callsOf(source: string, name: string): string[][] {
  const calls: string[][] = [];
  for (const m of source.matchAll(new RegExp(`\\b${name}\\(`, 'g'))) {
    const before = source.slice(Math.max(0, (m.index ?? 0) - 9), m.index);
    if (/function\s*$/.test(before)) continue;
    calls.push(argumentsAt(source, (m.index ?? 0) + name.length));
  }
  return calls;
}

function collect() {
  const found = { entityTypes: new Set<string>(), actions: new Set<string>() };
  const files = sourceFiles(ROOT).map((f) => fs.readFileSync(f, 'utf8'));
  // Helpers that take the action or entity type as a parameter: name → parameter positions.
  const wrappers = new Map<string, { action?: number; entityType?: number }>();
  for (const source of files) {
    for (const m of source.matchAll(/function\s+(\w+)\s*\(/g)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      // Only helpers that write to the trail themselves (not permission checks that also take an `action`).
      const body = source.slice(open, source.indexOf('\n}', open));
      if (!/appendAudit\(|auditPolicy\(/.test(body)) continue;
      const params = argumentsAt(source, open, true).map((p) => p.trim().split(/[\s:?=]/)[0]);
      const action = params.indexOf('action');
      const entityType = params.indexOf('entityType');
      if (action >= 0 || entityType >= 0) {
        wrappers.set(m[1] as string, {
          ...(action >= 0 ? { action } : {}),
          ...(entityType >= 0 ? { entityType } : {}),
        });
      }
    }
  }
  for (const source of files) {
    for (const [arg] of callsOf(source, 'appendAudit').map((a) => [a[2] ?? ''])) {
      for (const [key, set] of [
        ['action', found.actions],
        ['entityType', found.entityTypes],
      ] as const) {
        const m = (arg as string).match(new RegExp(`\\b${key}:([^\\n]*?)(?:,\\s*\\w+\\s*:|,?\\s*\\}|,?\\s*$)`, 'm'));
        if (m) for (const v of literals(m[1] as string)) set.add(v);
      }
    }
    for (const [name, at] of wrappers) {
      for (const args of callsOf(source, name)) {
        if (at.action !== undefined) for (const v of literals(args[at.action] ?? '')) found.actions.add(v);
        if (at.entityType !== undefined) for (const v of literals(args[at.entityType] ?? '')) found.entityTypes.add(v);
      }
    }
    if (/appendAudit\(|auditPolicy\(/.test(source)) {
      for (const m of source.matchAll(/const action = ([^;]*);/g))
        for (const v of literals(m[1] as string)) found.actions.add(v);
    }
  }
  return { entityTypes: [...found.entityTypes].sort(), actions: [...found.actions].sort() };
}

describe('audit trail labels', () => {
  const used = collect();

  it('finds the values the modules write (the collector itself works)', () => {
    expect(used.entityTypes).toEqual(expect.arrayContaining(['user_account', 'policy_version', 'sanitizer_message']));
    expect(used.actions).toEqual(expect.arrayContaining(['login_failed', 'vote', 'acknowledge', 'withdraw', 'sign']));
  });

  it('labels every entity type and action in Japanese and English and offers it in the filters', () => {
    for (const [lang, dict] of [
      ['ja', ja.audit],
      ['en', en.audit],
    ] as const) {
      const entities = dict.entities as Record<string, string>;
      const actions = dict.actions as Record<string, string>;
      expect(
        used.entityTypes.filter((t) => !entities[t]),
        `${lang}: entity types without a label`,
      ).toEqual([]);
      expect(
        used.actions.filter((a) => !actions[a]),
        `${lang}: actions without a label`,
      ).toEqual([]);
    }
    expect(used.entityTypes.filter((t) => !(ENTITY_TYPES as readonly string[]).includes(t))).toEqual([]);
    expect(used.actions.filter((a) => !(ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });
});
