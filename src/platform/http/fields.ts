/** Field schemas shared by every contract, with messages a clerk can act on. */
import { z } from 'zod';
import { isUuid } from '../../db/ids.ts';
import { isIsoDate, normaliseDateInput } from '../../domain/calendar.ts';

export const bilingual = (ja: string, en: string) => ({ message: en, params: { ja, en } });

/** Full-width digits and dashes become half-width before checking (clerks type both). */
export const halfWidth = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/[‐－―−]/g, '-') : v);

export const isoDate = z.preprocess(
  (v) => (typeof v === 'string' ? normaliseDateInput(v) : v),
  z
    .string()
    .refine(
      isIsoDate,
      bilingual(
        '実在する日付を「2026-04-01」「2026/4/1」又は「令和8年4月1日」の形で入力してください。',
        'Enter a real date, e.g. 2026-04-01.',
      ),
    ),
);

export const id = z.string().refine(isUuid, bilingual('識別子の形式が正しくありません。', 'Not a valid identifier.'));

export const text = (max: number) => z.string().trim().min(1).max(max);

/** CR, LF, tab and every other C0/C1 control character, and the Unicode line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A one-line field (titles, names): like `text`, but control characters and line breaks are refused, so the value
 * cannot add lines to the mails, headers and exports it is written into.
 */
export const oneLineText = (max: number) =>
  text(max).refine(
    (v) => !LINE_BREAKING.test(v),
    bilingual(
      '改行やタブなどの制御文字は入力できません。1 行で入力してください。',
      'Use a single line: line breaks, tabs and other control characters are not allowed.',
    ),
  );
export const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const kana = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine(
    (v) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]+$/u.test(v),
    bilingual('ふりがなは、ひらがな又はカタカナで入力してください。', 'Use hiragana or katakana.'),
  );

export const phone = z.preprocess(
  halfWidth,
  z
    .string()
    .trim()
    .max(20)
    .refine(
      (v) => v === '' || /^[0-9+\-()]{2,20}$/.test(v),
      bilingual('電話番号は半角の数字とハイフンで入力してください（例: 0176-55-1234）。', 'Use digits and hyphens.'),
    )
    .nullish(),
);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const errorBody = z.object({
  code: z.string(),
  message: z.object({ ja: z.string(), en: z.string() }),
  details: z.unknown().optional(),
});
