/** Helpers shared by the firewall importers: a shell-like tokenizer and the collector of problems. */

import { parseCidr, parseRange } from '../../../domain/flows/ip.ts';
import {
  type AddressSpec,
  emptyRuleset,
  type FirewallRuleset,
  type ParseWarning,
  type PortRange,
  type Vendor,
} from '../../../domain/flows/ruleset.ts';

export interface Token {
  text: string;
  /** True when any part of the token was quoted (so `!` or `[` in it is literal). */
  quoted: boolean;
}

/**
 * Splits a line like a POSIX shell: whitespace separates, '…' and "…" quote (backslash escapes inside "…"),
 * adjacent parts join ("new"_group1 → new_group1). Returns null on an unterminated quote.
 */
export function tokenize(line: string): Token[] | null {
  const out: Token[] = [];
  let cur = '';
  let quoted = false;
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const end = ch;
      let j = i + 1;
      for (; j < line.length && line[j] !== end; j++) {
        if (end === '"' && line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
      }
      if (j >= line.length) return null;
      i = j;
      quoted = true;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push({ text: cur, quoted });
      cur = '';
      quoted = false;
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (inToken) out.push({ text: cur, quoted });
  return out;
}

/** Collects the ruleset being built plus problems, each tied to file and line. */
export class Collector {
  readonly r: FirewallRuleset;

  constructor(
    vendor: Vendor,
    readonly file: string,
  ) {
    this.r = emptyRuleset(vendor, file);
  }

  error(line: number, message: string) {
    this.r.errors.push({ file: this.file, line, message });
  }

  unsupported(line: number, text: string, reason: string) {
    this.r.unsupported.push({ file: this.file, line, text: text.trim(), reason });
  }

  warn(line: number, message: string, code?: ParseWarning['code'], ref?: string) {
    this.r.warnings.push({ file: this.file, line, message, ...(code ? { code } : {}), ...(ref ? { ref } : {}) });
  }

  at(line: number) {
    return { file: this.file, line };
  }
}

/** Literal address (IP, CIDR, `a-b` range, `ip mask`) as a spec, or null. */
export function literalSpec(text: string): AddressSpec | null {
  if (text.includes('-') && !text.includes('/')) {
    const [a, b] = text.split('-');
    return parseRange(a, b) ? { kind: 'range', from: a, to: b } : null;
  }
  return parseCidr(text) ? { kind: 'cidr', cidr: text.trim() } : null;
}

/** `80`, `1000-2000` / `1000:2000`, open ends `:80` `1024:`; null when malformed or out of range. */
export function parsePortRange(text: string, sep: RegExp = /[-:]/): PortRange | null {
  const m = text.split(sep);
  if (m.length > 2) return null;
  const num = (s: string, dflt: number) => (s === '' ? dflt : /^\d{1,5}$/.test(s) ? Number(s) : Number.NaN);
  const lo = num(m[0], 0);
  const hi = m.length === 2 ? num(m[1], 65535) : lo;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi || hi > 65535) return null;
  return [lo, hi];
}

/** Line number (1-based) of a character offset. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Start line of each object/array element of the top-level array at `path` of a JSON text (JSON.parse keeps no positions).
 * `path` is the key of the array inside the root object, or '' when the root is the array.
 */
export function jsonArrayItemLines(text: string, key: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let lastString = '';
  let cur = '';
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '"') {
        inString = false;
        lastString = cur;
      } else cur += ch;
      continue;
    }
    if (ch === '"') {
      inString = true;
      cur = '';
    } else if (ch === '{' || ch === '[') {
      if (depth === arrayDepth) lines.push(line);
      depth++;
      if (ch === '[' && arrayDepth === -1 && ((key === '' && depth === 1) || (depth === 2 && lastString === key)))
        arrayDepth = depth;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < arrayDepth) arrayDepth = -2;
    }
  }
  return lines;
}

/** Line of the first JSON syntax error (JSON.parse on Node 20 does not always say where). */
export function jsonErrorLine(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (ch === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i++] !== ':') fail();
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) fail();
      return void i++;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return lineAt(text, at);
    throw at;
  }
  return 1;
}
