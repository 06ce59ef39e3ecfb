/** Building blocks shared by the organisation pages: page heading, loading/error states, badges, dates. */
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Bilingual, type FieldError } from '../../../api.ts';
import { Breadcrumb, type Crumb } from '../../../components/Breadcrumb.tsx';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../../../components/Icons.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { cx } from '../../../lib/cx.ts';
import { formatDate, isIsoDate, toWarekiShort } from '../../../lib/dates.ts';
import { errorsByField } from '../../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../../lib/page.tsx';

/** Breadcrumb (組織体制 > …), the page's one h1, a lead, and the page's actions on the right (not printed). */
export function PageHead({
  title,
  crumbs = [],
  lead,
  actions,
  documentTitle,
}: {
  title: ReactNode;
  crumbs?: Crumb[];
  lead?: ReactNode;
  actions?: ReactNode;
  /** Browser tab and print header; defaults to the title when it is text. */
  documentTitle?: string;
}) {
  const { t } = useTranslation();
  usePageTitle(documentTitle ?? (typeof title === 'string' ? title : ''));
  const trail: Crumb[] = [{ label: t('org.title'), href: '/organisation' }, ...crumbs];
  return (
    <div className="flex flex-col gap-2">
      <Breadcrumb items={crumbs.length === 0 ? [{ label: t('org.title') }] : trail} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
        {actions && <div className="no-print flex flex-wrap items-start gap-3">{actions}</div>}
      </div>
      {lead && <p className="max-w-[56rem] text-std-16N-170 text-solid-gray-800">{lead}</p>}
    </div>
  );
}

/** A titled block of a page. */
export function Section({
  id,
  title,
  lead,
  actions,
  children,
  className,
}: {
  id: string;
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={id} className={cx('flex flex-col gap-4 border-t border-solid-gray-200 pt-6', className)}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={id} className="text-std-24B-150 text-solid-gray-900">
          {title}
        </h2>
        {actions && <div className="no-print flex flex-wrap gap-3">{actions}</div>}
      </div>
      {lead && <p className="-mt-2 text-std-16N-170 text-solid-gray-800">{lead}</p>}
      {children}
    </section>
  );
}

/** Classes for the lists of this area: headers on one line; every row printed (no scroll box on paper). */
export const TABLE = 'print-table-full [&_th]:whitespace-nowrap';

/** Loading and failure of a read, in words; renders children once the data is there. */
export function Loaded<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  if (query.isPending) {
    return (
      <p role="status" className="py-4 text-std-16N-170">
        {t('common.loading')}
      </p>
    );
  }
  if (query.isError || query.data === undefined) {
    return (
      <NotificationBanner kind="error" title={t('common.loadError')}>
        {query.error instanceof ApiError ? msg(query.error.bilingual) : null}
      </NotificationBanner>
    );
  }
  return <>{children(query.data)}</>;
}

type Tone = 'ok' | 'info' | 'warn' | 'off' | 'bad';
const TONE: Record<Tone, { box: string; Icon: typeof InfoIcon }> = {
  ok: { box: 'border-green-900 bg-green-50 text-green-1000', Icon: SuccessIcon },
  info: { box: 'border-blue-900 bg-blue-50 text-blue-1000', Icon: InfoIcon },
  warn: { box: 'border-yellow-900 bg-yellow-50 text-yellow-1200', Icon: WarningIcon },
  off: { box: 'border-solid-gray-600 bg-solid-gray-50 text-solid-gray-800', Icon: InfoIcon },
  bad: { box: 'border-red-900 bg-red-50 text-red-1000', Icon: ErrorIcon },
};

/** A state in words with an icon (never colour alone). */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  const s = TONE[tone];
  return (
    <span
      className={cx(
        'print-badge inline-flex items-center gap-1 whitespace-nowrap rounded-6 border px-2 py-0.5 text-dns-14B-130',
        s.box,
      )}
    >
      <s.Icon size={16} />
      {children}
    </span>
  );
}

/**
 * A date in a table: R8.4.1 on screen (the full 和暦（西暦） on hover, for screen readers and on paper).
 * English shows 2026-04-01.
 */
export function DateCell({ iso }: { iso: string | null | undefined }) {
  const lang = useLanguage();
  if (!iso) return null;
  if (!isIsoDate(iso)) return <>{iso}</>;
  const full = formatDate(iso, lang);
  const short = lang === 'en' ? iso : toWarekiShort(iso);
  return (
    <time dateTime={iso} title={full} className="whitespace-nowrap">
      <span aria-hidden="true" className="print:hidden">
        {short}
      </span>
      <span className="sr-only print:not-sr-only">{full}</span>
    </time>
  );
}

/** A date where it matters: 令和8年4月1日（2026年4月1日）. */
export function FullDate({ iso }: { iso: string | null | undefined }) {
  const lang = useLanguage();
  if (!iso) return null;
  return <time dateTime={iso}>{formatDate(iso, lang)}</time>;
}

/** Term–value pairs of a detail page. */
export function Facts({ items }: { items: Array<[ReactNode, ReactNode] | false | null | undefined> }) {
  const shown = items.filter((i): i is [ReactNode, ReactNode] => !!i);
  return (
    <dl className="grid grid-cols-[minmax(9rem,14rem)_1fr] gap-x-6 border-t border-solid-gray-200 text-std-16N-170">
      {shown.map(([term, value], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of facts
        <div key={i} className="contents">
          <dt className="border-b border-solid-gray-200 py-3 font-bold text-solid-gray-900">{term}</dt>
          <dd className="border-b border-solid-gray-200 py-3">{value === '' || value == null ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The errors of one form: field errors from the server (or the page's own checks) and a message for the rest.
 * `attempt` changes on every failed submit so the error summary takes focus again.
 */
export function useFormErrors() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [fields, setFields] = useState<FieldError[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const byField = errorsByField(fields);
  return {
    fields,
    banner,
    attempt,
    err: (field: string) => msg(byField.get(field)) || undefined,
    clear: () => {
      setFields([]);
      setBanner(null);
    },
    /** The page's own checks (required fields, confirmations). */
    local: (problems: FieldError[]) => {
      setFields(problems);
      setBanner(null);
      setAttempt((n) => n + 1);
    },
    /** What the server said: field errors go under their fields, anything else into the banner. */
    fromError: (e: unknown) => {
      if (e instanceof ApiError && e.fields.length > 0) {
        setFields(e.fields);
        setBanner(null);
      } else {
        setFields([]);
        setBanner(e instanceof ApiError ? msg(e.bilingual) : t('common.networkError'));
      }
      setAttempt((n) => n + 1);
    },
  };
}

/** "{{label}}を入力してください。" in both languages, for a required field left empty. */
export function useRequired() {
  const { t } = useTranslation();
  return (field: string, label: string): FieldError => ({
    field,
    message: {
      ja: t('org.form.required', { label, lng: 'ja' }),
      en: t('org.form.required', { label, lng: 'en' }),
    } satisfies Bilingual,
  });
}
