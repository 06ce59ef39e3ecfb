/**
 * IPv4 and IPv6 addresses in one integer space, so that one address dimension holds both families:
 * IPv4 a.b.c.d ↦ 0 … 2³²−1, IPv6 x ↦ 2³² + x. `any` of a vendor is expanded to the families it covers.
 */
import { fromPairs, type IntervalSet } from './intervals.ts';

export const V4_MAX = (1n << 32n) - 1n;
export const V6_BASE = 1n << 32n;
export const ADDR_MAX = V6_BASE + (1n << 128n) - 1n;
export const V4_SPACE: IntervalSet = [0n, V4_MAX];
export const V6_SPACE: IntervalSet = [V6_BASE, ADDR_MAX];
export const ALL_ADDRESSES: IntervalSet = [0n, ADDR_MAX];

export type Family = 'v4' | 'v6';

export function parseIPv4(s: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const n = Number(m[i]);
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/** A 128-bit value, or null. Accepts `::`, embedded IPv4 and a zone suffix (`%eth0`, ignored). */
export function parseIPv6(input: string): bigint | null {
  const s = input.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(Number.parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Address in the unified space, or null. */
export function parseAddress(s: string): bigint | null {
  const v4 = parseIPv4(s);
  if (v4 !== null) return v4;
  const v6 = parseIPv6(s);
  return v6 === null ? null : V6_BASE + v6;
}

export function familyOf(unified: bigint): Family {
  return unified <= V4_MAX ? 'v4' : 'v6';
}

/** Prefix length of a contiguous netmask such as 255.255.255.0, or null when it is not contiguous. */
export function maskToPrefix(mask: string): number | null {
  const v = parseIPv4(mask);
  if (v === null) return null;
  const bits = v.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

/**
 * [first, last] of `addr`, `addr/len`, `addr/mask` or `addr mask` in the unified space; host bits are cleared
 * (PAN-OS writes 10.1.1.1/24 for the 10.1.1.0/24 network). Null when malformed.
 */
export function parseCidr(text: string): [bigint, bigint] | null {
  const s = text.trim().replace(/\s+/, '/');
  const [addrText, lenText, extra] = s.split('/');
  if (extra !== undefined) return null;
  const v4 = parseIPv4(addrText);
  const v6 = v4 === null ? parseIPv6(addrText) : null;
  if (v4 === null && v6 === null) return null;
  const bits = v4 !== null ? 32 : 128;
  let len = bits;
  if (lenText !== undefined) {
    if (/^\d{1,3}$/.test(lenText)) len = Number(lenText);
    else if (v4 !== null) {
      const p = maskToPrefix(lenText);
      if (p === null) return null;
      len = p;
    } else return null;
    if (len > bits) return null;
  }
  const value = (v4 ?? v6) as bigint;
  const hostBits = BigInt(bits - len);
  const lo = (value >> hostBits) << hostBits;
  const hi = lo + (1n << hostBits) - 1n;
  const base = v4 !== null ? 0n : V6_BASE;
  return [base + lo, base + hi];
}

/** `a-b` or separate ends; null when malformed, families differ or the range is reversed. */
export function parseRange(from: string, to?: string): [bigint, bigint] | null {
  let a = from;
  let b = to;
  if (b === undefined) {
    const parts = from.split('-');
    if (parts.length !== 2) return null;
    [a, b] = parts;
  }
  const lo = parseAddress(a.trim());
  const hi = parseAddress(b.trim());
  if (lo === null || hi === null || familyOf(lo) !== familyOf(hi) || lo > hi) return null;
  return [lo, hi];
}

export function familySpace(families: readonly Family[] = ['v4', 'v6']): IntervalSet {
  return fromPairs(families.map((f) => (f === 'v4' ? [0n, V4_MAX] : [V6_BASE, ADDR_MAX]) as [bigint, bigint]));
}

export function formatAddress(unified: bigint): string {
  if (unified <= V4_MAX) {
    const n = Number(unified);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const v = unified - V6_BASE;
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Smallest CIDR list covering exactly [lo, hi] (for display). */
export function rangeToCidrs(lo: bigint, hi: bigint): string[] {
  const out: string[] = [];
  const base = lo <= V4_MAX ? 0n : V6_BASE;
  const bits = lo <= V4_MAX ? 32 : 128;
  let cur = lo - base;
  const end = hi - base;
  while (cur <= end) {
    let size = 0;
    while (size < bits && ((cur >> BigInt(size)) & 1n) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= end) size++;
    out.push(`${formatAddress(base + cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}
