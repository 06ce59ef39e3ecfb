/**
 * 青葉町's network under the α model (三層の対策): マイナンバー利用事務系 servers (住民記録, 税務) with their
 * terminals, LGWAN接続系 groupware and 財務会計, the Internet side with the mail relay, the Mamori 無害化
 * gateway, a file sanitiser, the virtual browser and the proxy to the 自治体情報セキュリティクラウド; 特定通信 to
 * eLTAX and the 中間サーバー. The firewall file below carries one deliberate mistake (rule 9: Internet-side
 * terminals straight to 財務会計), so the findings screen has something to show; DEMO_FIREWALL_FIXED is the
 * corrected file.
 */
import { inTenant, type Scope } from '../db/scope.ts';
import { todayInJapan } from '../domain/calendar.ts';
import {
  exceptionCreate,
  flowCreate,
  settingCreate,
  systemCreate,
  type TerminalGroup,
} from '../modules/network/contract.ts';
import { importFirewall } from '../modules/network/import.service.ts';
import { createException, createFlow, createSetting } from '../modules/network/register.service.ts';
import { createSystem } from '../modules/network/systems.service.ts';
import { appoint } from '../modules/organisation/appointments.service.ts';
import { appointmentCreate } from '../modules/organisation/contract.ts';
import type { Services } from '../platform/http/services.ts';
import { DEMO_SYSTEM_MANAGERS } from './roles.ts';
import { DEMO_UNITS, REORGANISED_ON } from './town.ts';

const strict = (name: string, count: number): TerminalGroup => ({
  name,
  count,
  mfa: 'enforced',
  exportBlocking: 'blocked',
  edr: true,
});

export const DEMO_ZONES = [
  { id: 'mynumber', tier: 'mynumber' as const, cidrs: ['10.10.0.0/16'] },
  { id: 'lgwan', tier: 'lgwan' as const, cidrs: ['10.20.0.0/16'] },
  { id: 'internet', tier: 'internet' as const, cidrs: ['10.30.0.0/16'] },
  { id: 'lgwan-wan', tier: 'lgwan-wan' as const, cidrs: ['10.40.0.0/16'] },
  { id: 'external', tier: 'internet-external' as const, cidrs: ['0.0.0.0/0'] },
];

export const DEMO_SYSTEMS = [
  {
    key: 'juki',
    name: '住民記録システム',
    tier: 'mynumber',
    addresses: ['10.10.1.10'],
    roles: [],
    terminalGroups: [strict('住民課 窓口端末', 8)],
  },
  {
    key: 'zeimu',
    name: '税務システム',
    tier: 'mynumber',
    addresses: ['10.10.1.20'],
    roles: [],
    terminalGroups: [strict('税務課 端末', 6)],
  },
  {
    key: 'chukan',
    name: '中間サーバー・プラットフォーム',
    tier: 'lgwan-wan',
    addresses: ['10.40.1.10'],
    roles: ['intermediate-server'],
    terminalGroups: [],
  },
  {
    key: 'lgmail',
    name: 'LGWANメールサーバー',
    tier: 'lgwan',
    addresses: ['10.20.1.25'],
    roles: ['lgwan-mail'],
    terminalGroups: [],
  },
  { key: 'groupware', name: 'グループウェア', tier: 'lgwan', addresses: ['10.20.1.30'], roles: [], terminalGroups: [] },
  { key: 'zaimu', name: '財務会計システム', tier: 'lgwan', addresses: ['10.20.1.40'], roles: [], terminalGroups: [] },
  {
    key: 'fileshare',
    name: 'ファイル受渡しサーバー',
    tier: 'lgwan',
    addresses: ['10.20.1.80'],
    roles: ['file-exchange'],
    terminalGroups: [],
  },
  {
    key: 'lgterm',
    name: 'LGWAN接続系端末',
    tier: 'lgwan',
    addresses: ['10.20.2.0/24'],
    roles: [],
    terminalGroups: [
      { name: '職員端末', count: 120, mfa: 'enforced', exportBlocking: 'read-only', edr: true } as TerminalGroup,
    ],
  },
  {
    key: 'mta',
    name: 'インターネットメール中継',
    tier: 'internet',
    addresses: ['10.30.1.25'],
    roles: ['internet-mta'],
    terminalGroups: [],
  },
  {
    key: 'sanitizer',
    name: 'Mamori 無害化ゲートウェイ',
    tier: 'internet',
    addresses: ['10.30.1.26'],
    roles: ['mail-sanitizer'],
    terminalGroups: [],
  },
  {
    key: 'filesan',
    name: 'ファイル無害化サーバー',
    tier: 'internet',
    addresses: ['10.30.1.27'],
    roles: ['file-sanitizer'],
    terminalGroups: [],
  },
  {
    key: 'vbrowser',
    name: '仮想ブラウザ',
    tier: 'internet',
    addresses: ['10.30.1.40'],
    roles: ['virtual-browser'],
    terminalGroups: [],
  },
  {
    key: 'proxy',
    name: 'プロキシ（セキュリティクラウド接続）',
    tier: 'internet',
    addresses: ['10.30.1.8'],
    roles: ['security-cloud-egress', 'proxy'],
    terminalGroups: [],
  },
  {
    key: 'inetterm',
    name: 'インターネット接続系端末',
    tier: 'internet',
    addresses: ['10.30.2.0/24'],
    roles: [],
    terminalGroups: [
      { name: '情報政策係 端末', count: 4, mfa: 'none', exportBlocking: 'allowed', edr: false } as TerminalGroup,
    ],
  },
  {
    key: 'eltax',
    name: 'eLTAX',
    tier: 'internet-external',
    addresses: ['203.0.113.10'],
    roles: [],
    terminalGroups: [],
  },
  {
    key: 'pittari',
    name: 'マイナポータル ぴったりサービス',
    tier: 'internet-external',
    addresses: ['203.0.113.20'],
    roles: [],
    terminalGroups: [],
  },
] as const;

/** Days from `iso` (the demo's expiring exception is always a few weeks ahead of the day the demo is built). */
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const OFF = { clipboard: false, printer: false, drive: false };
export const DEMO_FLOWS = [
  {
    from: 'mta',
    to: 'sanitizer',
    service: 'tcp/25',
    mechanism: 'direct',
    justification: '受信メールを無害化ゲートウェイへ',
  },
  {
    from: 'sanitizer',
    to: 'lgmail',
    service: 'tcp/25',
    mechanism: 'sanitized-mail',
    justification: '無害化したメール（本文テキスト化）をLGWANへ',
  },
  {
    from: 'filesan',
    to: 'fileshare',
    service: 'tcp/445',
    mechanism: 'sanitized-file',
    justification: '無害化したファイルの受渡し',
  },
  {
    from: 'lgterm',
    to: 'vbrowser',
    service: 'tcp/443',
    mechanism: 'screen-transfer',
    justification: 'インターネット閲覧は仮想ブラウザの画面転送で',
    screenTransfer: OFF,
  },
  {
    from: 'juki',
    to: 'chukan',
    service: 'tcp/443',
    mechanism: 'tokutei-tsushin',
    justification: '中間サーバーとの情報連携（特定通信）',
  },
  { from: 'zeimu', to: 'eltax', service: 'tcp/443', mechanism: 'tokutei-tsushin', justification: 'eLTAX（特定通信）' },
  {
    from: 'proxy',
    to: 'tier:internet-external',
    service: 'tcp/443',
    mechanism: 'direct',
    justification: 'セキュリティクラウド経由のWeb閲覧',
  },
  {
    from: 'proxy',
    to: 'tier:internet-external',
    service: 'tcp/80',
    mechanism: 'direct',
    justification: 'セキュリティクラウド経由のWeb閲覧',
  },
  {
    from: 'lgterm',
    to: 'tier:lgwan-wan',
    service: 'tcp/443',
    mechanism: 'direct',
    justification: 'LGWANサービスの利用',
  },
  { from: 'lgterm', to: 'groupware', service: 'tcp/443', mechanism: 'direct', justification: 'グループウェア' },
] as const;

const IPTABLES_HEAD = `# Generated by iptables-save v1.8.9 on Wed Apr  1 09:00:00 2026
# 青葉町 境界ファイアウォール fw-core01
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -s 10.30.1.25/32 -d 10.30.1.26/32 -p tcp -m tcp --dport 25 -j ACCEPT
-A FORWARD -s 10.30.1.26/32 -d 10.20.1.25/32 -p tcp -m tcp --dport 25 -j ACCEPT
-A FORWARD -s 10.30.1.27/32 -d 10.20.1.80/32 -p tcp -m tcp --dport 445 -j ACCEPT
-A FORWARD -s 10.20.2.0/24 -d 10.30.1.40/32 -p tcp -m tcp --dport 443 -j ACCEPT
-A FORWARD -s 10.10.1.20/32 -d 203.0.113.10/32 -p tcp -m tcp --dport 443 -j ACCEPT
-A FORWARD -s 10.10.1.10/32 -d 10.40.1.10/32 -p tcp -m tcp --dport 443 -j ACCEPT
-A FORWARD -s 10.30.1.8/32 ! -d 10.0.0.0/8 -p tcp -m multiport --dports 80,443 -j ACCEPT
-A FORWARD -s 10.20.2.0/24 -d 10.40.0.0/16 -p tcp -m tcp --dport 443 -j ACCEPT
`;
/** The deliberate mistake: Internet-side terminals reach 財務会計 (LGWAN接続系) directly. */
export const DEMO_VIOLATION_RULE = '-A FORWARD -s 10.30.2.0/24 -d 10.20.1.40/32 -p tcp -m tcp --dport 443 -j ACCEPT\n';
const IPTABLES_TAIL = '-A FORWARD -j DROP\nCOMMIT\n# Completed on Wed Apr  1 09:00:00 2026\n';

export const DEMO_FIREWALL = IPTABLES_HEAD + DEMO_VIOLATION_RULE + IPTABLES_TAIL;
export const DEMO_FIREWALL_FIXED = IPTABLES_HEAD + IPTABLES_TAIL;
export const DEMO_FIREWALL_NAME = 'fw-core01.iptables-save.txt';

/**
 * 所管課 (town.ts unit keys): 住民課 and 税務課 own their マイナンバー系 systems, 企画財政課 財務会計; the shared
 * infrastructure is kept by 情報政策係 (so 総務課's 管理者 sees it too). External services (eLTAX, ぴったりサービス,
 * the 中間サーバー) have no 所管課 in the town.
 */
export const DEMO_SYSTEM_UNITS: Partial<Record<(typeof DEMO_SYSTEMS)[number]['key'], string>> = {
  juki: 'jumin',
  zeimu: 'zeimu',
  zaimu: 'kikaku',
  lgmail: 'johoseisaku',
  groupware: 'johoseisaku',
  fileshare: 'johoseisaku',
  lgterm: 'johoseisaku',
  mta: 'johoseisaku',
  sanitizer: 'johoseisaku',
  filesan: 'johoseisaku',
  vbrowser: 'johoseisaku',
  proxy: 'johoseisaku',
  inetterm: 'johoseisaku',
};

/** Demo unit key → id, found by the unit's code and name (town.ts); a tenant without the demo
 * town's units (e.g. a test tenant) leaves the systems without one. */
async function demoUnitIds(services: Services, scope: Scope): Promise<Map<string, string>> {
  const rows = await inTenant(services.database, scope, (tx) =>
    tx.selectFrom('org_unit').select(['id', 'code', 'name']).where('tenant_id', '=', scope.tenantId).execute(),
  );
  const byCodeAndName = new Map(rows.map((r) => [`${r.code} ${r.name}`, r.id]));
  const out = new Map<string, string>();
  for (const u of DEMO_UNITS) {
    const id = byCodeAndName.get(`${u.code} ${u.name}`);
    if (id) out.set(u.key, id);
  }
  return out;
}

/** Registers the network and imports the firewall file through the module's services. */
export async function loadDemoNetwork(
  services: Services,
  scope: Scope,
  options: {
    effectiveFrom?: string;
    firewall?: string | null;
    /** person key → id: when given, the 情報システム管理者 of DEMO_SYSTEM_MANAGERS are appointed. */
    people?: Map<string, string>;
    today?: string;
  } = {},
): Promise<{ systems: Map<string, string>; importId: string | null }> {
  // The loader keeps the register as the policy office would (SYS_MANAGER-scoped checks in the services).
  scope = {
    ...scope,
    actor: {
      ...scope.actor,
      roles: [...scope.actor.roles, { role: 'POLICY_OFFICE', scopeKind: 'TENANT', scopeId: null }],
    },
  };
  await createSetting(
    services,
    scope,
    settingCreate.parse({
      effectiveFrom: options.effectiveFrom ?? '2024-04-01',
      model: 'alpha',
      zones: DEMO_ZONES,
      note: '三層の対策（αモデル）。インターネット接続は自治体情報セキュリティクラウド経由。',
    }),
  );
  // A dated change of model already decided: α′ (local breakout to approved cloud services) from next April.
  await createSetting(
    services,
    scope,
    settingCreate.parse({
      effectiveFrom: '2027-04-01',
      model: 'alphaPrime',
      zones: DEMO_ZONES,
      note: 'α′モデルへ移行（Web会議サービスをLGWAN接続系端末から利用）。令和8年度第3回委員会で決定。',
    }),
  );
  const systems = new Map<string, string>();
  const unitIds = await demoUnitIds(services, scope);
  for (const s of DEMO_SYSTEMS) {
    const { key, ...fields } = s;
    const owner = DEMO_SYSTEM_UNITS[key];
    const orgUnitId = owner ? unitIds.get(owner) : undefined;
    const created = await createSystem(
      services,
      scope,
      systemCreate.parse({ ...JSON.parse(JSON.stringify(fields)), orgUnitId }),
    );
    systems.set(key, created.id);
  }
  const sys = (key: string) => {
    const id = systems.get(key);
    if (!id) throw new Error(`demo network: unknown system ${key}`);
    return id;
  };
  for (const f of DEMO_FLOWS) {
    await createFlow(
      services,
      scope,
      flowCreate.parse({
        fromSystemId: sys(f.from),
        to: f.to.startsWith('tier:') ? f.to : sys(f.to),
        service: f.service,
        mechanism: f.mechanism,
        justification: f.justification,
        screenTransfer: 'screenTransfer' in f ? f.screenTransfer : null,
      }),
    );
  }
  const exceptions = [
    {
      name: 'eLTAX（地方税ポータルシステム）',
      from: 'zeimu',
      to: 'eltax',
      legalBasis: '総務省ガイドライン（令和2年）特定通信',
    },
    { name: '中間サーバー・プラットフォーム', from: 'juki', to: 'chukan', legalBasis: '番号法に基づく情報連携' },
  ];
  for (const e of exceptions) {
    await createException(
      services,
      scope,
      exceptionCreate.parse({
        list: 'tokuteiTsushin',
        name: e.name,
        from: { systemId: sys(e.from) },
        to: { systemId: sys(e.to) },
        services: ['tcp/443'],
        legalBasis: e.legalBasis,
        approvedBy: '最高情報セキュリティ責任者',
        approvedOn: '2024-04-01',
        expiresOn: '2027-03-31',
      }),
    );
  }
  // マイナポータル ぴったりサービス: approved for one year; its expiry comes up on the dashboard.
  const today = options.today ?? todayInJapan();
  await createException(
    services,
    scope,
    exceptionCreate.parse({
      list: 'tokuteiTsushin',
      name: 'マイナポータル ぴったりサービス',
      from: { systemId: sys('juki') },
      to: { systemId: sys('pittari') },
      services: ['tcp/443'],
      legalBasis: '総務省ガイドライン（令和2年）特定通信（ぴったりサービス）',
      approvedBy: '最高情報セキュリティ責任者',
      approvedOn: addDays(today, -320),
      expiresOn: addDays(today, 45),
    }),
  );
  if (options.people) {
    for (const m of DEMO_SYSTEM_MANAGERS) {
      const personId = options.people.get(m.person);
      if (!personId) throw new Error(`demo network: unknown person ${m.person}`);
      await appoint(
        services,
        scope,
        appointmentCreate.parse({
          role: 'SYS_MANAGER',
          personId,
          scopeId: sys(m.system),
          validFrom: REORGANISED_ON,
          appointedBy: '最高情報セキュリティ責任者',
        }),
      );
    }
  }
  let importId: string | null = null;
  const firewall = options.firewall === undefined ? DEMO_FIREWALL : options.firewall;
  if (firewall) {
    const result = await importFirewall(services, scope, [
      { name: DEMO_FIREWALL_NAME, bytes: new TextEncoder().encode(firewall) },
    ]);
    importId = result.id;
  }
  return { systems, importId };
}
