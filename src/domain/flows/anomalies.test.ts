import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../modules/network/firewall/iptables.ts';
import { parseNativeJson } from '../../modules/network/firewall/native.ts';
import { checkNetwork } from './check.ts';
import type { NetworkFinding } from './findings.ts';
import type { FirewallRuleset } from './ruleset.ts';

const EMPTY = { zones: [], systems: [], flows: [], exceptions: [] };
const run = (ruleset: FirewallRuleset, pipeline?: string) =>
  checkNetwork({ model: 'alpha', on: '2026-06-01', register: EMPTY, ruleset, pipeline });
const codes = (fs: NetworkFinding[]) => fs.map((f) => `${f.code}${f.rule ? ` ${f.rule.id}` : ''}`).sort();

describe('rule-base anomalies', () => {
  it('shadowed, redundant, implicit final deny, established-only rules', () => {
    const rs = parseIptablesSave(
      `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -s 10.0.0.0/8 -p tcp --dport 22 -j DROP
-A FORWARD -s 10.1.0.0/16 -p tcp --dport 22 -j ACCEPT
-A FORWARD -s 10.1.0.0/16 -p tcp -m multiport --dports 80,443 -j ACCEPT
-A FORWARD -s 10.1.2.0/24 -p tcp --dport 443 -j ACCEPT
-A FORWARD -s 192.168.0.0/16 -j DROP
COMMIT
`,
      'fw.rules',
    );
    const res = run(rs);
    expect(codes(res.findings)).toEqual([
      'NO-FINAL-DENY', // only the chain policy denies
      'REDUNDANT FORWARD#5', // inside FORWARD#4, same action
      'REDUNDANT FORWARD#6', // the DROP policy would drop the same packets
      'SHADOWED FORWARD#3', // the DROP of 10/8 port 22 takes all of it
    ]);
    expect(res.findings.find((f) => f.code === 'NO-FINAL-DENY')?.severity).toBe('low');
    expect(res.findings.find((f) => f.code === 'SHADOWED')).toMatchObject({
      severity: 'medium',
      rule: { chain: 'FORWARD', file: 'fw.rules', line: 7 },
    });
    expect(res.skipped).toEqual([
      expect.objectContaining({ rule: 'FORWARD#1', reason: expect.stringContaining('established') }),
    ]);
  });

  it('default accept without a final deny; undefined and unused objects; possible matches', () => {
    const rs = parseNativeJson(
      JSON.stringify({
        format: 'mamori-firewall',
        version: 1,
        addresses: { web: ['10.0.0.80'], unused: ['10.9.9.9'] },
        services: { https: ['tcp/443'] },
        chains: [
          {
            name: 'main',
            default: 'accept',
            rules: [
              { id: 'a', action: 'accept', src: ['any'], dst: ['web'], services: ['https'] },
              { id: 'b', action: 'deny', src: ['nowhere'], dst: ['any'] },
              { id: 'c', action: 'deny', src: ['any'], dst: ['fqdn:bad.example.jp'] },
            ],
          },
        ],
      }),
      'x.json',
    );
    const res = run(rs);
    expect(codes(res.findings)).toEqual([
      'NO-FINAL-DENY',
      'POSSIBLE-MATCH b',
      'POSSIBLE-MATCH c',
      'UNDEFINED-REF b',
      'UNUSED-OBJECT',
    ]);
    expect(res.findings.find((f) => f.code === 'NO-FINAL-DENY')?.severity).toBe('medium');
    expect(res.findings.find((f) => f.code === 'UNDEFINED-REF')?.message.en).toContain('nowhere');
    expect(res.findings.find((f) => f.code === 'UNUSED-OBJECT')?.message.en).toContain('unused');
  });

  it('jumps, RETURN and an explicit deny-all are followed', () => {
    const rs = parseIptablesSave(
      `*filter
:FORWARD DROP [0:0]
:ADMIN - [0:0]
-A FORWARD -i eth1 -j ADMIN
-A FORWARD -j DROP
-A ADMIN -s 10.9.0.0/16 -j RETURN
-A ADMIN -p tcp --dport 22 -j ACCEPT
COMMIT
`,
      'j.rules',
    );
    const res = run(rs);
    // The deny-all at the end is the recommended explicit final rule, not a redundancy.
    expect(codes(res.findings)).toEqual([]);
    const c = checkNetwork({
      model: 'alpha',
      on: '2026-06-01',
      ruleset: rs,
      register: {
        ...EMPTY,
        zones: [
          { id: 'a', tier: 'lgwan', cidrs: ['10.20.0.0/16'] },
          { id: 'b', tier: 'internet', cidrs: ['10.30.0.0/16'] },
        ],
      },
    });
    expect(c.tiers.find((t) => t.from === 'internet' && t.to === 'lgwan')).toMatchObject({
      verdict: 'allowed',
      witness: { proto: 6, port: 22, srcZone: 'eth1', rule: { id: 'ADMIN#2', chain: 'ADMIN', line: 7 } },
    });
  });
});
