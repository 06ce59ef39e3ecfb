import type { FastifyRequest } from 'fastify';
import { fieldErrors } from '../errors.ts';

const NUL = '\u0000';
const MESSAGE = {
  ja: '使用できない制御文字（NUL）が含まれています。入力し直してください。',
  en: 'Contains a NUL character, which is not allowed.',
};

/** Parsed JSON and query objects (the query parser's have a prototype of their own); not buffers or streams. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** The path of the first string (value or key) holding U+0000, or null. Iterative, so deep JSON cannot overflow. */
function firstNul(root: unknown, rootPath: string): string | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push([v, `${path}.${i}`]);
    } else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes(NUL)) return path;
        stack.push([v, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

/**
 * preValidation hook: refuses any input holding U+0000. No field has a use for it, SQLite would store it and cut
 * the text short on display, and PostgreSQL rejects it with an error (which would otherwise become a 500).
 */
export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [value, where] of [
    [request.params, 'params'],
    [request.query, 'query'],
    [request.body, ''],
  ] as const) {
    const path = firstNul(value, where);
    if (path !== null) throw fieldErrors([{ field: path.replace(/^\./, '') || where || 'body', message: MESSAGE }]);
  }
}
