import { z } from 'zod';
import { bilingual, id } from '../../platform/http/fields.ts';

export const loginId = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .refine(
    (v) => /^[A-Za-z0-9._@-]+$/.test(v),
    bilingual('ログインIDは半角英数字と「._@-」で入力してください。', 'Use letters, digits and . _ @ -'),
  );

export const password = z.string().min(1).max(256);

export const accountCreate = z.strictObject({
  personId: id,
  loginId,
  password,
  isPlatformAdmin: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
});

export const accountUpdate = z.strictObject({
  disabled: z.boolean().optional(),
  isPlatformAdmin: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
});

export const accountListQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const accountPasswordReset = z.strictObject({ password });
