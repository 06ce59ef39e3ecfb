/** Small page pieces: load states, dates in 和暦, titled sections, fact lists, cursor paging. */
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { formatDate, formatDateTimeCompact } from '../lib/dates.ts';
import { useBilingual, useLanguage } from '../lib/i18n-hooks.ts';
import { NotificationBanner } from './NotificationBanner.tsx';

/** The server's message for a failed request, or the network message. */
export function useErrorText() {
  const { t } = useTranslation();
  const msg = useBilingual();
  return (e: unknown) => (e instanceof ApiError ? msg(e.bilingual) : t('common.networkError'));
}

/** Loading, failed or the content: the three states of a page's main query. */
export function Loaded<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError || query.data === undefined) {
    return (
      <NotificationBanner kind="error" title={t('common.loadError')}>
        {query.error instanceof ApiError ? errorText(query.error) : null}
      </NotificationBanner>
    );
  }
  return <>{children(query.data)}</>;
}

/** A date in 和暦 with 西暦, in a <time> element. */
export function DateText({ iso }: { iso: string | null | undefined }) {
  const lang = useLanguage();
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatDate(iso, lang)}</time>;
}

/** An instant in compact form (R8.4.1 14:05) with the full 和暦（西暦）form on hover. */
export function InstantText({ instant }: { instant: string | null | undefined }) {
  if (!instant) return <>—</>;
  const f = formatDateTimeCompact(instant);
  return (
    <time dateTime={instant} title={f.full}>
      {f.short}
    </time>
  );
}

/** A titled block of a page (h2), as on the account page. */
export function PageSection({
  id,
  title,
  lead,
  actions,
  children,
}: {
  id: string;
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 border-t border-solid-gray-200 pt-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="flex flex-col gap-1">
          <h2 id={id} className="text-std-24B-150 text-solid-gray-900">
            {title}
          </h2>
          {lead && <p className="text-std-16N-170 text-solid-gray-800">{lead}</p>}
        </div>
        {actions && <div className="no-print flex flex-wrap gap-3">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** A definition list of label / value pairs in the house style. */
export function Facts({ items }: { items: Array<{ label: string; value: ReactNode }> }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,14rem)_1fr] gap-x-6 gap-y-2 rounded-8 bg-solid-gray-50 px-6 py-4 text-std-16N-170">
      {items.map((i) => (
        <div key={i.label} className="contents">
          <dt className="font-bold text-solid-gray-900">{i.label}</dt>
          <dd className="min-w-0">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Cursor pagination state: the cursors of the pages visited, so 前へ returns to the previous page exactly.
 * `reset` returns to the first page (when a filter changes).
 */
export function useCursorPager() {
  const [stack, setStack] = useState<Array<string | null>>([null]);
  return {
    cursor: stack[stack.length - 1],
    pageIndex: stack.length - 1,
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}
