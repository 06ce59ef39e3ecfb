import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complement, contains, fromPairs, type IntervalSet, intersect, size, subtract, union } from './intervals.ts';
import { formatAddress, maskToPrefix, parseAddress, parseCidr, parseRange, rangeToCidrs, V6_BASE } from './ip.ts';

const set = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 })), { maxLength: 5 })
  .map((xs) => fromPairs(xs.map(([a, w]) => [BigInt(a), BigInt(a + w)] as [bigint, bigint])));
const members = (s: IntervalSet) => Array.from({ length: 80 }, (_, i) => contains(s, BigInt(i)));

describe('interval sets', () => {
  it('union, intersection, difference and complement agree with membership', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const ma = members(a);
        const mb = members(b);
        expect(members(union(a, b))).toEqual(ma.map((x, i) => x || mb[i]));
        expect(members(intersect(a, b))).toEqual(ma.map((x, i) => x && mb[i]));
        expect(members(subtract(a, b))).toEqual(ma.map((x, i) => x && !mb[i]));
        expect(members(complement(a, [0n, 79n]))).toEqual(ma.map((x) => !x));
        expect(size(a)).toBe(BigInt(ma.filter(Boolean).length));
        // Normal form: sorted, disjoint, not adjacent.
        for (let i = 2; i < a.length; i += 2) expect(a[i] > a[i - 1] + 1n).toBe(true);
      }),
    );
  });
});

describe('addresses', () => {
  it('parses IPv4, IPv6, CIDRs, masks and ranges into one space', () => {
    expect(parseCidr('10.1.1.1/24')).toEqual([parseAddress('10.1.1.0'), parseAddress('10.1.1.255')]);
    expect(parseCidr('1.1.1.0 255.255.255.0')).toEqual(parseCidr('1.1.1.0/24'));
    expect(parseCidr('0.0.0.0 0.0.0.0')).toEqual([0n, (1n << 32n) - 1n]);
    expect(parseCidr('1.2.2.0 1.1.1.255')).toBeNull(); // non-contiguous mask
    expect(parseCidr('2001:db8::/32')?.[0]).toBe(V6_BASE + (0x20010db8n << 96n));
    expect(parseAddress('::ffff:10.0.0.1')).toBe(V6_BASE + 0xffff0a000001n);
    expect(parseAddress('1::2::3')).toBeNull();
    expect(parseAddress('256.1.1.1')).toBeNull();
    expect(parseRange('1.1.1.2-1.1.1.1')).toBeNull();
    expect(parseRange('10.0.0.1', '::1')).toBeNull();
    expect(maskToPrefix('255.255.240.0')).toBe(20);
    expect(maskToPrefix('255.0.255.0')).toBeNull();
  });

  it('formats back, compressing IPv6 zeros', () => {
    for (const a of ['10.20.30.40', '2001:db8::1', '::', 'fe80::1:0:0:2', '1:2:3:4:5:6:7:8'])
      expect(formatAddress(parseAddress(a) as bigint)).toBe(a);
    const [lo, hi] = parseRange('10.0.0.3-10.0.0.17') as [bigint, bigint];
    expect(rangeToCidrs(lo, hi)).toEqual(['10.0.0.3/32', '10.0.0.4/30', '10.0.0.8/29', '10.0.0.16/31']);
  });
});
