import { z } from 'zod';
import { halfWidth, kana, text } from '../../platform/http/fields.ts';
import { loginId, password } from '../accounts/contract.ts';
import { BODY_KINDS } from '../organisation/contract.ts';

export const setupRequest = z.strictObject({
  tenant: z.strictObject({
    name: text(40),
    code: z.preprocess(halfWidth, z.string().trim().max(10)),
    committeeName: text(60),
    bodies: z
      .array(z.strictObject({ kind: z.enum(BODY_KINDS), name: text(60) }))
      .max(30)
      .default([]),
  }),
  admin: z.strictObject({
    familyName: text(30),
    givenName: text(30),
    familyKana: kana,
    givenKana: kana,
    staffNumber: z.string().trim().min(1).max(20),
    title: z.string().trim().max(40).optional(),
    loginId,
    password,
  }),
  /** Import the seed 基本方針 (六戸町情報セキュリティポリシー) as the first published version; default true. */
  importSeedPolicy: z.boolean().optional(),
});
export type SetupRequest = z.infer<typeof setupRequest>;
