/**
 * 隔離キュー・処理記録: by default the quarantine queue (messages whose original or an attachment is kept back —
 * quarantined, PPAP held, attachments removed); the filter widens it to every record. Filters live in the address,
 * are shown as removable chips, and the list pages by cursor on the server.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type FieldError, get, queryString } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { FilterChips } from '../../components/FilterChips.tsx';
import { InstantText, Loaded, useCursorPager } from '../../components/PageParts.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Select } from '../../components/Select.tsx';
import { Table } from '../../components/Table.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDate, isIsoDate } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { ReleaseStatusBadge, VerdictBadge } from './parts.tsx';
import { FILTER_KEYS, type Filters, type MessageItem, type MessagePage, sanitizerKeys } from './types.ts';

const LIMIT = 50;
const QUEUES = ['all', 'quarantined', 'held', 'removed', 'none'] as const;
const VERDICTS = ['delivered-sanitized', 'quarantined', 'rejected', 'tempfailed'] as const;
const nf = new Intl.NumberFormat('ja-JP');

function FilterForm({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [queue, setQueue] = useState(filters.queue ?? 'all');
  const [verdict, setVerdict] = useState(filters.verdict ?? '');
  const [q, setQ] = useState(filters.q ?? '');
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [mine, setMine] = useState(filters.mine === 'true');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const labels = { from: t('sanitizer.list.from'), to: t('sanitizer.list.to') };
  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (from && !isIsoDate(from)) problems.push({ field: 'from', message: bi('dateField.invalid') });
    if (to && !isIsoDate(to)) problems.push({ field: 'to', message: bi('dateField.invalid') });
    if (isIsoDate(from) && isIsoDate(to) && from > to)
      problems.push({ field: 'to', message: bi('sanitizer.list.toBeforeFrom') });
    if (problems.length) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    onApply({ queue, verdict, q: q.trim(), from, to, mine: mine ? 'true' : '' });
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;
  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="san-filter-title"
      className="no-print flex flex-col gap-5 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h2 id="san-filter-title" className="text-std-20B-150">
        {t('sanitizer.list.filterTitle')}
      </h2>
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      <div className="grid grid-cols-1 gap-x-6 gap-y-4 lg:grid-cols-3">
        <Select
          id={fieldId('queue')}
          label={t('sanitizer.list.queue')}
          width="full"
          value={queue}
          onChange={setQueue}
          options={QUEUES.map((v) => ({
            value: v,
            label: t(`sanitizer.list.queue${v === 'all' ? 'All' : v.charAt(0).toUpperCase() + v.slice(1)}`),
          }))}
        />
        <Select
          id={fieldId('verdict')}
          label={t('sanitizer.list.verdict')}
          width="full"
          value={verdict}
          onChange={setVerdict}
          options={[
            { value: '', label: t('sanitizer.list.all') },
            ...VERDICTS.map((v) => ({ value: v, label: t(`sanitizer.verdicts.${v}`) })),
          ]}
        />
        <TextField
          id={fieldId('q')}
          label={t('sanitizer.list.q')}
          help={t('sanitizer.list.qHelp')}
          width="full"
          value={q}
          onChange={setQ}
          maxLength={200}
        />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-std-17B-170">{t('sanitizer.list.period')}</legend>
        <div className="flex flex-wrap gap-x-8 gap-y-2">
          <DateField id={fieldId('from')} label={labels.from} value={from} onChange={setFrom} error={err('from')} />
          <DateField id={fieldId('to')} label={labels.to} value={to} onChange={setTo} error={err('to')} />
        </div>
      </fieldset>
      <Checkbox id={fieldId('mine')} isSelected={mine} onChange={setMine}>
        {t('sanitizer.list.mine')}
      </Checkbox>
      <div>
        <Button type="submit" variant="primary">
          {t('sanitizer.list.apply')}
        </Button>
      </div>
    </form>
  );
}

export default function MessagesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const queue = filters.queue ?? 'all';
  const pager = useCursorPager();
  const apiQuery = {
    queue: queue === 'none' ? undefined : queue,
    verdict: filters.verdict,
    q: filters.q,
    from: filters.from,
    to: filters.to,
    mine: filters.mine,
    limit: LIMIT,
    cursor: pager.cursor ?? undefined,
  };
  const query = useQuery({
    queryKey: sanitizerKeys.messages(filters, pager.cursor),
    queryFn: () => get<MessagePage>(`/sanitizer/messages${queryString(apiQuery)}`),
    placeholderData: keepPreviousData,
  });
  const apply = (next: Filters) => {
    const clean: Record<string, string> = {};
    for (const k of FILTER_KEYS) if (next[k]) clean[k] = next[k] as string;
    if (clean.queue === 'all') delete clean.queue;
    pager.reset();
    setParams(clean);
  };
  const chipValue = (k: (typeof FILTER_KEYS)[number], v: string) =>
    k === 'queue'
      ? t(`sanitizer.list.queue${v.charAt(0).toUpperCase() + v.slice(1)}`)
      : k === 'verdict'
        ? t(`sanitizer.verdicts.${v}`)
        : k === 'from' || k === 'to'
          ? formatDate(v, lang)
          : k === 'mine'
            ? t('sanitizer.list.mine')
            : v;
  const chips = FILTER_KEYS.filter((k) => filters[k]).map((k) => ({
    id: k,
    label: k === 'mine' ? chipValue(k, '') : `${t(`sanitizer.list.${k}`)}：${chipValue(k, filters[k] as string)}`,
  }));

  const columns: ColumnDef<MessageItem, unknown>[] = [
    {
      id: 'receivedAt',
      header: t('sanitizer.list.receivedAt'),
      cell: ({ row }) => <InstantText instant={row.original.receivedAt} />,
    },
    {
      id: 'from',
      header: t('sanitizer.list.from_'),
      cell: ({ row }) => <span className="break-all">{row.original.from}</span>,
    },
    {
      id: 'subject',
      header: t('sanitizer.list.subject'),
      cell: ({ row }) => (
        <Link to={`/sanitizer/messages/${row.original.id}`}>
          {row.original.subject || t('sanitizer.list.noSubject')}
        </Link>
      ),
    },
    {
      id: 'verdict',
      header: t('sanitizer.list.result'),
      cell: ({ row }) => <VerdictBadge verdict={row.original.verdict} reason={row.original.reason} />,
    },
    {
      id: 'attachments',
      header: t('sanitizer.list.attachments'),
      cell: ({ row }) =>
        row.original.partsRemoved || row.original.partsHeld
          ? t('sanitizer.list.removedHeld', { removed: row.original.partsRemoved, held: row.original.partsHeld })
          : row.original.partsTotal
            ? t('common.count', { count: row.original.partsTotal })
            : t('sanitizer.list.noAttachments'),
    },
    {
      id: 'release',
      header: t('sanitizer.list.release'),
      cell: ({ row }) =>
        row.original.releaseStatus ? <ReleaseStatusBadge status={row.original.releaseStatus} /> : '—',
    },
  ];

  return (
    <div className="flex flex-col gap-6">
      <FilterForm key={JSON.stringify(filters)} filters={filters} onApply={apply} />
      <FilterChips
        chips={chips}
        label={t('sanitizer.list.chips')}
        removeLabel={(c) => t('sanitizer.list.remove', { label: c })}
        clearLabel={t('sanitizer.list.clear')}
        onRemove={(id) => apply({ ...filters, [id]: undefined })}
        onClear={() => apply({})}
      />
      <section aria-labelledby="san-list-title" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 id="san-list-title" className="text-std-24B-150">
              {queue === 'none' ? t('sanitizer.list.title') : t('sanitizer.list.queueAll')}
            </h2>
            <p className="text-std-16N-170 text-solid-gray-800" aria-live="polite">
              {query.data ? t('sanitizer.list.count', { count: nf.format(query.data.total) }) : ''}
            </p>
          </div>
          <PrintButton />
        </div>
        <Loaded query={query}>
          {(data) => (
            <>
              <Table
                caption={t('sanitizer.list.caption')}
                captionHidden
                columns={columns}
                data={data.items}
                rowKey={(r) => r.id}
                empty={t('sanitizer.list.empty')}
              />
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
    </div>
  );
}
