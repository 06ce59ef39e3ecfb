/**
 * Every file of the vendored firewall corpus (../shared/corpora/firewall from the project root) is parsed without
 * a throw, and nothing partial is presented as complete. The test fails when the corpus is missing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../../domain/flows/check.ts';
import type { FirewallRuleset } from '../../../domain/flows/ruleset.ts';
import { detectFormat, parseFirewallConfig } from './index.ts';

const PROJECT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const ROOT = resolve(PROJECT, '../shared/corpora/firewall');
const walk = (d: string): string[] =>
  readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const FILES = existsSync(ROOT)
  ? walk(ROOT)
      .map((f) => relative(ROOT, f))
      .sort()
  : [];
const parsed = new Map<string, FirewallRuleset>();
const parse = (rel: string) => {
  let r = parsed.get(rel);
  if (!r) {
    r = parseFirewallConfig(readFileSync(join(ROOT, rel)), { file: rel });
    parsed.set(rel, r);
  }
  return r;
};
const isDoc = (rel: string) => /(^|\/)(LICENSE|SOURCE\.md)$/.test(rel);

describe('firewall corpus', () => {
  it('is present', () => {
    if (!existsSync(ROOT))
      throw new Error(`firewall corpus not found at ${ROOT} (expected ../shared/corpora/firewall next to the project)`);
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.some((f) => f.startsWith('batfish-fortios/'))).toBe(true);
    expect(FILES.some((f) => f.startsWith('batfish-panos/'))).toBe(true);
    expect(FILES.some((f) => f.startsWith('batfish-iptables/'))).toBe(true);
  });

  it.each(FILES)('%s parses without a throw; partial results are never complete', (rel) => {
    const r = parse(rel);
    expect(r.errors.filter((e) => e.message.startsWith('internal error'))).toEqual([]);
    expect(r.complete).toBe(r.errors.length === 0 && r.unsupported.length === 0);
    for (const p of [...r.errors, ...r.unsupported, ...r.warnings]) {
      expect(p.file).toBe(rel);
      expect(p.line).toBeGreaterThan(0);
    }
    if (isDoc(rel) || rel.startsWith('capirca/')) {
      expect(r.errors[0]?.message).toMatch(/unrecognised|Capirca/);
      return;
    }
    const format = detectFormat(readFileSync(join(ROOT, rel), 'utf8'));
    const expected = rel.startsWith('batfish-fortios/')
      ? 'fortios'
      : rel.startsWith('batfish-panos/')
        ? 'panos'
        : 'iptables';
    expect(format).toBe(expected);
    if (!rel.endsWith('unsupported_command')) expect(r.errors).toEqual([]);
    // The checker runs on every importable rule set.
    if (!r.errors.length) {
      const res = checkNetwork({
        model: 'alpha',
        on: '2026-06-01',
        ruleset: r,
        register: { zones: [], systems: [], flows: [], exceptions: [] },
      });
      expect(res.complete).toBe(r.complete);
    }
  });
});

describe('known corpus files', () => {
  const ids = (r: FirewallRuleset, chain = 0) => r.chains[chain].rules.map((x) => x.id);
  const file = (rel: string) => {
    if (!existsSync(ROOT)) throw new Error(`firewall corpus not found at ${ROOT}`);
    return parse(rel);
  };

  it('batfish iptables unsupported_* files report their unsupported lines', () => {
    const cmd = file(
      'batfish-iptables/projects/batfish/src/test/resources/org/batfish/grammar/iptables/testconfigs/unsupported_command',
    );
    expect(cmd.unsupported.map((u) => u.line)).toEqual([7, 10, 13, 16, 18, 24, 27, 36, 39, 42]);
    expect(cmd.unsupported[0]).toMatchObject({
      text: '--check INPUT -p tcp -j ACCEPT',
      reason: expect.stringContaining('--check'),
    });
    expect(cmd.errors).toEqual([expect.objectContaining({ line: 33, message: expect.stringContaining('built-in') })]);
    expect(cmd.chains.find((c) => c.name === 'INPUT')?.rules).toHaveLength(2); // --append and --insert
    expect(cmd.complete).toBe(false);

    const opts = file(
      'batfish-iptables/projects/batfish/src/test/resources/org/batfish/grammar/iptables/testconfigs/unsupported_rule_spec_options',
    );
    expect(opts.unsupported).toEqual([expect.objectContaining({ line: 10, reason: '-m tcp without -p tcp' })]);
    const input = opts.chains.find((c) => c.name === 'INPUT')?.rules ?? [];
    expect(input.map((x) => [x.enabled, x.possibly.length > 0])).toEqual([
      [true, false],
      [false, false],
      [true, false],
      [true, true],
    ]);
    expect(opts.complete).toBe(false);
  });

  it('iptables tables other than filter: DROPs in mangle are listed, state matches open no new flows', () => {
    const z1 = file('batfish-iptables/networks/iptables-firewall/iptables/z1-firewall.v4');
    expect(z1.unsupported).toEqual([expect.objectContaining({ line: 5, reason: expect.stringContaining('mangle') })]);
    const host = file('batfish-iptables/tests/parsing-errors-tests/networks/invalid-iptables/iptables/host1.iptables');
    expect(host.chains.find((c) => c.name === 'INPUT')).toMatchObject({ defaultAction: 'drop' });
    expect(host.chains.find((c) => c.name === 'INPUT')?.rules.map((x) => x.state)).toEqual([
      'any',
      'any',
      'established',
    ]);
    const unit = file('batfish-iptables/tests/parsing-tests/networks/unit-tests/iptables/host1.iptables');
    expect(unit.chains.find((c) => c.name === 'INPUT')?.rules[1]).toMatchObject({
      src: [{ kind: 'cidr', cidr: '11.22.33.44/32' }],
      services: [{ proto: 6, dstPorts: [[25, 25]] }],
      action: 'accept',
    });
  });

  it('FortiOS *_warnings files produce warnings and undefined references', () => {
    const addr = file('batfish-fortios/address_warnings');
    expect(addr.warnings.filter((w) => w.code === 'undefined-ref').map((w) => w.ref)).toContain('undefined_iface');
    const grp = file('batfish-fortios/addrgrp_warnings');
    expect(grp.warnings.filter((w) => w.code === 'cycle').map((w) => w.line)).toEqual([60, 61]);
    expect(grp.warnings.some((w) => w.line === 39 && w.message.includes('at least one member'))).toBe(true);
    const svc = file('batfish-fortios/service_group_warnings');
    expect(svc.warnings.filter((w) => w.code === 'cycle')).toHaveLength(2);
    const pol = file('batfish-fortios/firewall_policy_warn');
    expect(pol.warnings.filter((w) => w.code === 'undefined-ref').map((w) => w.ref)).toEqual(
      expect.arrayContaining(['port1', 'addr1', 'service1']),
    );
    expect(pol.unsupported).toEqual([expect.objectContaining({ reason: expect.stringContaining('ipsec') })]);
    expect(
      file('batfish-fortios/zone_warn').warnings.some((w) => w.code === 'undefined-ref' && w.ref === 'UNDEFINED'),
    ).toBe(true);
  });

  it('FortiOS policies: file order, move, delete, disabled rules, implicit deny', () => {
    expect(ids(file('batfish-fortios/policy_move'))).toEqual(['5', '1', '2', '4', '3']);
    expect(ids(file('batfish-fortios/policy_delete'))).toEqual(['2', '1']);
    const fp = file('batfish-fortios/firewall_policy');
    expect(fp.chains[0]).toMatchObject({ name: 'policy', defaultAction: 'deny' });
    expect(fp.chains[0].rules.find((x) => x.id === '4294967294')).toMatchObject({
      action: 'deny',
      dstZones: ['port1', 'port2'],
    });
    const svc = fp.services.find((s) => s.name === 'custom_tcp_12_from_11');
    expect(svc?.members).toEqual([{ kind: 'proto', proto: 6, dstPorts: [[12, 12]], srcPorts: [[11, 11]] }]);
    const grp = file('batfish-fortios/firewall_policy_addrgrp');
    expect(grp.addresses.find((a) => a.name === 'grp1_child')).toMatchObject({
      exclude: [{ kind: 'ref', name: 'addr1b' }],
    });
  });

  it('PAN-OS: rule order, moves, disabled rules, default rules, dynamic groups, brace format, vsys', () => {
    const rb = file('batfish-panos/rulebase');
    expect(ids(rb)).toEqual(['disabled rule', 'RULE1', 'RULE2', '3rd_RULE', 'intrazone-default', 'intrazone-default']);
    expect(rb.chains[0].rules[0].enabled).toBe(false);
    expect(rb.chains[0].rules[2]).toMatchObject({ srcNegate: true, src: [{ kind: 'cidr', cidr: '2.2.2.2' }] });
    expect(rb.chains[0]).toMatchObject({ defaultAction: 'deny' });
    expect(ids(file('batfish-panos/move-rulebase-security'))).toEqual(['RULE3', 'RULE4', 'RULE1', 'RULE5', 'RULE2']);
    expect(ids(file('batfish-panos/move-rulebase-security'), 1)).toEqual(['RULE7', 'RULE6']);
    expect(file('batfish-panos/address-group-dynamic').unsupported).toEqual([expect.objectContaining({ line: 11 })]);
    const brace = file('batfish-panos/security-no-explicit-match');
    expect(ids(brace)).toEqual(['DENY', 'PERMIT', 'intrazone-default', 'intrazone-default']);
    expect(brace.zones.map((z) => z.name)).toEqual(['ZONE', 'EMPTY_ZONE']);
    expect(brace.hostname).toBe('security-no-explicit-match');
    expect(file('batfish-panos/vsys-rulebase').chains.map((c) => c.name)).toEqual(['vsys1', 'vsys2']);
    const inherit = file('batfish-panos/address-object-group-inheritance');
    expect(inherit.chains[0].rules[0].src).toEqual([{ kind: 'ref', name: '11.11.11.11' }]); // the object, not the literal
    expect(inherit.chains[0].rules[1].src).toEqual([{ kind: 'cidr', cidr: '44.44.44.44' }]);
    expect(file('batfish-panos/rulebase-extraction').chains[0].rules[0].possibly).toEqual([
      'App-ID: ssh, ssl',
      'URL category: CAT1, CAT2',
    ]);
    expect(file('batfish-panos/rulebase-nat').nat).toHaveLength(1);
  });
});
