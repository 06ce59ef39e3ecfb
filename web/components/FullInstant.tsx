/**
 * An instant in the full form, 令和8年11月26日（2026年11月26日） 13:39, for detail pages (ui-guide.md, Formats: the
 * compact R8.11.26 form is for dense tables only).
 */
import { formatDateTime } from '../lib/dates.ts';
import { useLanguage } from '../lib/i18n-hooks.ts';

export function FullInstant({ instant }: { instant: string | null | undefined }) {
  const lang = useLanguage();
  if (!instant) return <>—</>;
  return <time dateTime={instant}>{formatDateTime(instant, lang)}</time>;
}
