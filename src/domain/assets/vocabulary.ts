/**
 * The words of the information asset register (情報資産管理台帳): kinds, media, network tiers, person-count ranges,
 * links between assets, lifecycle actions and disposal methods, each with its Japanese label. Pure data; the API
 * contract, the import columns and the rules all read these lists.
 */

/** Scope of 情報資産 (seed §4(2)): networks and systems with facilities and media; information incl. printouts; system documents. */
export const ASSET_KINDS = [
  'NETWORK',
  'SYSTEM',
  'DEVICE',
  'FACILITY',
  'MEDIA',
  'INFORMATION',
  'PRINTED',
  'SYSTEM_DOCUMENT',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_KIND_LABELS: Record<AssetKind, string> = {
  NETWORK: 'ネットワーク',
  SYSTEM: '情報システム',
  DEVICE: '機器',
  FACILITY: '設備',
  MEDIA: '電磁的記録媒体',
  INFORMATION: '情報（電子データ）',
  PRINTED: '印刷した文書',
  SYSTEM_DOCUMENT: 'システム関係文書',
};

/** 媒体: what the asset physically is. */
export const ASSET_MEDIA = ['ELECTRONIC', 'PAPER', 'DEVICE', 'MEDIA', 'SYSTEM_DOCUMENT'] as const;
export type AssetMedium = (typeof ASSET_MEDIA)[number];
export const ASSET_MEDIUM_LABELS: Record<AssetMedium, string> = {
  ELECTRONIC: '電子データ',
  PAPER: '紙',
  DEVICE: '機器',
  MEDIA: '電磁的記録媒体',
  SYSTEM_DOCUMENT: 'システム文書',
};

/** Where the asset lives in the three-tier model (three-tier-model.md A1), plus external services and paper/offline. */
export const ASSET_TIERS = ['mynumber', 'lgwan', 'internet', 'external', 'offline'] as const;
export type AssetTier = (typeof ASSET_TIERS)[number];
export const ASSET_TIER_LABELS: Record<AssetTier, string> = {
  mynumber: 'マイナンバー利用事務系',
  lgwan: 'LGWAN接続系',
  internet: 'インターネット接続系',
  external: '外部サービス',
  offline: '紙/オフライン',
};

/** Number of persons whose data the asset holds, as a range (incident thresholds in incidents.md count > 100). */
export const PERSON_COUNTS = ['NONE', 'LE_100', 'LE_1000', 'LE_10000', 'GT_10000'] as const;
export type PersonCount = (typeof PERSON_COUNTS)[number];
export const PERSON_COUNT_LABELS: Record<PersonCount, string> = {
  NONE: '0人',
  LE_100: '1〜100人',
  LE_1000: '101〜1,000人',
  LE_10000: '1,001〜10,000人',
  GT_10000: '10,001人以上',
};

/**
 * Links between assets. The subject is the asset the link is recorded on:
 * STORED_IN / PROCESSED_BY: the subject is kept in / processed by the target (a system, medium, device, share);
 * DERIVED_FROM: the subject is a copy, printout, export or backup of the target;
 * DEPENDS_ON: the subject cannot work without the target (server, network, DNS, AD).
 */
export const LINK_KINDS = ['STORED_IN', 'PROCESSED_BY', 'DERIVED_FROM', 'DEPENDS_ON'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  STORED_IN: '保存先',
  PROCESSED_BY: '処理する情報システム',
  DERIVED_FROM: '複製元',
  DEPENDS_ON: '依存先',
};

/** Lifecycle actions (assets-and-classification.md §4). */
export const LIFECYCLE_ACTIONS = [
  'CREATE',
  'OBTAIN',
  'USE',
  'STORE',
  'SEND',
  'CARRY',
  'PROVIDE',
  'PUBLISH',
  'DISPOSE',
  'RECLASSIFY',
  'TRANSFER_OWNER',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
export const LIFECYCLE_ACTION_LABELS: Record<LifecycleAction, string> = {
  CREATE: '作成',
  OBTAIN: '入手',
  USE: '利用',
  STORE: '保管',
  SEND: '送信',
  CARRY: '運搬（持ち出し）',
  PROVIDE: '提供',
  PUBLISH: '公表',
  DISPOSE: '廃棄',
  RECLASSIFY: '分類の変更',
  TRANSFER_OWNER: '所管の変更',
};
/** Actions a person records as events; RECLASSIFY and TRANSFER_OWNER are written by the register itself. */
export const RECORDABLE_ACTIONS = [
  'CREATE',
  'OBTAIN',
  'USE',
  'STORE',
  'SEND',
  'CARRY',
  'PROVIDE',
  'PUBLISH',
  'DISPOSE',
] as const satisfies readonly LifecycleAction[];
export type RecordableAction = (typeof RECORDABLE_ACTIONS)[number];
/** Actions that may need a prior permission (許可) of the owning 課室's 情報セキュリティ管理者. */
export const PERMISSION_ACTIONS = ['CARRY', 'PROVIDE', 'DISPOSE'] as const satisfies readonly LifecycleAction[];
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/** How something was disposed of; `irrecoverable` methods make the information unrecoverable (P-02). */
export const DISPOSAL_METHODS = {
  PHYSICAL_DESTRUCTION: { label: '物理的破壊', irrecoverable: true },
  DEGAUSS: { label: '磁気消去', irrecoverable: true },
  SECURE_OVERWRITE: { label: '専用ソフトによる上書き消去', irrecoverable: true },
  CRYPTO_ERASE: { label: '暗号化消去', irrecoverable: true },
  SHRED: { label: '裁断（シュレッダー）', irrecoverable: true },
  DISSOLVE: { label: '溶解', irrecoverable: true },
  INCINERATE: { label: '焼却', irrecoverable: true },
  CONTRACTOR_CERTIFIED: { label: '専門業者による消去・破壊（証明書あり）', irrecoverable: true },
  DELETE: { label: '通常の削除・初期化', irrecoverable: false },
  OTHER: { label: 'その他', irrecoverable: false },
} as const;
export type DisposalMethod = keyof typeof DISPOSAL_METHODS;
export const DISPOSAL_METHOD_CODES = Object.keys(DISPOSAL_METHODS) as [DisposalMethod, ...DisposalMethod[]];

/** Kinds whose disposal or lease return needs storage wiped irrecoverably, whatever the class (P-02). */
export const EQUIPMENT_KINDS: readonly AssetKind[] = ['DEVICE', 'MEDIA', 'SYSTEM', 'NETWORK', 'FACILITY'];
