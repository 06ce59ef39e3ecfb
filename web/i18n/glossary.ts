/**
 * The policy's own terms, exactly as the policy writes them, with the English used in translation.
 * Screens, messages and help text use these words and no synonyms (ui-guide.md, Words). Add a term here before
 * using it in ja.json; a reviewer checks new wording against this list.
 */
export interface Term {
  ja: string;
  en: string;
  /** Where the term comes from or how it is used. */
  note?: string;
}

export const GLOSSARY: readonly Term[] = [
  // Documents
  { ja: '情報セキュリティポリシー', en: 'information security policy', note: '基本方針 + 対策基準' },
  { ja: '情報セキュリティ基本方針', en: 'basic information security policy', note: '短く「基本方針」' },
  { ja: '情報セキュリティ対策基準', en: 'information security standards', note: '短く「対策基準」' },
  { ja: '実施手順', en: 'implementation procedure', note: '非公開 (seed §10)' },
  { ja: '施行日', en: 'effective date' },
  { ja: '改訂日', en: 'revision date' },
  { ja: '見直し', en: 'review' },
  { ja: '例外措置', en: 'exception' },
  { ja: '自己点検', en: 'self-inspection' },
  { ja: '監査', en: 'audit' },
  { ja: '監査証跡', en: 'audit trail' },
  // Information and classification
  { ja: '情報資産', en: 'information asset' },
  { ja: '機密性', en: 'confidentiality' },
  { ja: '完全性', en: 'integrity' },
  { ja: '可用性', en: 'availability' },
  { ja: '取扱制限', en: 'handling restriction' },
  { ja: '無断持ち出し', en: 'unauthorised carry-out', note: '基本方針 3(2)' },
  // Network segments
  { ja: 'マイナンバー利用事務系', en: 'My Number business segment' },
  { ja: 'LGWAN接続系', en: 'LGWAN-connected segment' },
  { ja: 'インターネット接続系', en: 'Internet-connected segment' },
  { ja: '無害化', en: 'sanitisation' },
  // Organisation
  { ja: '組織体制', en: 'organisation' },
  { ja: '実施機関', en: 'implementing body' },
  { ja: '町長部局', en: "mayor's departments" },
  { ja: '行政委員会', en: 'administrative committee' },
  { ja: '地方公営企業', en: 'local public enterprise' },
  { ja: '議会', en: 'assembly' },
  { ja: '部局', en: 'department' },
  { ja: '課室', en: 'section' },
  { ja: '係', en: 'team' },
  { ja: '職員等', en: 'staff', note: '会計年度任用職員・派遣職員を含む (seed §5)' },
  { ja: '委託事業者', en: 'contractor' },
  { ja: '最高情報セキュリティ責任者（CISO）', en: 'Chief Information Security Officer (CISO)' },
  { ja: '統括情報セキュリティ責任者', en: 'general information security officer' },
  { ja: '情報セキュリティ責任者', en: 'information security officer', note: '部局ごと' },
  { ja: '情報セキュリティ管理者', en: 'information security manager', note: '課室ごと' },
  { ja: '情報システム管理者', en: 'information system manager' },
  { ja: '情報システム担当者', en: 'information system operator' },
  { ja: '情報セキュリティ委員会', en: 'information security committee', note: '名称は団体ごとに設定' },
  { ja: 'CSIRT', en: 'CSIRT' },
  { ja: '兼務', en: 'combined duties' },
  // Sign-in
  { ja: 'ログインID', en: 'login id' },
  { ja: '二要素認証', en: 'multi-factor authentication' },
  { ja: '認証アプリ', en: 'authenticator app' },
  { ja: 'パスキー', en: 'passkey' },
  { ja: '回復コード', en: 'recovery code' },
  { ja: '団体コード', en: 'local government code', note: '全国地方公共団体コード、6桁目は検査数字' },
  { ja: '年度', en: 'fiscal year', note: '4月1日から翌年3月31日' },
];

/** Common verbs for buttons (ui-guide.md): 登録, 編集, 保存, 削除, 申請, 承認, 差戻し, 却下, 取下げ, 公開, 非公開, 出力, 取込, 印刷, 検索, 絞り込み, 並べ替え. */
export const VERBS = [
  '登録',
  '編集',
  '保存',
  '削除',
  '申請',
  '承認',
  '差戻し',
  '却下',
  '取下げ',
  '公開',
  '非公開',
  '出力',
  '取込',
  '印刷',
  '検索',
  '絞り込み',
  '並べ替え',
] as const;
