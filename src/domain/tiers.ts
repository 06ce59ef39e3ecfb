/**
 * 三層の対策: segments (tiers), network models α/α′/β/β′, the allowed-flow matrix as data, listed exceptions and
 * `verdictForFlow`. Pure; every cell cites its source with an evidence label (../shared/domain/README.md):
 * [確認済] default, [例文] preset, [要確認] must stay configurable (see `matrixFor` overrides).
 */
import type { Clause } from './duties.ts';
import { parseAddress, parseCidr } from './flows/ip.ts';

export const SEGMENT_TIERS = ['mynumber', 'lgwan', 'internet', 'lgwan-wan', 'internet-external'] as const;
export type SegmentTier = (typeof SEGMENT_TIERS)[number];
/** `security-cloud` (prefectural egress), `mgmt` and `other` are auxiliary tiers outside the policy's three. */
export type Tier = SegmentTier | 'security-cloud' | 'mgmt' | 'other';
export const ALL_TIERS: readonly Tier[] = [...SEGMENT_TIERS, 'security-cloud', 'mgmt', 'other'];

export const NETWORK_MODELS = ['alpha', 'alphaPrime', 'beta', 'betaPrime'] as const;
export type NetworkModel = (typeof NETWORK_MODELS)[number];

export type EvidenceLabel = '確認済' | '例文' | '要確認';
export interface TierClause extends Clause {
  label: EvidenceLabel;
  url?: string;
}

export type Mechanism =
  | 'direct'
  | 'sanitized-mail'
  | 'sanitized-file'
  | 'screen-transfer'
  | 'tokutei-tsushin'
  | 'lbo-cloud'
  | 'mail-relay-outbound'
  | 'file-export';
export type ChannelMechanism = 'sanitized-mail' | 'sanitized-file' | 'screen-transfer';
export type ExceptionList = 'tokuteiTsushin' | 'controlledLinks' | 'approvedCloudTenants' | 'outboundTransfers';

export type MatrixCell = { clause: TierClause } & (
  | { type: 'forbidden' }
  | { type: 'exact'; list: ExceptionList }
  /** `alsoExact`: registered pairs outside the 無害化 channels (outbound relay / export, open point of A3). */
  | { type: 'sanitized'; channels: ChannelMechanism[]; alsoExact?: ExceptionList }
  | { type: 'via'; through: 'security-cloud-egress'; registeredOnly?: boolean }
  | { type: 'allowed' }
);

/** A 無害化 channel: the only shape of flow a `sanitized` cell admits (three-tier-model.md B3). */
export interface ChannelRule {
  mechanism: ChannelMechanism;
  from: Tier;
  to: Tier;
  fromRoles: string[] | 'any';
  toRoles: string[] | 'any';
  /** 'tcp/25', 'tcp/1000-2000', 'udp/53', 'icmp', 'any'. */
  services: string[];
  clause: TierClause;
}

export interface FlowMatrix {
  model: NetworkModel;
  version: string;
  cells: Record<string, MatrixCell>;
  defaultCell: MatrixCell;
  channels: ChannelRule[];
}

const SEED = '六戸町情報セキュリティポリシー（基本方針）';
const MODEL_DOC = '三層の対策 (three-tier-model.md)';
const c = (label: EvidenceLabel, document: string, ref: string, summary: string, url?: string): TierClause => ({
  label,
  document,
  ref,
  summary,
  ...(url ? { url } : {}),
});
const SEED_MYNUMBER = c('確認済', SEED, '§6(3)①', 'マイナンバー利用事務系は原則として他の領域との通信をできないようにする');
const SEED_SPLIT = c('確認済', SEED, '§2(11)(12), §6(3)②', 'LGWAN接続系とインターネット接続系の通信経路を分割し、通信する場合は無害化通信を実施する');
const SEED_CLOUD = c('確認済', SEED, '§6(3)③', 'インターネット接続口を集約し自治体情報セキュリティクラウドを導入する');
const EX = (ref: string, summary: string) => c('例文', MODEL_DOC, ref, summary);
const OPEN = (ref: string, summary: string, url?: string) => c('要確認', MODEL_DOC, ref, summary, url);
const CYLLENGE = 'https://cyllenge.co.jp/special/solution.html';

export const INTRA_TIER: MatrixCell = { type: 'allowed', clause: OPEN('A3', '同一セグメント内の通信（照合対象外）') };

const ALPHA_CELLS: Record<string, MatrixCell> = {
  'mynumber->lgwan': { type: 'exact', list: 'controlledLinks', clause: EX('A3', '定められた連携以外は禁止') },
  'mynumber->internet': { type: 'forbidden', clause: SEED_MYNUMBER },
  'mynumber->lgwan-wan': { type: 'exact', list: 'tokuteiTsushin', clause: EX('A3/A4', '特定通信（中間サーバー等）に限る') },
  'mynumber->internet-external': {
    type: 'exact',
    list: 'tokuteiTsushin',
    clause: c('確認済', MODEL_DOC, 'A3/A4', '特定通信（eLTAX、ぴったりサービス等）以外は禁止', CYLLENGE),
  },
  'lgwan->mynumber': { type: 'exact', list: 'controlledLinks', clause: EX('A3', '登録された手順によるデータ取込みに限る') },
  'lgwan->internet': {
    type: 'sanitized',
    channels: ['sanitized-mail', 'sanitized-file', 'screen-transfer'],
    alsoExact: 'outboundTransfers',
    clause: SEED_SPLIT,
  },
  'lgwan->lgwan-wan': { type: 'allowed', clause: EX('A3', 'LGWAN及びそのサービスの利用') },
  'lgwan->internet-external': { type: 'forbidden', clause: EX('A3', 'LGWAN接続系からインターネットへの直接通信の禁止') },
  'internet->mynumber': { type: 'forbidden', clause: SEED_MYNUMBER },
  'internet->lgwan': { type: 'sanitized', channels: ['sanitized-mail', 'sanitized-file', 'screen-transfer'], clause: SEED_SPLIT },
  'internet->lgwan-wan': { type: 'forbidden', clause: EX('A3', 'インターネット接続系からLGWANへの通信の禁止') },
  'internet->internet-external': { type: 'via', through: 'security-cloud-egress', clause: SEED_CLOUD },
  'lgwan-wan->mynumber': { type: 'exact', list: 'tokuteiTsushin', clause: OPEN('A3', 'Mamori既定: 特定通信に限る') },
  'lgwan-wan->lgwan': {
    type: 'allowed',
    clause: OPEN('A3', 'Mamori既定: J-LIS配信等を許可', 'https://www.j-lis.go.jp/spd/security/cms_12.html'),
  },
  'lgwan-wan->internet': { type: 'forbidden', clause: OPEN('A3', 'Mamori既定: 禁止') },
  'lgwan-wan->internet-external': { type: 'forbidden', clause: OPEN('A3', 'Mamori既定: 対象外（禁止）') },
  'internet-external->mynumber': { type: 'forbidden', clause: OPEN('A3', 'Mamori既定: 禁止') },
  'internet-external->lgwan': { type: 'forbidden', clause: OPEN('A3', 'Mamori既定: 禁止') },
  'internet-external->internet': {
    type: 'via',
    through: 'security-cloud-egress',
    registeredOnly: true,
    clause: OPEN('A3', 'Mamori既定: セキュリティクラウド経由で登録済み公開サービスに限る'),
  },
  'internet-external->lgwan-wan': { type: 'forbidden', clause: OPEN('A3', 'Mamori既定: 対象外（禁止）') },
  'internet->security-cloud': { type: 'allowed', clause: OPEN('A7', 'Mamori既定: セキュリティクラウドへの集約') },
  'security-cloud->internet-external': { type: 'allowed', clause: OPEN('A7', 'Mamori既定: 集約後の外部通信') },
  'internet-external->security-cloud': { type: 'allowed', clause: OPEN('A7', 'Mamori既定: 公開サービスの受付') },
  'security-cloud->internet': { type: 'allowed', clause: OPEN('A7', 'Mamori既定: 公開サービスへの中継') },
};

const DEFAULT_CELL: MatrixCell = { type: 'forbidden', clause: OPEN('B3', 'Mamori既定: 定義のない組合せは禁止') };

const SERVICES_OPEN = (what: string) => OPEN('A5', `${what}の通信サービスは設定で確認すること`);
const MAIL_CHANNEL: ChannelRule = {
  mechanism: 'sanitized-mail',
  from: 'internet',
  to: 'lgwan',
  fromRoles: ['mail-sanitizer'],
  toRoles: ['lgwan-mail'],
  services: ['tcp/25', 'tcp/587'],
  clause: c('確認済', SEED, '§2(12)', 'インターネットメール本文のテキスト化（無害化）を経たメールのみLGWANへ'),
};
const FILE_CHANNEL: ChannelRule = {
  mechanism: 'sanitized-file',
  from: 'internet',
  to: 'lgwan',
  fromRoles: ['file-sanitizer'],
  toRoles: 'any',
  services: ['tcp/443', 'tcp/445'],
  clause: SERVICES_OPEN('ファイル無害化'),
};
const SCREEN_SERVICES = ['tcp/443', 'tcp/3389', 'tcp/8443', 'udp/3389'];
const screenChannel = (from: Tier, to: Tier, toRoles: string[]): ChannelRule => ({
  mechanism: 'screen-transfer',
  from,
  to,
  fromRoles: 'any',
  toRoles,
  services: SCREEN_SERVICES,
  clause: c('確認済', SEED, '§2(12)', '端末への画面転送（クリップボード・プリンタ・ドライブ共有なし）', 'https://telework.cyber.ipa.go.jp/lgwan/terms/'),
});

export interface ModelProfile {
  edition: string;
  /** Direction of screen transfer: α: LGWAN terminal → Internet-tier virtual browser; β: the reverse. */
  screenTransfer: { from: Tier; to: Tier };
  staffTerminals: Tier;
  groupware: Tier;
  /** Tiers where 人事給与 / 財務会計 may live. */
  backOfficeSystems: Tier[];
  extraRequirements: { label: EvidenceLabel; items: string[] };
}

export const MODEL_PROFILES: Record<NetworkModel, ModelProfile> = {
  alpha: {
    edition: '平成30年9月',
    screenTransfer: { from: 'lgwan', to: 'internet' },
    staffTerminals: 'lgwan',
    groupware: 'lgwan',
    backOfficeSystems: ['lgwan'],
    extraRequirements: { label: '確認済', items: [] },
  },
  alphaPrime: {
    edition: '令和6年10月',
    screenTransfer: { from: 'lgwan', to: 'internet' },
    staffTerminals: 'lgwan',
    groupware: 'lgwan',
    backOfficeSystems: ['lgwan'],
    extraRequirements: { label: '要確認', items: ['承認済みテナントへの限定', 'ISMAPリスト掲載サービス'] },
  },
  beta: {
    edition: '令和2年12月',
    screenTransfer: { from: 'internet', to: 'lgwan' },
    staffTerminals: 'internet',
    groupware: 'internet',
    backOfficeSystems: ['lgwan'],
    extraRequirements: { label: '例文', items: ['EPP', 'EDR', 'CSIRT', '研修', '自己点検', '外部監査'] },
  },
  betaPrime: {
    edition: '令和2年12月',
    screenTransfer: { from: 'internet', to: 'lgwan' },
    staffTerminals: 'internet',
    groupware: 'internet',
    backOfficeSystems: ['lgwan', 'internet'],
    extraRequirements: { label: '例文', items: ['EPP', 'EDR', 'CSIRT', '研修', '自己点検', '外部監査', 'βに加えた追加対策'] },
  },
};

export interface MatrixOverrides {
  cells?: Record<string, MatrixCell>;
  /** Replaces the channel list (e.g. other screen-transfer ports). */
  channels?: ChannelRule[];
  /** A3 open point: permit registered outbound relay / export pairs (default true). */
  allowOutboundTransfers?: boolean;
}

export function cellKey(from: Tier, to: Tier): string {
  return `${from}->${to}`;
}

/** The matrix of one model; [要確認] cells and channels may be replaced through `overrides`. */
export function matrixFor(model: NetworkModel, overrides: MatrixOverrides = {}): FlowMatrix {
  const cells: Record<string, MatrixCell> = { ...ALPHA_CELLS };
  if (model === 'alphaPrime') {
    cells['lgwan->internet-external'] = {
      type: 'exact',
      list: 'approvedCloudTenants',
      clause: c('要確認', MODEL_DOC, 'A2/A3', 'α′: 承認済みクラウドテナントへのローカルブレイクアウトに限る（ISMAP要件は要確認）', 'https://www.x-regulation.com/post/ismap-liu'),
    };
  }
  const st = MODEL_PROFILES[model].screenTransfer;
  const screenRoles = st.to === 'internet' ? ['virtual-browser', 'screen-transfer-gw'] : ['screen-transfer-gw', 'vdi'];
  const channels = overrides.channels ?? [MAIL_CHANNEL, FILE_CHANNEL, screenChannel(st.from, st.to, screenRoles)];
  if (overrides.allowOutboundTransfers === false) {
    const cell = cells['lgwan->internet'];
    if (cell.type === 'sanitized') cells['lgwan->internet'] = { ...cell, alsoExact: undefined };
  }
  Object.assign(cells, overrides.cells);
  return { model, version: `2026-04-01.${model}`, cells, defaultCell: DEFAULT_CELL, channels };
}

export function cellFor(matrix: FlowMatrix, from: Tier, to: Tier): MatrixCell {
  if (from === to) return INTRA_TIER;
  return matrix.cells[cellKey(from, to)] ?? matrix.defaultCell;
}

/** One registry entry of 特定通信 / controlled link / approved tenant / outbound transfer (A4). */
export interface FlowException {
  id: string;
  list: ExceptionList;
  name: string;
  from: { systemId?: string; tier?: Tier; cidrs?: string[] };
  to: { systemId?: string; cidrs?: string[]; fqdns?: string[] };
  services: string[];
  legalBasis?: string;
  approvedBy: string;
  /** ISO dates; active while approvedOn ≤ on ≤ expiresOn. */
  approvedOn: string;
  expiresOn: string;
}

/** Named templates; endpoints must be registered per installation — nothing is implied by a name (A4). */
export const EXCEPTION_PRESETS = {
  eltax: { list: 'tokuteiTsushin', name: 'eLTAX（地方税ポータルシステム）', clause: c('確認済', MODEL_DOC, 'A4', '令和2年改定で特定通信として明記', CYLLENGE) },
  pittari: { list: 'tokuteiTsushin', name: 'マイナポータル「ぴったりサービス」', clause: c('確認済', MODEL_DOC, 'A4', '令和2年改定で特定通信として明記', CYLLENGE) },
  chukanServer: { list: 'tokuteiTsushin', name: '中間サーバー（情報提供ネットワークシステム）', clause: EX('A4', '中間サーバーとの連携はLGWAN経由') },
  cloudTenant: { list: 'approvedCloudTenants', name: '承認済みクラウドテナント（α′）', clause: OPEN('A2', 'ISMAP等の要件は要確認') },
} as const satisfies Record<string, { list: ExceptionList; name: string; clause: TierClause }>;

export function exceptionFromPreset(
  preset: keyof typeof EXCEPTION_PRESETS,
  fields: Omit<FlowException, 'list' | 'name'> & { name?: string },
): FlowException {
  const p = EXCEPTION_PRESETS[preset];
  return { ...fields, list: p.list, name: fields.name ?? p.name, legalBasis: fields.legalBasis ?? p.clause.summary };
}

export interface ParsedService {
  proto: number | 'any';
  ports?: [number, number];
}
const PROTOS: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, icmp: 1, icmpv6: 58 };

/** 'tcp/25', 'tcp/1000-2000', 'udp/53', 'icmp', '47', 'any' → protocol and port range; null when malformed. */
export function parseServiceText(text: string): ParsedService | null {
  const m = /^(any|[a-z0-9]+)(?:\/(\d{1,5})(?:-(\d{1,5}))?)?$/i.exec(text.trim());
  if (!m) return null;
  const name = m[1].toLowerCase();
  const proto = name === 'any' ? 'any' : /^\d+$/.test(name) ? Number(name) : PROTOS[name];
  if (proto === undefined || (typeof proto === 'number' && proto > 255)) return null;
  if (m[2] === undefined) return { proto };
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  return lo <= hi && hi <= 65535 ? { proto, ports: [lo, hi] } : null;
}

const services = new Map<string, ParsedService | null>();

export function serviceMatches(text: string, proto: number | 'any', port?: number): boolean {
  if (!services.has(text)) services.set(text, parseServiceText(text));
  const s = services.get(text);
  if (!s) return false;
  if (s.proto !== 'any' && s.proto !== proto) return false;
  return !s.ports || (port !== undefined && port >= s.ports[0] && port <= s.ports[1]);
}

export interface FlowEndpoint {
  tier: Tier;
  systemId?: string;
  roles?: readonly string[];
  address?: string;
  fqdn?: string;
}

export interface TierFlow {
  from: FlowEndpoint;
  to: FlowEndpoint;
  proto: number | 'any';
  port?: number;
  /** From the declared flow, when there is one. */
  mechanism?: Mechanism;
  screenTransfer?: { clipboard: boolean; printer: boolean; drive: boolean };
}

export type TierFindingCode =
  | 'TIER-FORBIDDEN'
  | 'TIER-UNSANITIZED'
  | 'TOKUTEI-UNLISTED'
  | 'LBO-UNAPPROVED'
  | 'SECURITY-CLOUD-BYPASS'
  | 'CHANNEL-CONDITION'
  | 'EXCEPTION-EXPIRED';

export interface FlowVerdict {
  allowed: boolean;
  cell: MatrixCell;
  cellKey: string;
  /** Set when the flow breaks the cell (or a condition of the channel that admitted it). */
  code?: TierFindingCode;
  clause: TierClause;
  exceptionId?: string;
  channel?: ChannelMechanism;
  reason: { ja: string; en: string };
}

const parsed = new Map<string, [bigint, bigint] | null>();
const cidrOf = (x: string) => {
  if (!parsed.has(x)) parsed.set(x, parseCidr(x));
  return parsed.get(x) ?? null;
};
const inCidrs = (cidrs: string[] | undefined, address: string | undefined): boolean => {
  if (!cidrs?.length || !address) return false;
  const a = parseAddress(address);
  return a !== null && cidrs.some((x) => {
    const r = cidrOf(x);
    return r !== null && a >= r[0] && a <= r[1];
  });
};

function exceptionMatches(e: FlowException, flow: TierFlow): boolean {
  const f = e.from;
  const t = e.to;
  if (!f.systemId && !f.cidrs?.length && !f.tier) return false;
  if (f.systemId && f.systemId !== flow.from.systemId) return false;
  if (f.tier && f.tier !== flow.from.tier) return false;
  if (f.cidrs?.length && !inCidrs(f.cidrs, flow.from.address)) return false;
  const toOk =
    (t.systemId !== undefined && t.systemId === flow.to.systemId) ||
    inCidrs(t.cidrs, flow.to.address) ||
    (flow.to.fqdn !== undefined && (t.fqdns ?? []).includes(flow.to.fqdn));
  return toOk && e.services.some((s) => serviceMatches(s, flow.proto, flow.port));
}

const hasRole = (roles: readonly string[] | undefined, wanted: string[] | 'any') =>
  wanted === 'any' || (roles ?? []).some((r) => wanted.includes(r));

const UNLISTED_CODE: Record<ExceptionList, TierFindingCode> = {
  tokuteiTsushin: 'TOKUTEI-UNLISTED',
  approvedCloudTenants: 'LBO-UNAPPROVED',
  controlledLinks: 'TIER-FORBIDDEN',
  outboundTransfers: 'TIER-UNSANITIZED',
};

/**
 * Is `flow` admitted by the matrix of `model` on date `on` (ISO)? Exceptions count only while approved and
 * unexpired; a flow that only an expired exception would admit gets EXCEPTION-EXPIRED.
 */
export function verdictForFlow(
  model: NetworkModel | FlowMatrix,
  exceptions: readonly FlowException[],
  flow: TierFlow,
  on: string,
): FlowVerdict {
  const matrix = typeof model === 'string' ? matrixFor(model) : model;
  const key = cellKey(flow.from.tier, flow.to.tier);
  const cell = cellFor(matrix, flow.from.tier, flow.to.tier);
  const ok = (ja: string, en: string, extra: Partial<FlowVerdict> = {}): FlowVerdict => ({
    allowed: true, cell, cellKey: key, clause: cell.clause, reason: { ja, en }, ...extra,
  });
  const no = (code: TierFindingCode, ja: string, en: string, extra: Partial<FlowVerdict> = {}): FlowVerdict => ({
    allowed: false, cell, cellKey: key, code, clause: cell.clause, reason: { ja, en }, ...extra,
  });
  const byException = (list: ExceptionList): FlowVerdict | null => {
    const matching = exceptions.filter((e) => e.list === list && exceptionMatches(e, flow));
    const active = matching.find((e) => e.approvedOn <= on && on <= e.expiresOn);
    if (active) return ok(`登録済みの例外「${active.name}」`, `registered exception ${active.id}`, { exceptionId: active.id });
    const stale = matching[0];
    if (stale) {
      return no('EXCEPTION-EXPIRED', `例外「${stale.name}」は期間外（${stale.approvedOn}〜${stale.expiresOn}）`,
        `exception ${stale.id} not in force on ${on}`, { exceptionId: stale.id });
    }
    return null;
  };
  switch (cell.type) {
    case 'allowed':
      return ok('許可された通信区分', 'allowed cell');
    case 'forbidden':
      return no('TIER-FORBIDDEN', `${key} の通信は禁止`, `${key} is forbidden`);
    case 'exact':
      return byException(cell.list) ??
        no(UNLISTED_CODE[cell.list], `${key} は登録済みの例外（${cell.list}）に限る`, `${key} needs a registered ${cell.list} entry`);
    case 'via': {
      const through = hasRole(flow.from.roles, [cell.through]) || hasRole(flow.to.roles, [cell.through]);
      if (through && (!cell.registeredOnly || flow.to.systemId)) return ok('セキュリティクラウド経由', 'via the security cloud');
      return no('SECURITY-CLOUD-BYPASS', 'セキュリティクラウドを経由しない外部通信', 'egress bypasses the security cloud');
    }
    case 'sanitized': {
      for (const ch of matrix.channels) {
        if (!cell.channels.includes(ch.mechanism) || ch.from !== flow.from.tier || ch.to !== flow.to.tier) continue;
        if (flow.mechanism && flow.mechanism !== 'direct' && flow.mechanism !== ch.mechanism) continue;
        if (!hasRole(flow.from.roles, ch.fromRoles) || !hasRole(flow.to.roles, ch.toRoles)) continue;
        if (!ch.services.some((s) => serviceMatches(s, flow.proto, flow.port))) continue;
        const extra = { channel: ch.mechanism, clause: ch.clause };
        if (ch.mechanism === 'screen-transfer') {
          const st = flow.screenTransfer;
          if (!st || st.clipboard || st.printer || st.drive) {
            return no('CHANNEL-CONDITION', '画面転送にクリップボード・プリンタ・ドライブ共有の無効化が確認できない',
              'screen transfer without clipboard/printer/drive disabled', extra);
          }
        }
        return ok(`無害化経路（${ch.mechanism}）`, `sanitised channel ${ch.mechanism}`, extra);
      }
      if (cell.alsoExact) {
        const v = byException(cell.alsoExact);
        if (v) return v;
      }
      return no('TIER-UNSANITIZED', `${key} は登録された無害化経路以外の通信`, `${key} outside a registered sanitising channel`);
    }
  }
}
