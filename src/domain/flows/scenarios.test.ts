/**
 * Scenarios per network model with hand-written expected findings. One town: マイナンバー系 10.10/16, LGWAN系
 * 10.20/16, インターネット系 10.30/16, LGWAN 10.40/16, the Internet everything else.
 */
import { describe, expect, it } from 'vitest';
import { parseFortiOS } from '../../modules/network/firewall/fortios.ts';
import { parseNativeJson } from '../../modules/network/firewall/native.ts';
import type { FlowException, NetworkModel } from '../tiers.ts';
import { checkNetwork } from './check.ts';
import type { NetworkFinding } from './findings.ts';
import type { DeclaredFlow, NetworkRegister } from './register.ts';

const ON = '2026-06-01';
const OFF = { clipboard: false, printer: false, drive: false };
const sys = (id: string, tier: NetworkRegister['systems'][number]['tier'], address: string, roles: string[] = []) => ({
  id,
  name: id,
  tier,
  addresses: [address],
  roles,
});
const SYSTEMS = [
  sys('mn-app', 'mynumber', '10.10.1.10'),
  sys('mn-term', 'mynumber', '10.10.1.50'),
  sys('chukan', 'lgwan-wan', '10.40.1.10', ['intermediate-server']),
  sys('lg-mail', 'lgwan', '10.20.1.25', ['lgwan-mail']),
  sys('lg-file', 'lgwan', '10.20.1.80'),
  sys('st-gw', 'lgwan', '10.20.1.90', ['screen-transfer-gw']),
  sys('lg-term', 'lgwan', '10.20.2.0/24'),
  sys('proxy', 'internet', '10.30.1.8', ['security-cloud-egress']),
  sys('in-mta', 'internet', '10.30.1.25', ['internet-mta']),
  sys('sanitizer', 'internet', '10.30.1.26', ['mail-sanitizer']),
  sys('file-san', 'internet', '10.30.1.27', ['file-sanitizer']),
  sys('vbrowser', 'internet', '10.30.1.40', ['virtual-browser']),
  sys('in-term', 'internet', '10.30.2.0/24'),
  sys('eltax', 'internet-external', '203.0.113.10'),
  sys('tenant', 'internet-external', '198.51.100.0/24'),
];
const flow = (
  id: string,
  from: string,
  to: string,
  service: string,
  mechanism: DeclaredFlow['mechanism'],
  extra = {},
): DeclaredFlow => ({ id, from, to, service, mechanism, justification: id, ...extra });
const FLOWS: DeclaredFlow[] = [
  flow('F-mail', 'sanitizer', 'lg-mail', 'tcp/25', 'sanitized-mail'),
  flow('F-file', 'file-san', 'lg-file', 'tcp/445', 'sanitized-file'),
  flow('F-vb', 'lg-term', 'vbrowser', 'tcp/443', 'screen-transfer', { screenTransfer: OFF }),
  flow('F-eltax', 'mn-app', 'eltax', 'tcp/443', 'tokutei-tsushin'),
  flow('F-chukan', 'mn-app', 'chukan', 'tcp/443', 'tokutei-tsushin'),
  flow('F-proxy', 'proxy', 'tier:internet-external', 'tcp/443', 'direct'),
  flow('F-proxy80', 'proxy', 'tier:internet-external', 'tcp/80', 'direct'),
  flow('F-lgwan', 'lg-term', 'tier:lgwan-wan', 'tcp/443', 'direct'),
];
const exception = (
  id: string,
  list: FlowException['list'],
  from: FlowException['from'],
  to: FlowException['to'],
  services: string[],
  expiresOn = '2027-03-31',
): FlowException => ({
  id,
  list,
  name: id,
  from,
  to,
  services,
  approvedBy: 'CISO',
  approvedOn: '2026-04-01',
  expiresOn,
});
const EXCEPTIONS = [
  exception('TT-eltax', 'tokuteiTsushin', { systemId: 'mn-app' }, { systemId: 'eltax' }, ['tcp/443'], '2026-12-31'),
  exception('TT-chukan', 'tokuteiTsushin', { systemId: 'mn-app' }, { systemId: 'chukan' }, ['tcp/443']),
];
const register = (flows: DeclaredFlow[] = [], exceptions: FlowException[] = []): NetworkRegister => ({
  zones: [
    { id: 'mn', tier: 'mynumber', cidrs: ['10.10.0.0/16'] },
    { id: 'lg', tier: 'lgwan', cidrs: ['10.20.0.0/16'] },
    { id: 'in', tier: 'internet', cidrs: ['10.30.0.0/16'] },
    { id: 'wan', tier: 'lgwan-wan', cidrs: ['10.40.0.0/16'] },
    { id: 'ext', tier: 'internet-external', cidrs: ['0.0.0.0/0'] },
  ],
  systems: SYSTEMS,
  flows: [...FLOWS, ...flows],
  exceptions: [...EXCEPTIONS, ...exceptions],
});

type R = { id: string; src: string[]; dst: string[]; services: string[]; action?: string; dstNegate?: boolean };
const r = (id: string, src: string, dst: string, services: string[], extra: Partial<R> = {}): R => ({
  id,
  src: [src],
  dst: [dst],
  services,
  ...extra,
});
/** The correct α rule base. */
const ALPHA: R[] = [
  r('r1', '10.30.1.25', '10.30.1.26', ['tcp/25']),
  r('r2', '10.30.1.26', '10.20.1.25', ['tcp/25']),
  r('r3', '10.30.1.27', '10.20.1.80', ['tcp/445']),
  r('r4', '10.20.2.0/24', '10.30.1.40', ['tcp/443']),
  r('r5', '10.10.1.10', '203.0.113.10', ['tcp/443']),
  r('r6', '10.10.1.10', '10.40.1.10', ['tcp/443']),
  r('r7', '10.30.1.8', '10.0.0.0/8', ['tcp/80', 'tcp/443'], { dstNegate: true }),
  r('r8', '10.20.2.0/24', '10.40.0.0/16', ['tcp/443']),
];
const FINAL: R = { id: 'final', src: ['any'], dst: ['any'], services: ['any'], action: 'deny' };

function firewall(rules: R[]) {
  const json = JSON.stringify(
    {
      format: 'mamori-firewall',
      version: 1,
      chains: [{ name: 'fw', default: 'deny', rules: [...rules, FINAL].map((x) => ({ action: 'accept', ...x })) }],
    },
    null,
    1,
  );
  const rs = parseNativeJson(json, 'fw.json');
  expect(rs.errors).toEqual([]);
  return rs;
}

function check(model: NetworkModel, rules: R[], reg = register(), on = ON) {
  return checkNetwork({ model, on, register: reg, ruleset: firewall(rules) });
}

/** code, cell, rule and certainty of every finding above "info", sorted. */
const summary = (fs: NetworkFinding[]) =>
  fs
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.code} ${f.cell ?? '-'} ${f.rule?.id ?? '-'} ${f.certainty}`)
    .sort();

describe('α (baseline)', () => {
  it('a correct α setup has no findings; the tier matrix shows the legal paths with witnesses', () => {
    const res = check('alpha', ALPHA);
    expect(summary(res.findings)).toEqual([]);
    const cell = (k: string) => res.tiers.find((t) => `${t.from}->${t.to}` === k);
    expect(cell('internet->lgwan')).toMatchObject({
      verdict: 'allowed',
      witness: {
        srcIp: '10.30.1.26',
        dstIp: '10.20.1.25',
        proto: 6,
        port: 25,
        rule: { id: 'r2', line: expect.any(Number) },
      },
    });
    expect(cell('lgwan->internet')).toMatchObject({
      verdict: 'allowed',
      witness: { dstIp: '10.30.1.40', port: 443, rule: { id: 'r4' } },
    });
    expect(cell('mynumber->internet-external')).toMatchObject({
      verdict: 'allowed',
      witness: { srcIp: '10.10.1.10', dstIp: '203.0.113.10', rule: { id: 'r5' } },
    });
    expect(cell('mynumber->internet')).toMatchObject({ verdict: 'denied' });
    expect(cell('mynumber->internet')?.witness).toBeUndefined();
    expect(cell('internet->mynumber')?.verdict).toBe('denied');
    expect(res.tiers).toHaveLength(25);
    expect(res.complete).toBe(true);
  });

  it('the mail path through the sanitizer is the only legal Internet → LGWAN mail flow', () => {
    const res = check('alpha', [
      ...ALPHA,
      r('v-mta', '10.30.1.25', '10.20.1.25', ['tcp/25']), // Internet relay straight to the LGWAN mail server
      r('v-san', '10.30.1.26', '10.20.1.80', ['tcp/25']), // sanitizer to a host that is not the mail server
    ]);
    expect(summary(res.findings)).toEqual([
      'TIER-UNSANITIZED internet->lgwan v-mta definite',
      'TIER-UNSANITIZED internet->lgwan v-san definite',
      'UNREGISTERED-FLOW internet->lgwan v-mta definite',
      'UNREGISTERED-FLOW internet->lgwan v-san definite',
    ]);
    const bypass = res.findings.find((f) => f.code === 'TIER-UNSANITIZED' && f.rule?.id === 'v-mta');
    expect(bypass).toMatchObject({
      severity: 'critical',
      clause: { label: '確認済' },
      witness: {
        srcIp: '10.30.1.25',
        dstIp: '10.20.1.25',
        proto: 6,
        port: 25,
        srcSystemId: 'in-mta',
        dstSystemId: 'lg-mail',
        verdict: 'allowed',
        rule: { id: 'v-mta', file: 'fw.json' },
      },
    });
  });

  it('LGWAN terminals reaching out and マイナンバー系 terminals talking to other segments', () => {
    const res = check('alpha', [
      ...ALPHA,
      r('v-lg', '10.20.2.0/24', 'any', ['tcp/443']),
      r('v-mn', '10.10.1.50', 'any', ['tcp/80']),
    ]);
    expect(summary(res.findings)).toEqual([
      // v-lg (same source, any destination, accept) now also decides what r4 and r8 allow.
      'REDUNDANT - r4 definite',
      'REDUNDANT - r8 definite',
      'TIER-FORBIDDEN lgwan->internet-external v-lg definite',
      'TIER-FORBIDDEN lgwan->mynumber v-lg definite',
      'TIER-FORBIDDEN mynumber->internet v-mn definite',
      'TIER-FORBIDDEN mynumber->lgwan v-mn definite',
      'TIER-UNSANITIZED lgwan->internet v-lg definite',
      'TOKUTEI-UNLISTED mynumber->internet-external v-mn definite',
      'TOKUTEI-UNLISTED mynumber->lgwan-wan v-mn definite',
      'UNREGISTERED-FLOW lgwan->internet v-lg definite',
      'UNREGISTERED-FLOW lgwan->internet-external v-lg definite',
      'UNREGISTERED-FLOW lgwan->mynumber v-lg definite',
      'UNREGISTERED-FLOW mynumber->internet v-mn definite',
      'UNREGISTERED-FLOW mynumber->internet-external v-mn definite',
      'UNREGISTERED-FLOW mynumber->lgwan v-mn definite',
      'UNREGISTERED-FLOW mynumber->lgwan-wan v-mn definite',
    ]);
  });

  it('expired 特定通信, blocked declared flows, any/any and FQDN rules', () => {
    expect(summary(check('alpha', ALPHA, register(), '2027-01-05').findings)).toEqual([
      'EXCEPTION-EXPIRED mynumber->internet-external r5 definite',
    ]);
    expect(
      summary(
        check(
          'alpha',
          ALPHA.filter((x) => x.id !== 'r3'),
        ).findings,
      ),
    ).toEqual(['BLOCKED-DECLARED-FLOW internet->lgwan final definite']);
    const anyAny = check('alpha', [...ALPHA, r('temp', 'any', 'any', ['any'])]);
    expect(anyAny.findings.find((f) => f.code === 'ANY-ANY-CROSS-TIER')).toMatchObject({
      severity: 'high',
      rule: { id: 'temp' },
    });
    // An FQDN destination is only "possibly" matched: the violation is reported one severity lower.
    const fqdn = check('alpha', [...ALPHA, r('v-fqdn', '10.20.1.80', 'fqdn:update.example.jp', ['tcp/443'])]);
    expect(fqdn.findings.find((f) => f.code === 'TIER-FORBIDDEN' && f.rule?.id === 'v-fqdn')).toMatchObject({
      certainty: 'possible',
      severity: 'high',
      cell: 'lgwan->internet-external',
    });
    expect(fqdn.findings.some((f) => f.code === 'POSSIBLE-MATCH' && f.rule?.id === 'v-fqdn')).toBe(true);
  });
});

describe('α′ (local breakout to approved tenants)', () => {
  const LBO = [
    r('a-ok', '10.20.2.0/24', '198.51.100.0/24', ['tcp/443']),
    r('a-bad', '10.20.2.0/24', '192.0.2.0/24', ['tcp/443']),
  ];
  const reg = register(
    [flow('F-lbo', 'lg-term', 'tenant', 'tcp/443', 'lbo-cloud')],
    [exception('LBO-1', 'approvedCloudTenants', { tier: 'lgwan' }, { cidrs: ['198.51.100.0/24'] }, ['tcp/443'])],
  );

  it('the approved tenant passes, any other destination is LBO-UNAPPROVED', () => {
    expect(summary(check('alphaPrime', [...ALPHA, ...LBO], reg).findings)).toEqual([
      'LBO-UNAPPROVED lgwan->internet-external a-bad definite',
      'UNREGISTERED-FLOW lgwan->internet-external a-bad definite',
    ]);
    expect(summary(check('alphaPrime', ALPHA, reg).findings)).toEqual([
      'BLOCKED-DECLARED-FLOW lgwan->internet-external final definite',
    ]);
  });

  it('the same rules under α are forbidden breakouts', () => {
    expect(summary(check('alpha', [...ALPHA, ...LBO], reg).findings)).toEqual([
      'TIER-FORBIDDEN lgwan->internet-external a-bad definite',
      'TIER-FORBIDDEN lgwan->internet-external a-ok definite',
      'UNREGISTERED-FLOW lgwan->internet-external a-bad definite',
    ]);
  });
});

describe('β and β′ (staff terminals in the Internet tier)', () => {
  const BETA = [
    ...ALPHA.filter((x) => x.id !== 'r4'),
    r('b-st', '10.30.2.0/24', '10.20.1.90', ['tcp/3389']),
    r('b-web', '10.30.2.0/24', '10.30.1.8', ['tcp/8080']),
  ];
  const reg = register([flow('F-st', 'in-term', 'st-gw', 'tcp/3389', 'screen-transfer', { screenTransfer: OFF })]);

  for (const model of ['beta', 'betaPrime'] as const) {
    it(`${model}: screen transfer Internet → LGWAN is legal, the α direction and direct egress are not`, () => {
      expect(summary(check(model, BETA, reg).findings)).toEqual([
        'BLOCKED-DECLARED-FLOW lgwan->internet final definite',
      ]);
      const res = check(
        model,
        [
          ...BETA,
          r('r4', '10.20.2.0/24', '10.30.1.40', ['tcp/443']),
          r('b-out', '10.30.2.0/24', '10.0.0.0/8', ['tcp/443'], { dstNegate: true }),
        ],
        reg,
      );
      expect(summary(res.findings)).toEqual([
        'SECURITY-CLOUD-BYPASS internet->internet-external b-out definite',
        'TIER-UNSANITIZED lgwan->internet r4 definite',
        'UNREGISTERED-FLOW internet->internet-external b-out definite',
      ]);
    });
  }

  it('under α the β screen transfer is unsanitised', () => {
    expect(summary(check('alpha', BETA, reg).findings)).toEqual([
      'BLOCKED-DECLARED-FLOW lgwan->internet final definite',
      'TIER-UNSANITIZED internet->lgwan b-st definite',
    ]);
  });
});

describe('zone-based firewall (FortiOS) with zones mapped to tiers', () => {
  const config = `config system interface
    edit "port1"
        set ip 10.20.0.1 255.255.0.0
    next
    edit "port2"
        set ip 10.30.0.1 255.255.0.0
    next
end
config system zone
    edit "lgwan"
        set interface "port1"
    next
    edit "inet"
        set interface "port2"
    next
end
config firewall address
    edit "all"
    next
    edit "sanitizer"
        set subnet 10.30.1.26 255.255.255.255
    next
end
config firewall service custom
    edit "SMTP"
        set tcp-portrange 25
    next
end
config firewall policy
    edit 1
        set srcintf "inet"
        set dstintf "lgwan"
        set srcaddr "sanitizer"
        set dstaddr "all"
        set action accept
        set service "SMTP"
    next
    edit 2
        set srcintf "lgwan"
        set dstintf "inet"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set service "ALL"
        set status disable
    next
end
`;

  it('judges flows by zone tiers; a disabled policy opens nothing', () => {
    const ruleset = parseFortiOS(config, 'fgt.conf');
    expect(ruleset.errors).toEqual([]);
    const reg: NetworkRegister = {
      zones: [],
      systems: SYSTEMS.filter((s) => ['sanitizer', 'lg-mail'].includes(s.id)),
      flows: [FLOWS[0]],
      exceptions: [],
    };
    const res = checkNetwork({
      model: 'alpha',
      on: ON,
      register: reg,
      ruleset,
      zoneTiers: { lgwan: 'lgwan', inet: 'internet' },
    });
    // Policy 1 lets the sanitizer reach every LGWAN host on SMTP: only lg-mail is its registered counterpart.
    expect(summary(res.findings)).toEqual([
      'NO-FINAL-DENY - - definite',
      'TIER-UNSANITIZED internet->lgwan 1 definite',
      'UNREGISTERED-FLOW internet->lgwan 1 definite',
    ]);
    expect(res.tiers.find((t) => t.from === 'lgwan' && t.to === 'internet')?.verdict).toBe('denied');
    expect(res.skipped).toEqual([expect.objectContaining({ rule: '2', reason: 'disabled' })]);
  });
});
