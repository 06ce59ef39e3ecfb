import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type Bilingual } from '../errors.ts';
import { toFieldErrors } from './validation-messages.ts';

const FRAMEWORK_MESSAGES: Record<string, Bilingual> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    ja: '送信形式に対応していません。JSON（application/json）で送信してください。',
    en: 'Unsupported content type; send JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { ja: '送信内容が空です。', en: 'The request body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    ja: '送信内容がJSONとして読み取れません。',
    en: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { ja: '送信内容が大きすぎます。', en: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { ja: '送信内容の長さが正しくありません。', en: 'Invalid content length.' },
  FST_ERR_BAD_URL: { ja: 'URLの形式が正しくありません。', en: 'The URL is malformed.' },
  FST_ERR_MAX_PARAM_LENGTH: { ja: 'URLに含まれる値が長すぎます。', en: 'A value in the URL is too long.' },
};

function send(reply: FastifyReply, status: number, code: string, message: Bilingual, details?: unknown) {
  return reply.status(status).send({ code, message, ...(details !== undefined ? { details } : {}) });
}

/** Maps every error to { code, message: { ja, en }, details }. Client mistakes are 4xx; only our own faults are 500. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (
      error.status === 429 &&
      error.details &&
      typeof error.details === 'object' &&
      'retryAfterSeconds' in error.details
    ) {
      reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    return send(reply, error.status, error.code, error.bilingual, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = toFieldErrors(error.validation, error.validationContext);
    return send(
      reply,
      400,
      'VALIDATION_FAILED',
      {
        ja: '入力内容に誤りがあります。各項目の説明に従って修正してください。',
        en: 'Some fields are invalid; correct them as described.',
      },
      { fields },
    );
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message = FRAMEWORK_MESSAGES[error.code] ?? {
      ja: 'リクエストの内容が正しくありません。',
      en: error.message || 'Bad request.',
    };
    return send(reply, status, error.code ?? 'BAD_REQUEST', message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(
    reply,
    500,
    'INTERNAL_ERROR',
    {
      ja: 'システム内部で問題が発生しました。時間をおいて再度お試しいただき、解決しない場合は管理者に連絡してください。',
      en: 'An internal error occurred. Try again later; if it persists, contact the administrator.',
    },
    { requestId: request.id },
  );
}
