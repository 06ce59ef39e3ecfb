import { z } from 'zod';

export const loginRequest = z.strictObject({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const totpRequest = z.strictObject({ code: z.string().trim().min(1).max(10) });
export const recoveryRequest = z.strictObject({ code: z.string().trim().min(1).max(40) });
export const passkeyResponse = z.strictObject({ response: z.record(z.string(), z.unknown()) });
