/**
 * PAN-OS configuration syntax: tokens of `set` lines (quotes, `[ … ]` lists) and the flattening of the brace
 * format (`show config running` without `set` output) into equivalent `set` statements with their line numbers.
 */
import type { Collector } from './common.ts';

export interface PanStatement {
  verb: 'set' | 'delete' | 'move';
  /** Words of the path; a `[ … ]` list is one string[] element. */
  words: (string | string[])[];
  line: number;
  text: string;
}

/** Words of one line: quoted strings keep spaces, unquoted `[` `]` `{` `}` `;` are tokens of their own. */
export function panTokens(line: string): string[] | null {
  const out: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) return null;
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(ch) || '[]{};'.includes(ch)) {
      if (cur !== null) out.push(cur);
      cur = null;
      if (!/\s/.test(ch)) out.push(`\u0000${ch}`);
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== null) out.push(cur);
  return out;
}

const isPunct = (t: string, p?: string) => t.startsWith('\u0000') && (p === undefined || t === `\u0000${p}`);

/** Groups `[ a b ]` into arrays; null when a bracket is unbalanced. */
function groupLists(tokens: string[]): (string | string[])[] | null {
  const out: (string | string[])[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '[')) {
      const list: string[] = [];
      for (i++; i < tokens.length && !isPunct(tokens[i], ']'); i++) {
        if (isPunct(tokens[i])) return null;
        list.push(tokens[i]);
      }
      if (i >= tokens.length) return null;
      out.push(list);
    } else if (isPunct(tokens[i])) return null;
    else out.push(tokens[i]);
  }
  return out;
}

export function parseSetLines(c: Collector, text: string): PanStatement[] {
  const out: PanStatement[] = [];
  const lines = text.split(/\r?\n/);
  const handle = (raw: string, i: number) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const tokens = panTokens(s);
    const words = tokens && groupLists(tokens);
    if (!words) return c.error(line, 'unbalanced quote or bracket');
    const [verb, ...rest] = words;
    if (verb === 'set' || verb === 'delete' || verb === 'move') out.push({ verb, words: rest, line, text: s });
    else c.error(line, `unrecognised line (expected set, delete or move): ${s.slice(0, 60)}`);
  };
  for (let i = 0; i < lines.length; i++) handle(lines[i], i);
  return out;
}

/**
 * Brace format → set statements. `config { devices { <name> { … } } }` and `config { shared { … } }` are
 * unwrapped; `policy { panorama { … } }` (Panorama-pushed rules) is listed as unsupported.
 */
export function flattenBraces(c: Collector, text: string): PanStatement[] {
  const tokens: { t: string; line: number }[] = [];
  let ok = true;
  const lines = text.split(/\r?\n/);
  const handle = (raw: string, i: number) => {
    if (raw.trim().startsWith('#')) return;
    const ts = panTokens(raw);
    if (!ts) {
      ok = false;
      return c.error(i + 1, 'unterminated quote');
    }
    for (const t of ts) tokens.push({ t, line: i + 1 });
  };
  for (let i = 0; i < lines.length; i++) handle(lines[i], i);
  if (!ok) return [];
  const out: PanStatement[] = [];
  const fail = (line: number, message: string): PanStatement[] => {
    c.error(line, message);
    return [];
  };
  const path: string[] = [];
  const opened: number[] = [];
  let pending: { t: string; line: number }[] = [];
  const emit = (words: (string | string[])[], line: number) => {
    const full = [...path, ...words].filter((w): w is string | string[] => w !== undefined);
    let rel: (string | string[])[] = full;
    if (full[0] === 'config' && full[1] === 'devices') rel = full.slice(3);
    else if (full[0] === 'config') rel = full.slice(1);
    else if (full[0] === 'policy') {
      if (full[1] === 'panorama' && full.length > 2)
        c.unsupported(line, full.flat().join(' '), 'Panorama-pushed policy not evaluated');
      return;
    }
    if (rel.length) out.push({ verb: 'set', words: rel, line, text: rel.flat().join(' ') });
  };
  for (let i = 0; i < tokens.length; i++) {
    const { t, line } = tokens[i];
    if (isPunct(t, '{')) {
      if (!pending.length) return fail(line, 'block without a name');
      path.push(...pending.map((p) => p.t));
      opened.push(pending.length);
      pending = [];
    } else if (isPunct(t, '}')) {
      if (pending.length) return fail(line, 'statement not terminated by ";"');
      const n = opened.pop();
      if (n === undefined) return fail(line, 'unbalanced "}"');
      path.splice(path.length - n, n);
    } else if (isPunct(t, ';')) {
      const words = groupLists(pending.map((p) => p.t));
      if (!words || !pending.length) return fail(line, 'malformed statement');
      emit(words, pending[0].line);
      pending = [];
    } else pending.push({ t, line });
  }
  if (opened.length || pending.length) c.error(tokens.at(-1)?.line ?? 1, 'unexpected end of file (unclosed "{")');
  return out;
}
