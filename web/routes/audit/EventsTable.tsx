import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';
import type { Language } from '../../i18n/index.ts';
import { formatDate, toWarekiShort } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { changedFields } from './diff.ts';
import type { AuditEvent } from './types.ts';

const EN_SHORT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * Japan time (UTC+9) of an instant: R8.4.1 14:05:09, and the full 令和8年4月1日（2026年4月1日） 14:05:09; in English
 * 1 Apr 2026 14:05:09 and 1 April 2026 (令和8年4月1日) 14:05:09.
 */
function when(instant: string, lang: Language): { short: string; full: string } {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return { short: instant, full: instant };
  const jst = new Date(ms + 9 * 3600_000).toISOString();
  const date = jst.slice(0, 10);
  const time = jst.slice(11, 19);
  const short = lang === 'en' ? EN_SHORT.format(new Date(`${date}T00:00:00Z`)) : toWarekiShort(date);
  return { short: `${short} ${time}`, full: `${formatDate(date, lang)} ${time}` };
}

function useLabel() {
  const { t, i18n } = useTranslation();
  // An action may mean different things on different records (`record`: a paper pledge, an asset's handling):
  // `audit.actions.<action>@<entityType>` overrides the general label.
  return (group: 'actions' | 'entities', code: string, entityType?: string) => {
    const specific = `audit.${group}.${code}@${entityType}`;
    if (entityType && i18n.exists(specific)) return t(specific);
    return i18n.exists(`audit.${group}.${code}`) ? t(`audit.${group}.${code}`) : code;
  };
}

function Detail({ event, onEntity }: { event: AuditEvent; onEntity: (entityType: string, entityId: string) => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const fieldName = (f: string) => (i18n.exists(`audit.fields.${f}`) ? t(`audit.fields.${f}`) : f);
  const changes = changedFields(event.before, event.after, t('audit.detail.value'));
  const kind = event.before == null ? 'created' : event.after == null ? 'removed' : 'changed';
  return (
    <div className="flex flex-col gap-3 px-4 py-4">
      {changes.length === 0 ? (
        <p className="text-std-16N-170 text-solid-gray-800">{t('audit.detail.noChanges')}</p>
      ) : (
        <table className="w-full max-w-[60rem] table-fixed border-collapse text-left text-std-16N-170">
          <caption className="pb-1 text-left text-std-16B-170">
            {t(`audit.detail.caption.${kind}`, { count: changes.length })}
          </caption>
          <thead>
            <tr className="border-y border-solid-gray-420 bg-white">
              <th scope="col" className="w-[24%] px-3 py-2">
                {t('audit.detail.field')}
              </th>
              {kind !== 'created' && (
                <th scope="col" className="px-3 py-2">
                  {kind === 'removed' ? t('audit.detail.removedContent') : t('audit.detail.before')}
                </th>
              )}
              {kind !== 'removed' && (
                <th scope="col" className="px-3 py-2">
                  {kind === 'created' ? t('audit.detail.content') : t('audit.detail.after')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field} className="border-b border-solid-gray-200 align-top">
                <th scope="row" className="px-3 py-2 font-normal">
                  <span className="block font-bold">{fieldName(c.field)}</span>
                  {fieldName(c.field) !== c.field && (
                    <span className="block font-mono text-dns-14N-130 break-all text-solid-gray-700">{c.field}</span>
                  )}
                </th>
                {kind !== 'created' && (
                  <td className="px-3 py-2 break-all whitespace-pre-wrap">
                    {c.before ?? <span className="text-solid-gray-700">{t('audit.detail.none')}</span>}
                  </td>
                )}
                {kind !== 'removed' && (
                  <td className="px-3 py-2 break-all whitespace-pre-wrap">
                    {c.after ?? <span className="text-solid-gray-700">{t('audit.detail.none')}</span>}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-dns-14N-130 text-solid-gray-800">
        <dt className="font-bold">{t('audit.detail.entityId')}</dt>
        <dd className="font-mono break-all">{event.entityId ?? '—'}</dd>
        <dt className="font-bold">{t('audit.detail.requestId')}</dt>
        <dd className="font-mono break-all">{event.requestId ?? '—'}</dd>
        <dt className="font-bold">{t('audit.detail.clientIp')}</dt>
        <dd className="font-mono">{event.clientIp ?? '—'}</dd>
        <dt className="font-bold">{t('audit.detail.hash')}</dt>
        <dd className="font-mono break-all">{event.hash}</dd>
      </dl>
      {event.entityId && (
        <div className="no-print">
          <Button variant="tertiary" size="sm" onPress={() => onEntity(event.entityType, event.entityId ?? '')}>
            {t('audit.detail.onlyThis', { entity: label('entities', event.entityType) })}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The events, newest first; each row opens to show what changed. */
export function EventsTable({
  events,
  onEntity,
}: {
  events: AuditEvent[];
  onEntity: (entityType: string, entityId: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const label = useLabel();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  return (
    <div className="w-full overflow-x-auto">
      <table className="w-full border-collapse text-left text-std-16N-170">
        <caption className="sr-only">{t('audit.listCaption')}</caption>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            <th scope="col" className="px-3 py-3 text-right">
              {t('audit.col.seq')}
            </th>
            <th scope="col" className="px-3 py-3">
              {t('audit.col.time')}
            </th>
            <th scope="col" className="px-3 py-3">
              {t('audit.col.actor')}
            </th>
            <th scope="col" className="px-3 py-3">
              {t('audit.col.action')}
            </th>
            <th scope="col" className="px-3 py-3">
              {t('audit.col.entity')}
            </th>
            <th scope="col" className="no-print px-3 py-3">
              <span className="sr-only">{t('audit.col.detail')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr className="border-b border-solid-gray-200">
              <td colSpan={6} className="px-4 py-6 text-solid-gray-700">
                {t('audit.empty')}
              </td>
            </tr>
          )}
          {events.map((e) => {
            const w = when(e.occurredAt, lang);
            const isOpen = open.has(e.seq);
            const detailId = `audit-detail-${e.seq}`;
            return (
              <Fragment key={e.seq}>
                <tr className="border-b border-solid-gray-200 align-top" data-seq={e.seq}>
                  <td className="px-3 py-2 text-right tabular-nums">{e.seq}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={e.occurredAt} title={w.full}>
                      <span className="print:hidden">{w.short}</span>
                      <span className="hidden print:inline">{w.full}</span>
                    </time>
                  </td>
                  <td className="px-3 py-2 break-all">{e.actor}</td>
                  <td className="px-3 py-2">{label('actions', e.action, e.entityType)}</td>
                  <td className="px-3 py-2">
                    {label('entities', e.entityType)}
                    {e.entityId && (
                      <span className="block font-mono text-dns-14N-130 text-solid-gray-700" title={e.entityId}>
                        {e.entityId.slice(0, 8)}…
                      </span>
                    )}
                  </td>
                  <td className="no-print px-3 py-1 text-right">
                    <Button
                      variant="tertiary"
                      size="sm"
                      aria-expanded={isOpen}
                      aria-controls={isOpen ? detailId : undefined}
                      onPress={() => toggle(e.seq)}
                    >
                      {isOpen ? t('audit.hideDetail') : t('audit.showDetail')}
                      <span className="sr-only">{t('audit.ofEvent', { seq: e.seq })}</span>
                    </Button>
                  </td>
                </tr>
                {isOpen && (
                  <tr id={detailId} className="border-b border-solid-gray-200 bg-solid-gray-50">
                    <td colSpan={6}>
                      <Detail event={e} onEntity={onEntity} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
