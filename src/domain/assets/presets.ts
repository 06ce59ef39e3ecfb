/**
 * The data of the two classification presets (情報資産の分類, assets-and-classification.md §2–§3): the 取扱制限
 * catalogue with the clause each comes from, the level definitions of scheme A (機密性3段階, up to 令和5年3月) and
 * scheme B (自治体機密性3A/3B/3C/2/1, 令和6年10月), and the common rank scale. Data only; the rules that read it are
 * in ../classification.ts, which re-exports everything here.
 */
import type {
  AssetClause,
  EvidenceLabel,
  Level,
  RestrictionCode,
  RestrictionInfo,
  SchemeDefinition,
} from '../classification.ts';

const MODEL = '情報セキュリティ対策基準';
const restrictionClause = (summary: string, ref = '情報資産の分類と管理（取扱制限）', code?: string): AssetClause => ({
  document: MODEL,
  ref,
  summary,
  label: '例文',
  ...(code ? { code } : {}),
});

/** The 取扱制限 (assets-and-classification.md §3) [例文], each with the clause it comes from. */
export const RESTRICTIONS: Record<RestrictionCode, RestrictionInfo> = {
  NO_NON_ISSUED_DEVICE: {
    name: '支給以外の端末での作業の禁止',
    en: 'No processing on devices not issued by the town',
    clause: restrictionClause('支給以外の端末での作業を原則として禁止する。'),
  },
  NO_UNNEEDED_COPY: {
    name: '必要以上の複製及び配付の禁止',
    en: 'No unnecessary copying or distribution',
    clause: restrictionClause('必要以上の複製及び配付を禁止する。'),
  },
  STORAGE_RESTRICTED: {
    name: '保管場所の制限、必要以上の電磁的記録媒体等の持ち込み禁止',
    en: 'Designated storage only; no unneeded media brought in',
    clause: restrictionClause('保管場所を制限し、必要以上の電磁的記録媒体等の持ち込みを禁止する。'),
  },
  ENCRYPT_IN_TRANSIT: {
    name: '送信・運搬・提供時の暗号化又はパスワード設定',
    en: 'Encryption or password when sending, carrying or providing',
    clause: restrictionClause('送信、運搬又は提供する場合は、必要に応じ暗号化又はパスワードの設定を行う。'),
  },
  LOCKED_CASE_TRANSPORT: {
    name: '運搬時の鍵付きケース等の使用',
    en: 'Locked case when carrying',
    clause: restrictionClause('車両等により運搬する場合は、鍵付きのケース等に格納する。', '情報資産の管理（運搬）'),
  },
  IRRECOVERABLE_DISPOSAL: {
    name: '廃棄時の復元不可能な処置',
    en: 'Made unrecoverable on disposal',
    clause: restrictionClause('廃棄する場合は、情報を復元できないように処置する。', '情報資産の管理（廃棄）'),
  },
  TRUSTED_LINE_ONLY: {
    name: '信頼性のある通信回線の使用',
    en: 'Reliable network lines only',
    clause: restrictionClause('信頼性のある通信回線を使用する。', '物理的セキュリティ（通信回線）', 'P-04'),
  },
  OUTSIDE_PROCESSING_SAFEGUARDS: {
    name: '外部で処理する場合の安全管理措置',
    en: 'Safeguards before processing outside',
    clause: restrictionClause('外部で情報処理を行う際は、安全管理措置を講ずる。'),
  },
  LOCKABLE_MEDIA_STORAGE: {
    name: '電磁的記録媒体の施錠可能な場所への保管',
    en: 'Media kept in a lockable place',
    clause: restrictionClause('電磁的記録媒体は、施錠可能な場所に保管する。'),
  },
  BACKUP: {
    name: '定期的なバックアップ',
    en: 'Regular backups',
    clause: restrictionClause('バックアップを定期的に取得する。', '技術的セキュリティ（バックアップ）', 'T-01'),
  },
  E_SIGNATURE: {
    name: '電子署名等による改ざん防止',
    en: 'Signatures against tampering',
    clause: restrictionClause('電子署名、パスワード等による改ざんの防止を行う。'),
  },
  RECOVERY_TIME_OBJECTIVE: {
    name: '復旧までの許容時間の設定',
    en: 'Defined restore time',
    clause: restrictionClause('障害時に復旧するまでの許容時間を定める。'),
  },
};

const C3_RESTRICTIONS: RestrictionCode[] = [
  'NO_NON_ISSUED_DEVICE',
  'NO_UNNEEDED_COPY',
  'STORAGE_RESTRICTED',
  'ENCRYPT_IN_TRANSIT',
  'LOCKED_CASE_TRANSPORT',
  'IRRECOVERABLE_DISPOSAL',
  'TRUSTED_LINE_ONLY',
  'OUTSIDE_PROCESSING_SAFEGUARDS',
  'LOCKABLE_MEDIA_STORAGE',
];
/** C2: encryption "as needed", locked case, irrecoverable disposal, reliable lines per P-04. */
const C2_RESTRICTIONS: RestrictionCode[] = [
  'ENCRYPT_IN_TRANSIT',
  'LOCKED_CASE_TRANSPORT',
  'IRRECOVERABLE_DISPOSAL',
  'TRUSTED_LINE_ONLY',
];

const level = (
  code: string,
  displayName: string,
  rank: number,
  definition: string,
  restrictions: RestrictionCode[],
  label: EvidenceLabel,
): Level => ({ code, displayName, rank, definition, restrictions, label });

const INTEGRITY: Level[] = [
  level(
    '2',
    '完全性2',
    2,
    '改ざん、誤びゅう又は破損により、住民の権利が侵害される又は行政事務の適確な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産',
    ['OUTSIDE_PROCESSING_SAFEGUARDS', 'LOCKABLE_MEDIA_STORAGE', 'BACKUP', 'E_SIGNATURE'],
    '例文',
  ),
  level('1', '完全性1', 1, '完全性2の情報資産以外の情報資産', [], '例文'),
];
const AVAILABILITY: Level[] = [
  level(
    '2',
    '可用性2',
    2,
    '滅失、紛失又は当該情報資産が利用不可能であることにより、住民の権利が侵害される又は行政事務の安定的な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産',
    ['LOCKABLE_MEDIA_STORAGE', 'BACKUP', 'RECOVERY_TIME_OBJECTIVE'],
    '例文',
  ),
  level('1', '可用性1', 1, '可用性2の情報資産以外の情報資産', [], '例文'),
];

/** Ranks on the common scale: 1 public, 2 not for publication, 3 3C, 4 3B, 5 秘密文書相当 (A's 3 = B's 3A). */
export const RANK = { PUBLIC: 1, INTERNAL: 2, C3C: 3, C3B: 4, SECRET: 5 } as const;

export const PRESETS: Record<'MIC_PRE_R6' | 'MIC_R6_10', { name: string; definition: SchemeDefinition }> = {
  MIC_PRE_R6: {
    name: '機密性3段階・完全性2段階・可用性2段階（令和5年3月版まで）',
    definition: {
      confidentiality: [
        level(
          '3',
          '機密性3',
          RANK.SECRET,
          '行政事務で取り扱う情報資産のうち、秘密文書に相当する機密性を要する情報資産',
          C3_RESTRICTIONS,
          '例文',
        ),
        level(
          '2',
          '機密性2',
          RANK.INTERNAL,
          '行政事務で取り扱う情報資産のうち、秘密文書に相当する機密性は要しないが、直ちに一般に公表することを前提としていない情報資産',
          C2_RESTRICTIONS,
          '例文',
        ),
        level('1', '機密性1', RANK.PUBLIC, '機密性2又は機密性3の情報資産以外の情報資産', [], '例文'),
      ],
      integrity: INTEGRITY,
      availability: AVAILABILITY,
      thresholds: {
        CONF_2_PLUS: { axis: 'C', minRank: RANK.INTERNAL },
        CONF_3_PLUS: { axis: 'C', minRank: RANK.C3C },
        INTEG_2: { axis: 'I', minRank: 2 },
        AVAIL_2: { axis: 'A', minRank: 2 },
      },
    },
  },
  MIC_R6_10: {
    name: '自治体機密性3A・3B・3C・2・1（令和6年10月版）',
    definition: {
      confidentiality: [
        level(
          '3A',
          '自治体機密性3A',
          RANK.SECRET,
          '「行政文書の管理に関するガイドライン」に定める秘密文書に相当する機密性を要する情報資産（国から受領した情報等）',
          C3_RESTRICTIONS,
          '確認済',
        ),
        level(
          '3B',
          '自治体機密性3B',
          RANK.C3B,
          '漏えい等により、個人の権利利益を大きく侵害するおそれがあり、業務の規模・性質等から…（定義の残りは要確認）',
          C3_RESTRICTIONS,
          '要確認',
        ),
        level(
          '3C',
          '自治体機密性3C',
          RANK.C3C,
          '3Bより影響の小さい個人情報又は非公開情報（推定・要確認）',
          C3_RESTRICTIONS,
          '要確認',
        ),
        level(
          '2',
          '自治体機密性2',
          RANK.INTERNAL,
          '直ちに一般に公表することを前提としていない情報資産（推定・要確認）',
          C2_RESTRICTIONS,
          '要確認',
        ),
        level(
          '1',
          '自治体機密性1',
          RANK.PUBLIC,
          '公表されている又は公表を前提とする情報資産（推定・要確認）',
          [],
          '要確認',
        ),
      ],
      // Whether 完全性/可用性 changed in 令和6年10月 is [要確認]; until verified they reuse scheme A's levels.
      integrity: INTEGRITY.map((l) => ({ ...l, label: '要確認' })),
      availability: AVAILABILITY.map((l) => ({ ...l, label: '要確認' })),
      thresholds: {
        CONF_2_PLUS: { axis: 'C', minRank: RANK.INTERNAL },
        CONF_3_PLUS: { axis: 'C', minRank: RANK.C3C },
        INTEG_2: { axis: 'I', minRank: 2 },
        AVAIL_2: { axis: 'A', minRank: 2 },
      },
    },
  },
};
