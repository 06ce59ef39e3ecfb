import type { Bilingual, FieldError } from '../errors.ts';

/** One item of fastify's error.validation as produced by fastify-type-provider-zod. */
interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const CONTEXT_JA: Record<string, string> = { body: '', querystring: 'クエリ', params: 'パス' };

function sizeMessage(p: Record<string, unknown>, tooSmall: boolean): Bilingual {
  const limit = Number(tooSmall ? p.minimum : p.maximum);
  switch (p.origin) {
    case 'string':
      return tooSmall
        ? limit <= 1
          ? { ja: '入力してください。', en: 'This field is required.' }
          : { ja: `${limit}文字以上で入力してください。`, en: `Enter at least ${limit} characters.` }
        : { ja: `${limit}文字以内で入力してください。`, en: `Enter at most ${limit} characters.` };
    case 'array':
    case 'set':
      return tooSmall
        ? { ja: `${limit}件以上指定してください。`, en: `Give at least ${limit} items.` }
        : { ja: `${limit}件以内で指定してください。`, en: `Give at most ${limit} items.` };
    default:
      return tooSmall
        ? { ja: `${limit}以上の値を入力してください。`, en: `Enter a value of at least ${limit}.` }
        : { ja: `${limit}以下の値を入力してください。`, en: `Enter a value of at most ${limit}.` };
  }
}

const TYPE_JA: Record<string, string> = {
  string: '文字列',
  number: '数値',
  int: '整数',
  boolean: '真偽値（true/false）',
  object: 'オブジェクト',
  array: '配列',
};

function messageFor(item: ValidationItem): Bilingual {
  const p = item.params ?? {};
  const custom = p.params as { ja?: string; en?: string } | undefined;
  if (custom?.ja) return { ja: custom.ja, en: custom.en ?? item.message ?? 'Invalid value.' };
  switch (item.keyword) {
    case 'invalid_type':
      if (p.input === undefined) return { ja: '入力してください。', en: 'This field is required.' };
      return {
        ja: `${TYPE_JA[String(p.expected)] ?? String(p.expected)}で指定してください。`,
        en: `Expected ${String(p.expected)}.`,
      };
    case 'too_small':
      return sizeMessage(p, true);
    case 'too_big':
      return sizeMessage(p, false);
    case 'invalid_format':
      if (p.format === 'email')
        return { ja: 'メールアドレスの形式で入力してください。', en: 'Enter an email address.' };
      if (p.format === 'uuid') return { ja: '識別子の形式が正しくありません。', en: 'Not a valid identifier.' };
      if (p.format === 'date')
        return { ja: '日付は YYYY-MM-DD の形式で入力してください。', en: 'Enter a date as YYYY-MM-DD.' };
      return { ja: '形式が正しくありません。', en: 'The format is not valid.' };
    case 'invalid_value':
    case 'invalid_enum_value':
      return {
        ja: `次のいずれかを指定してください：${(p.values as unknown[] | undefined)?.join('、') ?? ''}`,
        en: `Use one of: ${(p.values as unknown[] | undefined)?.join(', ') ?? ''}`,
      };
    case 'unrecognized_keys':
      return {
        ja: `受け付けない項目が含まれています：${(p.keys as string[] | undefined)?.join('、') ?? ''}`,
        en: `Unknown fields: ${(p.keys as string[] | undefined)?.join(', ') ?? ''}`,
      };
    default:
      return { ja: '値が正しくありません。', en: item.message ?? 'Invalid value.' };
  }
}

/** Turns schema validation failures into field errors with Japanese and English text. */
export function toFieldErrors(items: ValidationItem[], context: string | undefined): FieldError[] {
  return items.map((item) => {
    const path = item.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const prefix = context && context !== 'body' ? `${context}.` : '';
    const where = CONTEXT_JA[context ?? 'body'] ?? '';
    const message = messageFor(item);
    return {
      field: `${prefix}${path}` || (context ?? 'body'),
      message: { ja: `${where ? `${where}：` : ''}${message.ja}`, en: message.en },
    };
  });
}
