/** Errors the API returns: { code, message: { ja, en }, details }. Never a 500 for anything a client sent. */
export interface Bilingual {
  ja: string;
  en: string;
}

export interface FieldError {
  field: string;
  message: Bilingual;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly details?: unknown,
  ) {
    super(bilingual.en);
  }
}

export const badRequest = (code: string, message: Bilingual, details?: unknown) =>
  new AppError(400, code, message, details);

export const fieldErrors = (fields: FieldError[]) =>
  new AppError(
    400,
    'VALIDATION_FAILED',
    {
      ja: '入力内容に誤りがあります。各項目の説明に従って修正してください。',
      en: 'Some fields are invalid; correct them as described.',
    },
    { fields },
  );

export const unauthenticated = (message: Bilingual = { ja: 'ログインしてください。', en: 'Please sign in.' }) =>
  new AppError(401, 'UNAUTHENTICATED', message);

export const forbidden = (
  message: Bilingual = { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
) => new AppError(403, 'FORBIDDEN', message);

export const notFound = (what: Bilingual = { ja: '対象', en: 'The record' }) =>
  new AppError(404, 'NOT_FOUND', { ja: `${what.ja}が見つかりません。`, en: `${what.en} was not found.` });

export const conflict = (code: string, message: Bilingual, details?: unknown) =>
  new AppError(409, code, message, details);

export const tooMany = (message: Bilingual, retryAfterSeconds?: number) =>
  new AppError(429, 'TOO_MANY_REQUESTS', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
