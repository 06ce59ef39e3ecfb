/**
 * Firewall configuration import: recognises the format and parses to the normalised ruleset
 * (src/domain/flows/ruleset.ts). Never throws: unreadable input yields a ruleset with `errors` and
 * `complete: false`, which callers must refuse to import (fail closed).
 */
import { emptyRuleset, type FirewallRuleset, finishRuleset } from '../../../domain/flows/ruleset.ts';
import { parseFirewallCsv } from './csv.ts';
import { parseFortiOS } from './fortios.ts';
import { parseIptablesSave } from './iptables.ts';
import { parseNativeJson } from './native.ts';
import { parseNftJson } from './nftables.ts';
import { parsePanos } from './panos.ts';

export type FirewallFormat = 'native' | 'csv' | 'iptables' | 'nftables' | 'fortios' | 'panos';

const PARSERS: Record<FirewallFormat, (text: string, file: string) => FirewallRuleset> = {
  native: parseNativeJson,
  csv: parseFirewallCsv,
  iptables: parseIptablesSave,
  nftables: parseNftJson,
  fortios: parseFortiOS,
  panos: parsePanos,
};

/** UTF-8 (with or without BOM), else Shift_JIS/CP932 as exported by Japanese Excel. */
export function decodeConfigBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

export function detectFormat(text: string): FirewallFormat | { unknown: string } {
  const t = text.replace(/^\uFEFF/, '');
  const head = t.trimStart();
  if (head.startsWith('{')) {
    if (/"nftables"\s*:/.test(head.slice(0, 2000))) return 'nftables';
    if (/"format"\s*:\s*"mamori-firewall"/.test(head)) return 'native';
    return { unknown: 'JSON that is neither `nft -j list ruleset` output nor a Mamori firewall file' };
  }
  if (head.startsWith('<')) return 'panos';
  const lines = t
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('//'));
  const first = lines[0] ?? '';
  if (
    /^\*(filter|nat|mangle|raw|security)\b/.test(first) ||
    /^:[A-Za-z]/.test(first) ||
    /^(-A|--append|-I|--insert|-N|--new-chain|-P|--policy)\s/.test(first)
  ) {
    return 'iptables';
  }
  if (/^(config|policy)\s*\{/.test(first)) return 'panos';
  if (/^config\s+\S/.test(first)) return 'fortios';
  if (/^(set|delete|move)\s/.test(first)) return 'panos';
  if (first.includes(',') && /(^|,)\s*"?(action|動作)"?\s*(,|$)/i.test(first.normalize('NFKC'))) return 'csv';
  if (/^(header|term)\s*\{|^term\s+\S+\s*\{/.test(first) || lines.some((l) => /^target::/.test(l))) {
    return { unknown: 'Capirca policy (.pol): not supported yet; import the generated vendor configuration instead' };
  }
  return { unknown: 'unrecognised firewall configuration format' };
}

export interface ParseOptions {
  file: string;
  /** Skip detection. */
  format?: FirewallFormat;
}

export function parseFirewallConfig(input: string | Uint8Array, opts: ParseOptions): FirewallRuleset {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeConfigBytes(input);
  const format = opts.format ?? detectFormat(text);
  if (typeof format !== 'string') {
    const r = emptyRuleset('native', opts.file);
    r.errors.push({ file: opts.file, line: 1, message: format.unknown });
    return finishRuleset(r);
  }
  try {
    return PARSERS[format](text, opts.file);
  } catch (e) {
    // A parser bug must not turn into a partial import.
    const r = emptyRuleset(format === 'csv' ? 'csv' : format, opts.file);
    r.errors.push({ file: opts.file, line: 0, message: `internal error while parsing: ${(e as Error).message}` });
    return finishRuleset(r);
  }
}

export { parseFirewallCsv, parseFortiOS, parseIptablesSave, parseNativeJson, parseNftJson, parsePanos };
