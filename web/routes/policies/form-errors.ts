/** The server's field errors of a failed write, for a form: a line per field for the summary, and a lookup. */
import { ApiError } from '../../api.ts';
import type { SummaryItem } from '../../components/ErrorSummary.tsx';
import { summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';

export function useFieldErrors(error: unknown, labels: Record<string, string>) {
  const msg = useBilingual();
  const api = error instanceof ApiError ? error : null;
  const fields = api?.fields ?? [];
  const items: SummaryItem[] = summaryItems(fields, labels, msg);
  return {
    /** A message that is not about one field (state conflicts, permissions), or the network failure. */
    general: error && fields.length === 0 ? (api ? msg(api.bilingual) : null) : null,
    failed: !!error,
    items,
    of: (field: string) => {
      const e = fields.find((f) => f.field === field || f.field.startsWith(`${field}.`));
      return e ? msg(e.message) : undefined;
    },
  };
}
