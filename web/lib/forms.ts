import type { FieldError } from '../api.ts';

/** The DOM id of the control for a server field path: "tenant.bodies.0.name" → "field-tenant-bodies-0-name". */
export function fieldId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Field errors as a lookup by path. The first message for a field wins. */
export function errorsByField(errors: FieldError[]): Map<string, FieldError['message']> {
  const map = new Map<string, FieldError['message']>();
  for (const e of errors) if (!map.has(e.field)) map.set(e.field, e.message);
  return map;
}

/**
 * Error-summary lines: the server's message, prefixed with the field's label when the message does not name it
 * ("団体コード：入力してください。"), so each line makes sense on its own.
 */
export function summaryItems(
  errors: FieldError[],
  labels: Record<string, string>,
  text: (m: FieldError['message']) => string,
): Array<{ field: string; message: string }> {
  return errors.map((e) => {
    const m = text(e.message);
    const label = labels[e.field];
    return { field: e.field, message: label && !m.includes(label) ? `${label}：${m}` : m };
  });
}
