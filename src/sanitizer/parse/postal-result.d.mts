import type { Email } from 'postal-mime';
import type { Limits } from '../policy.ts';
import type { ParsedMessage } from './pool.ts';

export function maxDelimiters(limits: Limits): number;
export function countDelimiters(bytes: Uint8Array): number;
export function postalMimeOptions(limits: Limits): Record<string, unknown>;
/** Email without headerLines: the worker's mapping never reads them. */
export function toParsedMessage(email: Omit<Email, 'headerLines'>): { message: ParsedMessage; transfer: ArrayBuffer[] };
export function parseWithPostalMime(
  raw: Uint8Array,
  limits: Limits,
): Promise<
  { ok: false; limit: 'parts'; error: string } | { ok: true; message: ParsedMessage; transfer: ArrayBuffer[] }
>;
