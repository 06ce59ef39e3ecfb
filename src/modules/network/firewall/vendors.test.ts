/** FortiOS and PAN-OS imports. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../domain/flows/compile.ts';
import { PacketEvaluator } from '../../../domain/flows/packet.ts';
import { parseFortiOS } from './fortios.ts';
import { parsePanos } from './panos.ts';

describe('FortiOS', () => {
  const conf = `#config-version=FGT60F-7.2.5-FW-build1517:opmode=0:vdom=0
config system interface
    edit "lan"
        set ip 10.20.0.1 255.255.0.0
    next
    edit "dmz"
        set ip 10.30.0.1 255.255.0.0
    next
end
config system zone
    edit "inside"
        set intrazone allow
        set interface "lan"
    next
end
config firewall address
    edit "mailgw"
        set subnet 10.30.1.26 255.255.255.255
    next
    edit "lgwan-range"
        set type iprange
        set start-ip 10.20.1.1
        set end-ip 10.20.1.99
    next
    edit "update"
        set type fqdn
        set fqdn "update.example.jp"
    next
    edit "odd"
        set type wildcard
        set wildcard 10.20.0.1 255.255.0.255
    next
end
config firewall service custom
    edit "SMTP"
        set tcp-portrange 25 587
    next
    edit "HIGH"
        set tcp-portrange 1024-65535:1024-65535
    next
end
config firewall vip
    edit "web"
        set extip 203.0.113.5
    next
end
config firewall policy
    edit 7
        set name "mail in"
        set srcintf "dmz"
        set dstintf "inside"
        set srcaddr "mailgw"
        set dstaddr "lgwan-range"
        set service "SMTP"
        set action accept
    next
    edit 3
        set srcintf "inside"
        set dstintf "dmz"
        set srcaddr "lgwan-range"
        set dstaddr "mailgw"
        set service "SMTP"
        set service-negate enable
        set action accept
        set schedule "weekdays"
    next
    edit 0
        set srcintf "any"
        set dstintf "any"
        set srcaddr "all"
        set dstaddr "update" "odd"
        set service "ALL"
        set action deny
    next
    move 3 before 7
end
`;

  it('objects, zones, policy order (move, edit 0), negation and uncertain matches', () => {
    const r = parseFortiOS(conf, 'fgt.conf');
    expect(r.errors).toEqual([]);
    expect(r.unsupported).toEqual([
      expect.objectContaining({
        line: 42,
        text: 'config firewall vip',
        reason: expect.stringContaining('destination NAT'),
      }),
    ]);
    expect(r.chains[0].rules.map((x) => x.id)).toEqual(['intrazone-allow:inside', '3', '7', '8']);
    expect(r.chains[0].rules[1]).toMatchObject({
      serviceNegate: true,
      possibly: ['schedule weekdays'],
      srcZones: ['inside'],
      dstZones: ['dmz'],
    });
    expect(r.chains[0].rules[2]).toMatchObject({
      name: 'mail in',
      action: 'accept',
      src: [{ kind: 'ref', name: 'mailgw' }],
    });
    expect(r.chains[0].rules[3]).toMatchObject({ action: 'deny', srcZones: 'any' });
    const addr = (n: string) => r.addresses.find((a) => a.name === n)?.members;
    expect(addr('mailgw')).toEqual([{ kind: 'cidr', cidr: '10.30.1.26/32' }]);
    expect(addr('lgwan-range')).toEqual([{ kind: 'range', from: '10.20.1.1', to: '10.20.1.99' }]);
    expect(addr('update')).toEqual([{ kind: 'fqdn', fqdn: 'update.example.jp' }]);
    expect(addr('odd')?.[0]).toMatchObject({ kind: 'opaque', reason: 'non-contiguous wildcard mask' });
    expect(r.services.find((s) => s.name === 'HIGH')?.members).toEqual([
      { kind: 'proto', proto: 6, dstPorts: [[1024, 65535]], srcPorts: [[1024, 65535]] },
    ]);
    expect(r.interfaces.find((i) => i.name === 'lan')).toMatchObject({ zone: 'inside', addresses: ['10.20.0.1/16'] });
    expect(r.zones).toEqual([expect.objectContaining({ name: 'inside', intrazone: 'allow' })]);

    const ev = new PacketEvaluator(r, compile(r).zones);
    expect(
      ev.evaluate({ srcZone: 'dmz', dstZone: 'lan', src: '10.30.1.26', dst: '10.20.1.50', proto: 6, dport: 587 })
        .verdict,
    ).toBe('allowed');
    // Policy 8 denies only possibly (FQDN, wildcard), but so does the implicit deny.
    expect(
      ev.evaluate({ srcZone: 'dmz', dstZone: 'lan', src: '10.30.1.27', dst: '10.20.1.50', proto: 6, dport: 25 })
        .verdict,
    ).toBe('denied');
    // Policy 3 allows only on its schedule.
    expect(
      ev.evaluate({ srcZone: 'lan', dstZone: 'dmz', src: '10.20.1.50', dst: '10.30.1.26', proto: 6, dport: 443 })
        .verdict,
    ).toBe('possibly');
    expect(
      ev.evaluate({ srcZone: 'lan', dstZone: 'dmz', src: '10.20.1.50', dst: '10.30.1.26', proto: 6, dport: 25 })
        .verdict,
    ).toBe('denied');
    expect(
      ev.evaluate({ srcZone: 'lan', dstZone: 'lan', src: '10.20.1.5', dst: '10.20.2.5', proto: 17, dport: 53 }).verdict,
    ).toBe('allowed'); // intrazone allow
  });

  it('an unterminated block is an error with its line', () => {
    const r = parseFortiOS('config firewall policy\n    edit 1\n        set action accept\n', 'cut.conf');
    expect(r.errors).toEqual([
      { file: 'cut.conf', line: 1, message: expect.stringContaining('no end') },
      { file: 'cut.conf', line: 2, message: expect.stringContaining('no end') },
    ]);
    expect(r.complete).toBe(false);
    expect(parseFortiOS('config firewall address\n  frobnicate\nend\n', 'x').errors[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('unrecognised'),
    });
  });
});

describe('PAN-OS', () => {
  const set = `set deviceconfig system hostname pa-1
set zone trust network layer3 [ ethernet1/1 ethernet1/2 ]
set zone untrust network layer3 ethernet1/3
set address web ip-netmask 10.30.1.80/32
set address lgwan ip-range 10.20.0.1-10.20.255.254
set address cdn fqdn cdn.example.jp
set address-group servers static [ web cdn ]
set service tcp-8443 protocol tcp port 8443,9000-9001
set service-group web-ports members [ service-https tcp-8443 ]
set rulebase security rules inbound from untrust
set rulebase security rules inbound to trust
set rulebase security rules inbound source any
set rulebase security rules inbound destination servers
set rulebase security rules inbound service web-ports
set rulebase security rules inbound application any
set rulebase security rules inbound action allow
set rulebase security rules block from any
set rulebase security rules block to any
set rulebase security rules block source 192.0.2.0/24
set rulebase security rules block negate-source yes
set rulebase security rules block destination lgwan
set rulebase security rules block service any
set rulebase security rules block action reset-both
set rulebase security rules apps from trust
set rulebase security rules apps to untrust
set rulebase security rules apps source any
set rulebase security rules apps destination any
set rulebase security rules apps application [ web-browsing ssl ]
set rulebase security rules apps service application-default
set rulebase security rules apps action allow
set rulebase security rules apps disabled yes
set rulebase default-security-rules rules intrazone-default action deny
move rulebase security rules block top
set rulebase nat rules dnat-web from untrust
set rulebase nat rules dnat-web to untrust
set rulebase nat rules dnat-web source any
set rulebase nat rules dnat-web destination 203.0.113.5
set rulebase nat rules dnat-web destination-translation translated-address web
`;

  it('set format: objects, groups, services, order with move, negation, defaults, NAT', () => {
    const r = parsePanos(set, 'pa.set');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.hostname).toBe('pa-1');
    const rules = r.chains[0].rules;
    expect(rules.map((x) => x.id)).toEqual(['block', 'inbound', 'apps', 'intrazone-default', 'intrazone-default']);
    expect(rules[0]).toMatchObject({ action: 'reject', srcNegate: true, dst: [{ kind: 'ref', name: 'lgwan' }] });
    expect(rules[2]).toMatchObject({
      enabled: false,
      possibly: ['App-ID: web-browsing, ssl'],
      services: [{ kind: 'opaque' }],
    });
    expect(rules[3]).toMatchObject({ action: 'deny', implicit: true, srcZones: ['trust'], dstZones: ['trust'] });
    expect(r.chains[0].defaultAction).toBe('deny');
    expect(r.services.find((s) => s.name === 'service-https')?.members).toEqual([
      { kind: 'proto', proto: 6, dstPorts: [[443, 443]] },
    ]);
    expect(r.services.find((s) => s.name === 'tcp-8443')?.members).toEqual([
      {
        kind: 'proto',
        proto: 6,
        dstPorts: [
          [8443, 8443],
          [9000, 9001],
        ],
      },
    ]);
    expect(r.nat).toEqual([expect.objectContaining({ id: 'nat:dnat-web' })]);
    expect(r.interfaces.length).toBe(0);
    expect(r.zones.find((z) => z.name === 'trust')?.interfaces).toEqual(['ethernet1/1', 'ethernet1/2']);

    const ev = new PacketEvaluator(r, compile(r).zones);
    const p = { srcZone: 'untrust', dstZone: 'trust', src: '198.51.100.7', proto: 6 };
    expect(ev.evaluate({ ...p, dst: '10.30.1.80', dport: 9001 }).verdict).toBe('allowed');
    expect(ev.evaluate({ ...p, dst: '10.30.1.81', dport: 443 }).verdict).toBe('possibly'); // may be cdn.example.jp
    expect(ev.evaluate({ ...p, dst: '10.20.1.1', dport: 443 }).verdict).toBe('denied'); // block (negated source)
  });

  it('the brace format is read like the set format', () => {
    const brace = `config {
  devices {
    localhost.localdomain {
      vsys {
        vsys1 {
          address {
            web { ip-netmask 10.30.1.80/32; }
          }
          rulebase {
            security {
              rules {
                inbound {
                  from untrust;
                  to trust;
                  source any;
                  destination [ web 10.30.1.81 ];
                  service any;
                  application any;
                  action allow;
                }
              }
            }
          }
          zone {
            trust { network { layer3 [ ethernet1/1 ]; } }
            untrust { network { layer3 ethernet1/3; } }
          }
        }
      }
    }
  }
}
`;
    const r = parsePanos(brace, 'pa.conf');
    expect(r.errors).toEqual([]);
    expect(r.chains[0].rules[0]).toMatchObject({
      id: 'inbound',
      source: { line: 13 },
      dst: [
        { kind: 'ref', name: 'web' },
        { kind: 'cidr', cidr: '10.30.1.81' },
      ],
    });
    expect(r.zones.map((z) => [z.name, z.interfaces])).toEqual([
      ['trust', ['ethernet1/1']],
      ['untrust', ['ethernet1/3']],
    ]);
    expect(parsePanos('config {\n  devices {\n    x { a b;\n', 'cut').errors[0].message).toContain('unclosed');
    expect(parsePanos('<config version="10.1.0"></config>', 'x.xml').errors[0].message).toContain('XML');
  });
});
