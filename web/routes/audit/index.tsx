/**
 * 監査証跡 (/audit): every registration, change and sign-in, newest first — filtered by 操作者, 対象の種類, 操作 and
 * 期間 (shown as removable chips), a page at a time, each event opening to the fields it changed; the filtered list
 * exported as CSV (UTF-8 with BOM or Shift_JIS); and 改ざん検査, the verification of the hash chain.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useSearchParams } from 'react-router';
import { get, may, post, queryClient, queryString, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button } from '../../components/Button.tsx';
import { FilterChips } from '../../components/FilterChips.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, useCursorPager, useErrorText } from '../../components/PageParts.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import { EventsTable } from './EventsTable.tsx';
import { FilterForm } from './FilterForm.tsx';
import { type AuditPage, auditKeys, type ChainVerdict, FILTER_KEYS, type Filters } from './types.ts';

const LIMIT = 50;

function Verify() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const verify = useMutation({
    mutationFn: () => post<ChainVerdict>('/audit-events/verify'),
    // The verification itself is recorded in the trail.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: auditKeys.all }),
  });
  const v = verify.data;
  return (
    <section aria-labelledby="audit-verify-title" className="no-print flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-4">
        <h2 id="audit-verify-title" className="sr-only">
          {t('audit.verify.title')}
        </h2>
        <Button variant="secondary" onPress={() => verify.mutate()} isPending={verify.isPending}>
          {t('audit.verify.button')}
        </Button>
        <p className="max-w-[40rem] text-std-16N-170 text-solid-gray-800">{t('audit.verify.help')}</p>
      </div>
      <div role="status" aria-live="polite" data-testid="verify-result">
        {verify.isPending && <p>{t('audit.verify.running')}</p>}
        {v?.ok && (
          <NotificationBanner kind="success" live={false} title={t('audit.verify.okTitle')}>
            {t('audit.verify.ok', { count: v.checked })}
          </NotificationBanner>
        )}
        {v && !v.ok && (
          <NotificationBanner kind="error" live={false} title={t('audit.verify.ngTitle')}>
            <p>{msg(v.problem?.message)}</p>
            <p>{t('audit.verify.ngChecked', { count: v.checked })}</p>
          </NotificationBanner>
        )}
        {verify.isError && (
          <NotificationBanner kind="error" live={false}>
            {errorText(verify.error)}
          </NotificationBanner>
        )}
      </div>
    </section>
  );
}

/** The filtered events, a page at a time (cursor), with their count and the export of the same list. */
function EventsList({
  filters,
  onEntity,
}: {
  filters: Filters;
  onEntity: (entityType: string, entityId: string) => void;
}) {
  const { t } = useTranslation();
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: auditKeys.list(filters, pager.cursor),
    queryFn: () =>
      get<AuditPage>(`/audit-events${queryString({ ...filters, limit: LIMIT, cursor: pager.cursor ?? undefined })}`),
    placeholderData: keepPreviousData,
  });
  const exportHref = (encoding: 'utf8' | 'sjis') =>
    `/api/v1/audit-events/export${queryString({ ...filters, encoding })}`;
  return (
    <section aria-labelledby="audit-list-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="audit-list-title" className="text-std-24B-150">
            {t('audit.listTitle')}
          </h2>
          <p className="text-std-16N-170 text-solid-gray-800" aria-live="polite">
            {query.data ? t('audit.count', { count: query.data.total }) : ''}
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-4">
          <a href={exportHref('utf8')} download className="inline-flex min-h-11 items-center text-std-16B-170">
            {t('audit.exportUtf8')}
          </a>
          <a href={exportHref('sjis')} download className="inline-flex min-h-11 items-center text-std-16B-170">
            {t('audit.exportSjis')}
          </a>
        </div>
      </div>
      <Loaded query={query}>
        {(data) => (
          <>
            <EventsTable events={data.items} onEntity={onEntity} />
            <Pagination
              total={data.total}
              from={pager.pageIndex * LIMIT + 1}
              shown={data.items.length}
              hasPrevious={pager.pageIndex > 0}
              hasNext={!!data.nextCursor}
              onPrevious={pager.previous}
              onNext={() => data.nextCursor && pager.next(data.nextCursor)}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}

function AuditHome() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  usePageTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const filterKey = JSON.stringify(filters);

  const apply = (next: Filters) => {
    const clean: Record<string, string> = {};
    for (const k of FILTER_KEYS) if (next[k]) clean[k] = next[k] as string;
    setParams(clean);
  };
  const label = (group: 'actions' | 'entities', code: string) => t(`audit.${group}.${code}`, { defaultValue: code });
  const chipValue = (k: (typeof FILTER_KEYS)[number], v: string) =>
    k === 'entityType'
      ? label('entities', v)
      : k === 'action'
        ? label('actions', v)
        : k === 'from' || k === 'to'
          ? formatDate(v, lang)
          : k === 'entityId'
            ? `${v.slice(0, 8)}…`
            : v;
  const chips = FILTER_KEYS.filter((k) => filters[k]).map((k) => ({
    id: k,
    label: `${t(`audit.filter.${k}`)}：${chipValue(k, filters[k] as string)}`,
  }));
  return (
    <div className="flex max-w-[72rem] flex-col gap-6">
      <div>
        <Breadcrumb items={[{ label: t('audit.title') }]} />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <h1 className="text-std-32B-150 text-solid-gray-900">{t('audit.title')}</h1>
          <PrintButton />
        </div>
        <p className="mt-2 text-std-16N-170">{t('audit.lead')}</p>
      </div>

      {may(me ?? undefined, 'audit_event', 'verify') && <Verify />}

      <FilterForm key={`form:${filterKey}`} filters={filters} onApply={apply} />
      <FilterChips
        chips={chips}
        label={t('audit.filter.chips')}
        removeLabel={(c) => t('audit.filter.remove', { label: c })}
        clearLabel={t('audit.filter.clear')}
        onRemove={(id) => apply({ ...filters, [id]: undefined })}
        onClear={() => apply({})}
      />

      {/* A new set of filters starts again at the first page. */}
      <EventsList
        key={`list:${filterKey}`}
        filters={filters}
        onEntity={(entityType, entityId) => apply({ entityType, entityId })}
      />
    </div>
  );
}

/** Staff without an audit role get a plain answer instead of a form that cannot load. */
function AuditGate() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('audit.title'));
  if (!me) return null;
  if (may(me ?? undefined, 'audit_event', 'read')) return <AuditHome />;
  return (
    <div className="flex max-w-[56rem] flex-col gap-6">
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('audit.title')}</h1>
      <NotificationBanner kind="warning" live={false}>
        {t('audit.notAllowed')}
      </NotificationBanner>
    </div>
  );
}

export default function AuditRoutes() {
  return (
    <Routes>
      <Route index element={<AuditGate />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
