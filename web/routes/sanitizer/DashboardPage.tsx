/**
 * 処理の状況: the last 14 days — messages per day (delivered / quarantined / other, with the attachments removed),
 * the verdicts, the file types removed most often, the quarantine queue and the requests waiting for the caller.
 * Bars are drawn with CSS and always sit next to their number, so the tables read and print without them.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, PageSection } from '../../components/PageParts.tsx';
import { formatDate, toWarekiShort } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { useSanitizerWords } from './labels.ts';
import { Bar } from './parts.tsx';
import { type Summary, sanitizerKeys } from './types.ts';

const DAYS = 14;
const nf = new Intl.NumberFormat('ja-JP');

function Overview({ s }: { s: Summary }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const words = useSanitizerWords();
  const maxDay = Math.max(1, ...s.perDay.map((d) => d.delivered + d.quarantined + d.ppapHeld + d.other));
  const verdictRows = Object.entries(s.verdicts).sort((a, b) => b[1] - a[1]);
  const maxType = Math.max(1, ...s.topBlocked.map((b) => b.count));
  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170">{t('sanitizer.lead')}</p>
      {s.toDecide > 0 && (
        <NotificationBanner
          kind="warning"
          live={false}
          title={t('sanitizer.dashboard.toDecide', { count: s.toDecide })}
        >
          <Link to="/sanitizer/requests?view=toDecide">{t('sanitizer.dashboard.openRequests')}</Link>
        </NotificationBanner>
      )}

      <section aria-labelledby="san-queue" className="flex flex-col gap-3">
        <h2 id="san-queue" className="text-std-24B-150 text-solid-gray-900">
          {t('sanitizer.dashboard.queue')}
        </h2>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-4">
          {[
            {
              key: 'total',
              value: s.total,
              to: `/sanitizer/messages?queue=none&from=${s.from}`,
              label: t('sanitizer.dashboard.total'),
            },
            {
              key: 'quarantined',
              value: s.queue.quarantined,
              to: `/sanitizer/messages?queue=quarantined&from=${s.from}`,
              label: t('sanitizer.dashboard.queueQuarantined'),
            },
            {
              key: 'held',
              value: s.queue.held,
              to: `/sanitizer/messages?queue=held&from=${s.from}`,
              label: t('sanitizer.dashboard.queueHeld'),
            },
            {
              key: 'removed',
              value: s.queue.removed,
              to: `/sanitizer/messages?queue=removed&from=${s.from}`,
              label: t('sanitizer.dashboard.queueRemoved'),
            },
          ].map((c) => (
            <li key={c.key} className="flex flex-col gap-1 rounded-12 border border-solid-gray-200 bg-white px-5 py-4">
              <Link to={c.to} className="text-std-16B-170">
                {c.label}
              </Link>
              <span className="text-std-32B-150 text-solid-gray-900">
                {t('common.count', { count: nf.format(c.value) })}
              </span>
            </li>
          ))}
        </ul>
        <p className="text-std-16N-170 text-solid-gray-700">
          {t('sanitizer.dashboard.period', {
            days: s.days,
            from: formatDate(s.from, lang),
            to: formatDate(s.to, lang),
          })}
        </p>
        <p className="text-std-16N-170 text-solid-gray-700">{t('sanitizer.dashboard.countedNote')}</p>
        <div>
          <ButtonLink to="/sanitizer/messages" variant="secondary">
            {t('sanitizer.dashboard.openQueue')}
          </ButtonLink>
        </div>
      </section>

      <PageSection id="san-volumes" title={t('sanitizer.dashboard.volumes')}>
        {s.total === 0 ? (
          <p>{t('sanitizer.dashboard.empty')}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="sr-only">{t('sanitizer.dashboard.volumesCaption')}</caption>
              <thead>
                <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                  <th scope="col" className="px-4 py-2">
                    {t('sanitizer.dashboard.day')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.delivered')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.quarantined')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.ppapHeld')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.other')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.removedParts')}
                  </th>
                  <th scope="col" className="w-1/3 px-4 py-2">
                    <span className="sr-only">{t('sanitizer.dashboard.bar')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.perDay.map((d) => (
                  <tr key={d.day} className="border-b border-solid-gray-200">
                    <th scope="row" className="px-4 py-1 font-normal">
                      <time dateTime={d.day} title={formatDate(d.day, lang)}>
                        {toWarekiShort(d.day)}
                      </time>
                    </th>
                    <td className="px-4 py-1 text-right">{nf.format(d.delivered)}</td>
                    <td className="px-4 py-1 text-right">{nf.format(d.quarantined)}</td>
                    <td className="px-4 py-1 text-right">{nf.format(d.ppapHeld)}</td>
                    <td className="px-4 py-1 text-right">{nf.format(d.other)}</td>
                    <td className="px-4 py-1 text-right">{nf.format(d.removedParts)}</td>
                    <td className="px-4 py-1">
                      <span className="flex flex-col gap-0.5">
                        <Bar value={d.delivered} max={maxDay} />
                        {d.quarantined > 0 && <Bar value={d.quarantined} max={maxDay} tone="red" />}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PageSection>

      <div className="grid grid-cols-1 gap-8 lg:grid-cols-2">
        <PageSection id="san-verdicts" title={t('sanitizer.dashboard.verdicts')}>
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="sr-only">{t('sanitizer.dashboard.verdictsCaption')}</caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                <th scope="col" className="px-4 py-2">
                  {t('sanitizer.dashboard.verdict')}
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  {t('sanitizer.dashboard.count')}
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  {t('sanitizer.dashboard.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {verdictRows.map(([v, n]) => (
                <tr key={v} className="border-b border-solid-gray-200">
                  <th scope="row" className="px-4 py-2 font-normal">
                    {v === 'ppap-held'
                      ? t('sanitizer.dashboard.ppapHeld')
                      : t(`sanitizer.verdicts.${v}`, { defaultValue: v })}
                  </th>
                  <td className="px-4 py-2 text-right">{nf.format(n)}</td>
                  <td className="px-4 py-2 text-right">{s.total ? `${Math.round((n / s.total) * 100)}%` : '—'}</td>
                </tr>
              ))}
              {verdictRows.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-4 py-3">
                    {t('sanitizer.dashboard.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </PageSection>

        <PageSection id="san-blocked" title={t('sanitizer.dashboard.topBlocked')}>
          {s.topBlocked.length === 0 ? (
            <p>{t('sanitizer.dashboard.noneBlocked')}</p>
          ) : (
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="sr-only">{t('sanitizer.dashboard.topBlockedCaption')}</caption>
              <thead>
                <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                  <th scope="col" className="px-4 py-2">
                    {t('sanitizer.dashboard.type')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('sanitizer.dashboard.count')}
                  </th>
                  <th scope="col" className="w-1/4 px-4 py-2">
                    <span className="sr-only">{t('sanitizer.dashboard.bar')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.topBlocked.map((b) => (
                  <tr key={b.type} className="border-b border-solid-gray-200">
                    <th scope="row" className="px-4 py-2 font-normal">
                      <span className="block">{words.fileType(b.type)}</span>
                      <span className="block break-all font-mono text-dns-14N-130 text-solid-gray-700">{b.type}</span>
                      <span className="block text-dns-14N-130 text-solid-gray-700">
                        {t('sanitizer.dashboard.rules')}：{b.rules.map(words.rule).join(lang === 'ja' ? '、' : ', ')}
                      </span>
                    </th>
                    <td className="px-4 py-2 text-right">{nf.format(b.count)}</td>
                    <td className="px-4 py-2">
                      <Bar value={b.count} max={maxType} tone="grey" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PageSection>
      </div>
    </div>
  );
}

export default function DashboardPage() {
  const query = useQuery({
    queryKey: sanitizerKeys.summary(DAYS),
    queryFn: () => get<Summary>(`/sanitizer/summary?days=${DAYS}`),
  });
  return <Loaded query={query}>{(s) => <Overview s={s} />}</Loaded>;
}
