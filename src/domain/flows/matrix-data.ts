/**
 * The allowed-flow matrix of three-tier-model.md A3 as data, with the 無害化 channels (A5), the model profiles
 * (A2) and the named exception templates (A4). Every entry cites its source and evidence label; [要確認] entries
 * are defaults that `matrixFor` overrides may replace. Read through `../tiers.ts`.
 */
import type {
  ChannelRule,
  EvidenceLabel,
  ExceptionList,
  MatrixCell,
  NetworkModel,
  Tier,
  TierClause,
} from '../tiers.ts';

const SEED = '情報セキュリティ基本方針';
const MODEL_DOC = '総務省ガイドライン（三層の対策）';
const c = (label: EvidenceLabel, document: string, ref: string, summary: string, url?: string): TierClause => ({
  label,
  document,
  ref,
  summary,
  ...(url ? { url } : {}),
});
const SEED_MYNUMBER = c(
  '確認済',
  SEED,
  '§6(3)①',
  'マイナンバー利用事務系は原則として他の領域との通信をできないようにする',
);
const SEED_SPLIT = c(
  '確認済',
  SEED,
  '§2(11)(12), §6(3)②',
  'LGWAN接続系とインターネット接続系の通信経路を分割し、通信する場合は無害化通信を実施する',
);
const SEED_CLOUD = c('確認済', SEED, '§6(3)③', 'インターネット接続口を集約し自治体情報セキュリティクラウドを導入する');
const EX = (ref: string, summary: string) => c('例文', MODEL_DOC, ref, summary);
const OPEN = (ref: string, summary: string, url?: string) => c('要確認', MODEL_DOC, ref, summary, url);
const CYLLENGE = 'https://cyllenge.co.jp/special/solution.html';

export const INTRA_TIER: MatrixCell = {
  type: 'allowed',
  clause: OPEN('通信の可否', '同一セグメント内の通信（照合対象外）'),
};

export const ALPHA_CELLS: Record<string, MatrixCell> = {
  'mynumber->lgwan': { type: 'exact', list: 'controlledLinks', clause: EX('通信の可否', '定められた連携以外は禁止') },
  'mynumber->internet': { type: 'forbidden', clause: SEED_MYNUMBER },
  'mynumber->lgwan-wan': {
    type: 'exact',
    list: 'tokuteiTsushin',
    clause: EX('特定通信', '特定通信（中間サーバー等）に限る'),
  },
  'mynumber->internet-external': {
    type: 'exact',
    list: 'tokuteiTsushin',
    clause: c('確認済', MODEL_DOC, '特定通信', '特定通信（eLTAX、ぴったりサービス等）以外は禁止', CYLLENGE),
  },
  'lgwan->mynumber': {
    type: 'exact',
    list: 'controlledLinks',
    clause: EX('通信の可否', '登録された手順によるデータ取込みに限る'),
  },
  'lgwan->internet': {
    type: 'sanitized',
    channels: ['sanitized-mail', 'sanitized-file', 'screen-transfer'],
    alsoExact: 'outboundTransfers',
    clause: SEED_SPLIT,
  },
  'lgwan->lgwan-wan': { type: 'allowed', clause: EX('通信の可否', 'LGWAN及びそのサービスの利用') },
  'lgwan->internet-external': {
    type: 'forbidden',
    clause: EX('通信の可否', 'LGWAN接続系からインターネットへの直接通信の禁止'),
  },
  'internet->mynumber': { type: 'forbidden', clause: SEED_MYNUMBER },
  'internet->lgwan': {
    type: 'sanitized',
    channels: ['sanitized-mail', 'sanitized-file', 'screen-transfer'],
    clause: SEED_SPLIT,
  },
  'internet->lgwan-wan': { type: 'forbidden', clause: EX('通信の可否', 'インターネット接続系からLGWANへの通信の禁止') },
  'internet->internet-external': { type: 'via', through: 'security-cloud-egress', clause: SEED_CLOUD },
  'lgwan-wan->mynumber': {
    type: 'exact',
    list: 'tokuteiTsushin',
    clause: OPEN('通信の可否', 'Mamori既定: 特定通信に限る'),
  },
  'lgwan-wan->lgwan': {
    type: 'allowed',
    clause: OPEN('通信の可否', 'Mamori既定: J-LIS配信等を許可', 'https://www.j-lis.go.jp/spd/security/cms_12.html'),
  },
  'lgwan-wan->internet': { type: 'forbidden', clause: OPEN('通信の可否', 'Mamori既定: 禁止') },
  'lgwan-wan->internet-external': { type: 'forbidden', clause: OPEN('通信の可否', 'Mamori既定: 対象外（禁止）') },
  'internet-external->mynumber': { type: 'forbidden', clause: OPEN('通信の可否', 'Mamori既定: 禁止') },
  'internet-external->lgwan': { type: 'forbidden', clause: OPEN('通信の可否', 'Mamori既定: 禁止') },
  'internet-external->internet': {
    type: 'via',
    through: 'security-cloud-egress',
    registeredOnly: true,
    clause: OPEN('通信の可否', 'Mamori既定: セキュリティクラウド経由で登録済み公開サービスに限る'),
  },
  'internet-external->lgwan-wan': { type: 'forbidden', clause: OPEN('通信の可否', 'Mamori既定: 対象外（禁止）') },
  'internet->security-cloud': {
    type: 'allowed',
    clause: OPEN('自治体情報セキュリティクラウド', 'Mamori既定: セキュリティクラウドへの集約'),
  },
  'security-cloud->internet-external': {
    type: 'allowed',
    clause: OPEN('自治体情報セキュリティクラウド', 'Mamori既定: 集約後の外部通信'),
  },
  'internet-external->security-cloud': {
    type: 'allowed',
    clause: OPEN('自治体情報セキュリティクラウド', 'Mamori既定: 公開サービスの受付'),
  },
  'security-cloud->internet': {
    type: 'allowed',
    clause: OPEN('自治体情報セキュリティクラウド', 'Mamori既定: 公開サービスへの中継'),
  },
};

export const DEFAULT_CELL: MatrixCell = {
  type: 'forbidden',
  clause: OPEN('通信の可否', 'Mamori既定: 定義のない組合せは禁止'),
};

const SERVICES_OPEN = (what: string) => OPEN('無害化通信', `${what}の通信サービスは設定で確認すること`);
export const MAIL_CHANNEL: ChannelRule = {
  mechanism: 'sanitized-mail',
  from: 'internet',
  to: 'lgwan',
  fromRoles: ['mail-sanitizer'],
  toRoles: ['lgwan-mail'],
  services: ['tcp/25', 'tcp/587'],
  clause: c('確認済', SEED, '§2(12)', 'インターネットメール本文のテキスト化（無害化）を経たメールのみLGWANへ'),
};
export const FILE_CHANNEL: ChannelRule = {
  mechanism: 'sanitized-file',
  from: 'internet',
  to: 'lgwan',
  fromRoles: ['file-sanitizer'],
  toRoles: 'any',
  services: ['tcp/443', 'tcp/445'],
  clause: SERVICES_OPEN('ファイル無害化'),
};
const SCREEN_SERVICES = ['tcp/443', 'tcp/3389', 'tcp/8443', 'udp/3389'];
export const screenChannel = (from: Tier, to: Tier, toRoles: string[]): ChannelRule => ({
  mechanism: 'screen-transfer',
  from,
  to,
  fromRoles: 'any',
  toRoles,
  services: SCREEN_SERVICES,
  clause: c(
    '確認済',
    SEED,
    '§2(12)',
    '端末への画面転送（クリップボード・プリンタ・ドライブ共有なし）',
    'https://telework.cyber.ipa.go.jp/lgwan/terms/',
  ),
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
    extraRequirements: {
      label: '例文',
      items: ['EPP', 'EDR', 'CSIRT', '研修', '自己点検', '外部監査', 'βに加えた追加対策'],
    },
  },
};

/** α′: local breakout from the LGWAN tier only to approved cloud tenants. */
export const ALPHA_PRIME_BREAKOUT: MatrixCell = {
  type: 'exact',
  list: 'approvedCloudTenants',
  clause: c(
    '要確認',
    MODEL_DOC,
    'ネットワークモデル（α′）',
    'α′: 承認済みクラウドテナントへのローカルブレイクアウトに限る（ISMAP要件は要確認）',
    'https://www.x-regulation.com/post/ismap-liu',
  ),
};

/** Named templates; endpoints must be registered per installation — nothing is implied by a name (A4). */
export const EXCEPTION_PRESETS = {
  eltax: {
    list: 'tokuteiTsushin',
    name: 'eLTAX（地方税ポータルシステム）',
    clause: c('確認済', MODEL_DOC, '特定通信', '令和2年改定で特定通信として明記', CYLLENGE),
  },
  pittari: {
    list: 'tokuteiTsushin',
    name: 'マイナポータル「ぴったりサービス」',
    clause: c('確認済', MODEL_DOC, '特定通信', '令和2年改定で特定通信として明記', CYLLENGE),
  },
  chukanServer: {
    list: 'tokuteiTsushin',
    name: '中間サーバー（情報提供ネットワークシステム）',
    clause: EX('特定通信', '中間サーバーとの連携はLGWAN経由'),
  },
  cloudTenant: {
    list: 'approvedCloudTenants',
    name: '承認済みクラウドテナント（α′）',
    clause: OPEN('ネットワークモデル', 'ISMAP等の要件は要確認'),
  },
} as const satisfies Record<string, { list: ExceptionList; name: string; clause: TierClause }>;
