import { describe, expect, it } from 'vitest';
import {
  cellFor,
  EXCEPTION_PRESETS,
  exceptionFromPreset,
  type FlowException,
  MODEL_PROFILES,
  matrixFor,
  NETWORK_MODELS,
  parseServiceText,
  SEGMENT_TIERS,
  type TierFlow,
  verdictForFlow,
} from './tiers.ts';

const ON = '2026-06-01';
const mail = { tier: 'internet', systemId: 'sanitizer', roles: ['mail-sanitizer'] } as const;
const lgMail = { tier: 'lgwan', systemId: 'lg-mail', roles: ['lgwan-mail'] } as const;
const flow = (over: Partial<TierFlow>): TierFlow => ({ from: mail, to: lgMail, proto: 6, port: 25, ...over });
const eltax: FlowException = {
  id: 'TT-1',
  list: 'tokuteiTsushin',
  name: 'eLTAX',
  from: { systemId: 'mn-app' },
  to: { cidrs: ['203.0.113.0/24'] },
  services: ['tcp/443'],
  approvedBy: 'CISO',
  approvedOn: '2026-04-01',
  expiresOn: '2027-03-31',
};

describe('the allowed-flow matrix (three-tier-model.md A3)', () => {
  it('defines every cross-tier cell of the five segments for every model, each citing its source', () => {
    for (const model of NETWORK_MODELS) {
      const m = matrixFor(model);
      for (const from of SEGMENT_TIERS) {
        for (const to of SEGMENT_TIERS) {
          if (from === to) continue;
          const cell = m.cells[`${from}->${to}`];
          expect(cell, `${model} ${from}->${to}`).toBeDefined();
          expect(['確認済', '例文', '要確認']).toContain(cell.clause.label);
          expect(cell.clause.ref).not.toBe('');
        }
      }
    }
  });

  it('cells of α as in the table', () => {
    const m = matrixFor('alpha');
    expect(cellFor(m, 'mynumber', 'internet')).toMatchObject({
      type: 'forbidden',
      clause: { label: '確認済', ref: '§6(3)①' },
    });
    expect(cellFor(m, 'mynumber', 'internet-external')).toMatchObject({
      type: 'exact',
      list: 'tokuteiTsushin',
      clause: { label: '確認済' },
    });
    expect(cellFor(m, 'mynumber', 'lgwan-wan')).toMatchObject({
      type: 'exact',
      list: 'tokuteiTsushin',
      clause: { label: '例文' },
    });
    expect(cellFor(m, 'mynumber', 'lgwan')).toMatchObject({ type: 'exact', list: 'controlledLinks' });
    expect(cellFor(m, 'lgwan', 'internet')).toMatchObject({
      type: 'sanitized',
      channels: ['sanitized-mail', 'sanitized-file', 'screen-transfer'],
      alsoExact: 'outboundTransfers',
      clause: { label: '確認済' },
    });
    expect(cellFor(m, 'internet', 'lgwan')).toMatchObject({
      type: 'sanitized',
      clause: { label: '確認済', ref: '§2(11)(12), §6(3)②' },
    });
    expect(cellFor(m, 'lgwan', 'lgwan-wan')).toMatchObject({ type: 'allowed', clause: { label: '例文' } });
    expect(cellFor(m, 'lgwan', 'internet-external')).toMatchObject({ type: 'forbidden' });
    expect(cellFor(m, 'internet', 'internet-external')).toMatchObject({
      type: 'via',
      through: 'security-cloud-egress',
      clause: { ref: '§6(3)③' },
    });
    expect(cellFor(m, 'lgwan-wan', 'lgwan')).toMatchObject({ type: 'allowed', clause: { label: '要確認' } });
    expect(cellFor(m, 'internet-external', 'internet')).toMatchObject({ type: 'via', registeredOnly: true });
    expect(cellFor(m, 'internet', 'internet')).toMatchObject({ type: 'allowed' });
    expect(cellFor(m, 'mgmt', 'lgwan')).toMatchObject({ type: 'forbidden', clause: { label: '要確認' } });
  });

  it('α′ opens LGWAN → Internet only for approved cloud tenants; α, β, β′ keep it forbidden', () => {
    expect(cellFor(matrixFor('alphaPrime'), 'lgwan', 'internet-external')).toMatchObject({
      type: 'exact',
      list: 'approvedCloudTenants',
      clause: { label: '要確認' },
    });
    for (const model of ['alpha', 'beta', 'betaPrime'] as const) {
      expect(cellFor(matrixFor(model), 'lgwan', 'internet-external').type).toBe('forbidden');
    }
  });

  it('screen transfer runs LGWAN → Internet in α/α′ and Internet → LGWAN in β/β′', () => {
    const dir = (model: (typeof NETWORK_MODELS)[number]) =>
      matrixFor(model).channels.find((c) => c.mechanism === 'screen-transfer');
    expect(dir('alpha')).toMatchObject({
      from: 'lgwan',
      to: 'internet',
      toRoles: ['virtual-browser', 'screen-transfer-gw'],
    });
    expect(dir('alphaPrime')).toMatchObject({ from: 'lgwan', to: 'internet' });
    expect(dir('beta')).toMatchObject({ from: 'internet', to: 'lgwan', toRoles: ['screen-transfer-gw', 'vdi'] });
    expect(dir('betaPrime')).toMatchObject({ from: 'internet', to: 'lgwan' });
    expect(MODEL_PROFILES.beta.staffTerminals).toBe('internet');
    expect(MODEL_PROFILES.alpha.staffTerminals).toBe('lgwan');
    expect(MODEL_PROFILES.betaPrime.backOfficeSystems).toContain('internet');
    expect(MODEL_PROFILES.beta.backOfficeSystems).not.toContain('internet');
  });

  it('[要確認] cells and channels can be replaced by configuration', () => {
    const m = matrixFor('alpha', {
      cells: {
        'lgwan-wan->internet': {
          type: 'allowed',
          clause: { label: '要確認', document: '町の決定', ref: '2026-1', summary: '試行' },
        },
      },
      allowOutboundTransfers: false,
    });
    expect(cellFor(m, 'lgwan-wan', 'internet').type).toBe('allowed');
    expect(cellFor(m, 'lgwan', 'internet')).not.toHaveProperty('alsoExact', 'outboundTransfers');
    expect(cellFor(matrixFor('alpha'), 'lgwan-wan', 'internet').type).toBe('forbidden');
  });
});

describe('verdictForFlow', () => {
  it('mail reaches the LGWAN only from the sanitizer, to the LGWAN mail server, on SMTP', () => {
    expect(verdictForFlow('alpha', [], flow({}), ON)).toMatchObject({ allowed: true, channel: 'sanitized-mail' });
    expect(verdictForFlow('alpha', [], flow({ port: 587 }), ON).allowed).toBe(true);
    // The Internet relay itself may not deliver into the LGWAN.
    const relay = { tier: 'internet', systemId: 'in-mta', roles: ['internet-mta'] } as const;
    expect(verdictForFlow('alpha', [], flow({ from: relay }), ON)).toMatchObject({
      allowed: false,
      code: 'TIER-UNSANITIZED',
    });
    // The sanitizer may not talk to other LGWAN hosts, nor on other ports.
    expect(verdictForFlow('alpha', [], flow({ to: { tier: 'lgwan', systemId: 'lg-file', roles: [] } }), ON).code).toBe(
      'TIER-UNSANITIZED',
    );
    expect(verdictForFlow('alpha', [], flow({ port: 80 }), ON).code).toBe('TIER-UNSANITIZED');
    // A declared mechanism must be the channel's.
    expect(verdictForFlow('alpha', [], flow({ mechanism: 'screen-transfer' }), ON).code).toBe('TIER-UNSANITIZED');
  });

  it('screen transfer needs clipboard, printer and drive sharing off', () => {
    const vb = { tier: 'internet', systemId: 'vb', roles: ['virtual-browser'] } as const;
    const term = { tier: 'lgwan', systemId: 'term', roles: [] } as const;
    const off = { clipboard: false, printer: false, drive: false };
    expect(
      verdictForFlow(
        'alpha',
        [],
        { from: term, to: vb, proto: 6, port: 443, mechanism: 'screen-transfer', screenTransfer: off },
        ON,
      ).allowed,
    ).toBe(true);
    expect(
      verdictForFlow(
        'alpha',
        [],
        { from: term, to: vb, proto: 6, port: 443, screenTransfer: { ...off, clipboard: true } },
        ON,
      ).code,
    ).toBe('CHANNEL-CONDITION');
    expect(verdictForFlow('alpha', [], { from: term, to: vb, proto: 6, port: 443 }, ON).code).toBe('CHANNEL-CONDITION');
    // β reverses the direction.
    expect(verdictForFlow('beta', [], { from: term, to: vb, proto: 6, port: 443, screenTransfer: off }, ON).code).toBe(
      'TIER-UNSANITIZED',
    );
    const gw = { tier: 'lgwan', systemId: 'gw', roles: ['screen-transfer-gw'] } as const;
    const inTerm = { tier: 'internet', systemId: 'it', roles: [] } as const;
    expect(
      verdictForFlow('beta', [], { from: inTerm, to: gw, proto: 6, port: 3389, screenTransfer: off }, ON).allowed,
    ).toBe(true);
    expect(
      verdictForFlow('alpha', [], { from: inTerm, to: gw, proto: 6, port: 3389, screenTransfer: off }, ON).code,
    ).toBe('TIER-UNSANITIZED');
  });

  it('特定通信 only as registered, approved and unexpired entries', () => {
    const f: TierFlow = {
      from: { tier: 'mynumber', systemId: 'mn-app' },
      to: { tier: 'internet-external', address: '203.0.113.10' },
      proto: 6,
      port: 443,
    };
    expect(verdictForFlow('alpha', [eltax], f, ON)).toMatchObject({ allowed: true, exceptionId: 'TT-1' });
    expect(verdictForFlow('alpha', [], f, ON)).toMatchObject({
      allowed: false,
      code: 'TOKUTEI-UNLISTED',
      clause: { label: '確認済' },
    });
    expect(verdictForFlow('alpha', [eltax], { ...f, port: 80 }, ON).code).toBe('TOKUTEI-UNLISTED');
    expect(verdictForFlow('alpha', [eltax], { ...f, from: { tier: 'mynumber', systemId: 'other' } }, ON).code).toBe(
      'TOKUTEI-UNLISTED',
    );
    expect(verdictForFlow('alpha', [eltax], f, '2027-04-01')).toMatchObject({
      allowed: false,
      code: 'EXCEPTION-EXPIRED',
      exceptionId: 'TT-1',
    });
    expect(verdictForFlow('alpha', [eltax], f, '2026-03-31').code).toBe('EXCEPTION-EXPIRED');
    // Nothing is implied by a name: a preset without endpoints admits nothing.
    const bare = exceptionFromPreset('pittari', {
      id: 'TT-2',
      from: {},
      to: {},
      services: ['tcp/443'],
      approvedBy: 'CISO',
      approvedOn: '2026-04-01',
      expiresOn: '2027-03-31',
    });
    expect(bare).toMatchObject({ list: 'tokuteiTsushin', name: EXCEPTION_PRESETS.pittari.name });
    expect(verdictForFlow('alpha', [bare], f, ON).code).toBe('TOKUTEI-UNLISTED');
    // The same exception does not open a forbidden cell.
    expect(verdictForFlow('alpha', [eltax], { ...f, to: { tier: 'internet', address: '203.0.113.10' } }, ON).code).toBe(
      'TIER-FORBIDDEN',
    );
  });

  it('α′ local breakout only to approved tenants', () => {
    const tenant = exceptionFromPreset('cloudTenant', {
      id: 'LBO-1',
      from: { tier: 'lgwan' },
      to: { fqdns: ['rokunohe.example-cloud.jp'], cidrs: ['198.51.100.0/24'] },
      services: ['tcp/443'],
      approvedBy: 'CISO',
      approvedOn: '2026-04-01',
      expiresOn: '2027-03-31',
    });
    const f: TierFlow = {
      from: { tier: 'lgwan', systemId: 'term' },
      to: { tier: 'internet-external', address: '198.51.100.7' },
      proto: 6,
      port: 443,
    };
    expect(verdictForFlow('alphaPrime', [tenant], f, ON)).toMatchObject({ allowed: true, exceptionId: 'LBO-1' });
    expect(
      verdictForFlow(
        'alphaPrime',
        [tenant],
        { ...f, to: { tier: 'internet-external', fqdn: 'rokunohe.example-cloud.jp' } },
        ON,
      ).allowed,
    ).toBe(true);
    expect(
      verdictForFlow('alphaPrime', [tenant], { ...f, to: { tier: 'internet-external', address: '192.0.2.1' } }, ON)
        .code,
    ).toBe('LBO-UNAPPROVED');
    expect(verdictForFlow('alpha', [tenant], f, ON).code).toBe('TIER-FORBIDDEN');
  });

  it('Internet egress only through the security cloud', () => {
    const out: TierFlow = {
      from: { tier: 'internet', systemId: 'pc', roles: [] },
      to: { tier: 'internet-external', address: '192.0.2.1' },
      proto: 6,
      port: 443,
    };
    expect(verdictForFlow('alpha', [], out, ON).code).toBe('SECURITY-CLOUD-BYPASS');
    expect(
      verdictForFlow('alpha', [], { ...out, from: { tier: 'internet', roles: ['security-cloud-egress'] } }, ON).allowed,
    ).toBe(true);
    const inbound: TierFlow = {
      from: { tier: 'internet-external', roles: ['security-cloud-egress'] },
      to: { tier: 'internet', address: '10.30.1.80' },
      proto: 6,
      port: 443,
    };
    expect(verdictForFlow('alpha', [], inbound, ON).code).toBe('SECURITY-CLOUD-BYPASS'); // no registered destination
    expect(verdictForFlow('alpha', [], { ...inbound, to: { tier: 'internet', systemId: 'web' } }, ON).allowed).toBe(
      true,
    );
  });

  it('outbound LGWAN → Internet relay only as a registered pair, and only while allowed by configuration', () => {
    const ob: FlowException = {
      ...eltax,
      id: 'OB-1',
      list: 'outboundTransfers',
      name: 'メール中継',
      from: { systemId: 'lg-mail' },
      to: { systemId: 'relay' },
      services: ['tcp/25'],
    };
    const f: TierFlow = {
      from: { tier: 'lgwan', systemId: 'lg-mail' },
      to: { tier: 'internet', systemId: 'relay' },
      proto: 6,
      port: 25,
      mechanism: 'mail-relay-outbound',
    };
    expect(verdictForFlow('alpha', [ob], f, ON)).toMatchObject({ allowed: true, exceptionId: 'OB-1' });
    expect(verdictForFlow(matrixFor('alpha', { allowOutboundTransfers: false }), [ob], f, ON).code).toBe(
      'TIER-UNSANITIZED',
    );
    expect(verdictForFlow('alpha', [], f, ON).code).toBe('TIER-UNSANITIZED');
  });

  it('forbidden cells and same-tier flows', () => {
    const mn = { tier: 'mynumber', systemId: 'mn' } as const;
    expect(verdictForFlow('alpha', [], { from: mn, to: { tier: 'internet' }, proto: 6, port: 443 }, ON)).toMatchObject({
      allowed: false,
      code: 'TIER-FORBIDDEN',
      cellKey: 'mynumber->internet',
    });
    expect(
      verdictForFlow('alpha', [], { from: { tier: 'lgwan' }, to: { tier: 'mynumber' }, proto: 6, port: 443 }, ON).code,
    ).toBe('TIER-FORBIDDEN');
    expect(verdictForFlow('alpha', [], { from: { tier: 'lgwan' }, to: { tier: 'lgwan' }, proto: 17 }, ON).allowed).toBe(
      true,
    );
  });

  it('parses service texts', () => {
    expect(parseServiceText('tcp/25')).toEqual({ proto: 6, ports: [25, 25] });
    expect(parseServiceText('UDP/1000-2000')).toEqual({ proto: 17, ports: [1000, 2000] });
    expect(parseServiceText('icmp')).toEqual({ proto: 1 });
    expect(parseServiceText('47')).toEqual({ proto: 47 });
    expect(parseServiceText('any')).toEqual({ proto: 'any' });
    for (const bad of ['tcp/70000', 'tcp/20-10', 'foo/1', '300']) expect(parseServiceText(bad)).toBeNull();
  });
});
