/**
 * 全国地方公共団体コード: five digits (two for the prefecture, three for the body) and a check digit.
 * Check digit: weights 6,5,4,3,2 over the five digits; r = sum mod 11; check = (11 - r) mod 10.
 */
export function localGovernmentCodeCheckDigit(fiveDigits: string): number {
  const weights = [6, 5, 4, 3, 2];
  const sum = [...fiveDigits].reduce((acc, ch, i) => acc + Number(ch) * weights[i], 0);
  return (11 - (sum % 11)) % 10;
}

export type CodeProblem = 'format' | 'checkDigit' | 'prefecture';

export function checkLocalGovernmentCode(code: string): CodeProblem | null {
  if (!/^\d{6}$/.test(code)) return 'format';
  const prefecture = Number(code.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return 'prefecture';
  if (localGovernmentCodeCheckDigit(code.slice(0, 5)) !== Number(code[5])) return 'checkDigit';
  return null;
}

export const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const;

/** The prefecture a code belongs to (its first two digits). */
export function prefectureOfCode(code: string): string | undefined {
  return PREFECTURES[Number(code.slice(0, 2)) - 1];
}
