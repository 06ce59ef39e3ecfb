/** Mamori's JSON and CSV rule formats, format detection and decoding. */
import { describe, expect, it } from 'vitest';
import { parseFirewallCsv } from './csv.ts';
import { decodeConfigBytes, detectFormat, parseFirewallConfig } from './index.ts';
import { parseNativeJson } from './native.ts';

describe('native JSON', () => {
  const doc = `{
  "format": "mamori-firewall",
  "version": 1,
  "hostname": "fw1",
  "addresses": { "mail-gw": ["10.30.1.26"], "servers": ["10.20.1.0/24", "mail-gw", "10.20.9.1-10.20.9.9"] },
  "services": { "smtp": ["tcp/25", "tcp/587"] },
  "zones": { "lgwan": ["eth1"], "internet": ["eth2"] },
  "chains": [
    { "name": "main", "default": "deny", "rules": [
      { "id": "10", "action": "accept", "from": ["internet"], "to": ["lgwan"], "src": ["mail-gw"], "dst": ["10.20.1.25"], "services": ["smtp"], "comment": "無害化済みメール" },
      { "action": "jump", "target": "admin", "src": ["any4"] },
      { "action": "deny", "dst": ["fqdn:bad.example.jp"], "dstNegate": false, "enabled": false }
    ] },
    { "name": "admin", "rules": [ { "action": "accept", "services": ["tcp/22"], "state": "new" } ] }
  ]
}`;

  it('reads objects, zones, chains and rules with their lines', () => {
    const r = parseNativeJson(doc, 'fw.json');
    expect(r.errors).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.hostname).toBe('fw1');
    expect(r.addresses.find((a) => a.name === 'servers')).toMatchObject({
      group: true,
      members: [
        { kind: 'cidr', cidr: '10.20.1.0/24' },
        { kind: 'ref', name: 'mail-gw' },
        { kind: 'range', from: '10.20.9.1', to: '10.20.9.9' },
      ],
    });
    const [main, admin] = r.chains;
    expect(main).toMatchObject({ kind: 'base', defaultAction: 'deny' });
    expect(admin).toMatchObject({ kind: 'user' });
    expect(main.rules.map((x) => [x.id, x.source.line])).toEqual([
      ['10', 10],
      ['main#2', 11],
      ['main#3', 12],
    ]);
    expect(main.rules[0]).toMatchObject({
      name: '無害化済みメール',
      srcZones: ['internet'],
      services: [{ kind: 'ref', name: 'smtp' }],
    });
    expect(main.rules[1].src).toEqual([{ kind: 'any', families: ['v4'] }]);
    expect(main.rules[2].enabled).toBe(false);
    expect(admin.rules[0]).toMatchObject({
      state: 'new',
      services: [{ kind: 'proto', proto: 6, dstPorts: [[22, 22]] }],
    });
    expect(r.pipelines).toEqual([{ name: 'main', chains: ['main'] }]);
  });

  it('rejects what it does not know, with the line', () => {
    const bad = parseNativeJson(
      doc.replace('"comment": "無害化済みメール"', '"coment": "typo"').replace('"action": "deny"', '"action": "nuke"'),
      'fw.json',
    );
    expect(bad.errors).toEqual([
      { file: 'fw.json', line: 10, message: 'unknown rule field(s): coment' },
      { file: 'fw.json', line: 12, message: 'invalid action "nuke"' },
    ]);
    expect(bad.complete).toBe(false);
    expect(parseNativeJson('{"format": "other"}', 'x').errors[0].message).toContain('mamori-firewall');
    expect(
      parseNativeJson('{\n"format": "mamori-firewall",\n"version": 1,\n"chains": [,]\n}', 'y').errors[0].line,
    ).toBe(4);
  });
});

describe('CSV', () => {
  it('Japanese headers, full-width digits, negation, defaults and objects', () => {
    const csv = [
      '# 六戸町 FW 台帳',
      'チェーン,番号,動作,送信元,宛先,サービス,送信元ゾーン,宛先ゾーン,有効,備考',
      '@address,メールGW,,１０.３０.１.２６,,,,,,',
      'policy,1,許可,メールGW,10.20.1.25,tcp/２５;tcp/587,internet,lgwan,有効,"無害化, テキスト化"',
      'policy,2,拒否,!10.0.0.0/8,any,any,,,yes,',
      'policy,3,許可,10.20.2.0/24,fqdn:cloud.example.jp,tcp/443,,,無効,',
      'policy,@default,破棄,any,any,any,,,,',
    ].join('\r\n');
    const r = parseFirewallCsv(csv, 'fw.csv');
    expect(r.errors).toEqual([]);
    expect(r.addresses).toEqual([
      expect.objectContaining({ name: 'メールGW', members: [{ kind: 'cidr', cidr: '10.30.1.26' }] }),
    ]);
    const rules = r.chains[0].rules;
    expect(r.chains[0]).toMatchObject({ name: 'policy', defaultAction: 'drop' });
    expect(rules[0]).toMatchObject({
      id: '1',
      name: '無害化, テキスト化',
      action: 'accept',
      src: [{ kind: 'ref', name: 'メールGW' }],
      srcZones: ['internet'],
      dstZones: ['lgwan'],
      services: [
        { kind: 'proto', proto: 6, dstPorts: [[25, 25]] },
        { kind: 'proto', proto: 6, dstPorts: [[587, 587]] },
      ],
      source: { line: 4 },
    });
    expect(rules[1]).toMatchObject({ action: 'deny', srcNegate: true, src: [{ kind: 'cidr', cidr: '10.0.0.0/8' }] });
    expect(rules[2]).toMatchObject({ enabled: false, dst: [{ kind: 'fqdn', fqdn: 'cloud.example.jp' }] });
  });

  it('errors name the line', () => {
    const r = parseFirewallCsv(
      'action,src,dst,service\naccept,any,any,any\nfrobnicate,any,any,any\naccept,,any,any\n',
      'x.csv',
    );
    expect(r.errors).toEqual([
      { file: 'x.csv', line: 3, message: 'invalid action "frobnicate"' },
      { file: 'x.csv', line: 4, message: 'src, dst and service must not be empty (write "any")' },
    ]);
    expect(parseFirewallCsv('id,src\n1,any\n', 'y.csv').errors[0]).toMatchObject({
      line: 1,
      message: 'missing column(s): action, dst, service',
    });
    expect(parseFirewallCsv('action,src,dst,service\n"accept,any,any,any\n', 'z.csv').errors[0].message).toContain(
      'unterminated',
    );
  });

  it('CP932 bytes from Excel are decoded', () => {
    // "動作,送信元,宛先,サービス\r\n許可,any,any,any\r\n" in Shift_JIS.
    const sjis = Uint8Array.from([
      0x93, 0xae, 0x8d, 0xec, 0x2c, 0x91, 0x97, 0x90, 0x4d, 0x8c, 0xb3, 0x2c, 0x88, 0xb6, 0x90, 0xe6, 0x2c, 0x83, 0x54,
      0x81, 0x5b, 0x83, 0x72, 0x83, 0x58, 0x0d, 0x0a, 0x8b, 0x96, 0x89, 0xc2, 0x2c, 0x61, 0x6e, 0x79, 0x2c, 0x61, 0x6e,
      0x79, 0x2c, 0x61, 0x6e, 0x79, 0x0d, 0x0a,
    ]);
    expect(decodeConfigBytes(sjis)).toBe('動作,送信元,宛先,サービス\r\n許可,any,any,any\r\n');
    const r = parseFirewallConfig(sjis, { file: 'excel.csv' });
    expect(r.vendor).toBe('csv');
    expect(r.chains[0].rules[0]).toMatchObject({ action: 'accept' });
  });
});

describe('format detection', () => {
  it('recognises each format and refuses the rest', () => {
    expect(detectFormat('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n')).toBe('iptables');
    expect(detectFormat('# c\n--append INPUT -j ACCEPT\n')).toBe('iptables');
    expect(detectFormat('{"nftables": []}')).toBe('nftables');
    expect(detectFormat('{ "format": "mamori-firewall", "version": 1 }')).toBe('native');
    expect(detectFormat('#config-version=FGT\nconfig firewall policy\nend\n')).toBe('fortios');
    expect(detectFormat('#RANCID-CONTENT-TYPE: paloalto\nset zone a\n')).toBe('panos');
    expect(detectFormat('config {\n}\n')).toBe('panos');
    expect(detectFormat('\uFEFFaction,src,dst,service\n')).toBe('csv');
    expect(detectFormat('header {\n  target:: juniper x\n}\n')).toEqual({
      unknown: expect.stringContaining('Capirca'),
    });
    expect(detectFormat('hello world')).toEqual({ unknown: expect.stringContaining('unrecognised') });
    const r = parseFirewallConfig('hello world', { file: 'notes.txt' });
    expect(r).toMatchObject({ complete: false, errors: [{ file: 'notes.txt', line: 1 }] });
  });
});
