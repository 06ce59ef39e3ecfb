/** Display names of tiers and exception lists, and of a flow's tier pair, for the text of findings. Pure. */
import type { ExceptionList, Tier, TierFlow } from './tiers.ts';

/** Tier and list names for finding text: people read 「インターネット接続系→LGWAN接続系」, never `internet->lgwan`. */
export const TIER_NAMES: Record<Tier, { ja: string; en: string }> = {
  mynumber: { ja: 'マイナンバー利用事務系', en: 'My Number tier' },
  lgwan: { ja: 'LGWAN接続系', en: 'LGWAN tier' },
  internet: { ja: 'インターネット接続系', en: 'Internet tier' },
  'lgwan-wan': { ja: 'LGWAN（広域網）', en: 'LGWAN (WAN)' },
  'internet-external': { ja: 'インターネット（外部）', en: 'Internet (external)' },
  'security-cloud': { ja: '自治体情報セキュリティクラウド', en: 'Security cloud' },
  mgmt: { ja: '管理用', en: 'Management' },
  other: { ja: 'その他', en: 'Other' },
};
export const LIST_NAMES: Record<ExceptionList, { ja: string; en: string }> = {
  tokuteiTsushin: { ja: '特定通信', en: 'specified communication (特定通信)' },
  controlledLinks: { ja: '管理された連携', en: 'controlled link' },
  approvedCloudTenants: { ja: '承認済みクラウド', en: 'approved cloud tenant' },
  outboundTransfers: { ja: '送信中継・持出し', en: 'outbound relay or export' },
};
export const pairJa = (f: TierFlow) =>
  `${TIER_NAMES[f.from.tier]?.ja ?? f.from.tier}→${TIER_NAMES[f.to.tier]?.ja ?? f.to.tier}`;
export const pairEn = (f: TierFlow) =>
  `${TIER_NAMES[f.from.tier]?.en ?? f.from.tier} → ${TIER_NAMES[f.to.tier]?.en ?? f.to.tier}`;
