/** Field schemas shared by every contract, with messages a clerk can act on. */
import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar.ts';
import { isUuid } from '../../db/ids.ts';

export const bilingual = (ja: string, en: string) => ({ message: en, params: { ja, en } });

export const isoDate = z
  .string()
  .refine(
    isIsoDate,
    bilingual('日付は「2026-04-01」の形式で、実在する日付を入力してください。', 'Enter a real date as YYYY-MM-DD.'),
  );

export const id = z.string().refine(isUuid, bilingual('識別子の形式が正しくありません。', 'Not a valid identifier.'));

export const text = (max: number) => z.string().trim().min(1).max(max);
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

export const phone = z
  .string()
  .trim()
  .max(20)
  .refine(
    (v) => v === '' || /^[0-9+\-()（）]{2,20}$/.test(v),
    bilingual('電話番号は数字とハイフンで入力してください。', 'Use digits and hyphens.'),
  )
  .nullish();

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const errorBody = z.object({
  code: z.string(),
  message: z.object({ ja: z.string(), en: z.string() }),
  details: z.unknown().optional(),
});
