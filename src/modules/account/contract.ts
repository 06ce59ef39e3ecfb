import { z } from 'zod';
import { id } from '../../platform/http/fields.ts';

export const passwordChange = z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
export const totpConfirm = z.strictObject({ code: z.string().trim().min(1).max(10) });
export const totpRemove = z.strictObject({ password: z.string().min(1).max(256) });
export const passkeyRegister = z.strictObject({
  response: z.record(z.string(), z.unknown()),
  label: z.string().trim().min(1).max(40).optional(),
});
export const sessionParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/) });
export const passkeyParams = z.strictObject({ id });
