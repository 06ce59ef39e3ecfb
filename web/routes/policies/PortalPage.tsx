/**
 * 公開ページ (/portal/:tenantCode): anyone, without signing in, reads the town's 基本方針 in force today (in Japan) —
 * its clauses with their own numbering, 策定日・改訂日・施行日 in 和暦（西暦）— and its history, and the 対策基準 the
 * town chose to publish. A published revision whose 施行日 is ahead is announced. Older versions open at
 * /portal/:tenantCode/versions/:versionId. The page prints on A4 without navigation.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import type { portal, portalVersion } from '../../../src/modules/policies/portal.service.ts';
import type { ClauseView } from '../../../src/modules/policies/views.ts';
import { ApiError, get, queryString } from '../../api.ts';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { DateText, Loaded } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Table } from '../../components/Table.tsx';
import { formatDate, todayInJapan } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { LanguageSwitch, SkipLink } from '../chrome.tsx';

type Portal = Awaited<ReturnType<typeof portal>>;
type PortalDocument = Portal['documents'][number];
type HistoryEntry = PortalDocument['history'][number];
type PortalVersion = Awaited<ReturnType<typeof portalVersion>>;
type PublicVersion = PortalVersion['version'];

/** The portal as of today in Japan: the browser's date decides which version is in force (and a simulated clock). */
function usePortal(code: string) {
  const on = todayInJapan();
  return useQuery({
    queryKey: ['portal', code, on],
    queryFn: () => get<Portal>(`/public/${encodeURIComponent(code)}/policies${queryString({ on })}`),
  });
}

function Frame({ town, children }: { town?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div className="flex min-h-screen flex-col bg-white">
      <SkipLink />
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex min-h-18 max-w-[64rem] flex-wrap items-center justify-between gap-4 px-6 py-3">
          {town ? (
            <p className="flex flex-col leading-130">
              <span className="text-std-20B-150 text-solid-gray-900">{town}</span>
              <span className="text-dns-14N-130 text-solid-gray-700">{t('policies.portal.siteName')}</span>
            </p>
          ) : (
            <p className="text-std-20B-150 text-solid-gray-900">{t('policies.portal.siteName')}</p>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <div className="print-only mb-4 border-b border-black pb-1 text-[9pt]">
        <div className="flex items-baseline justify-between gap-4">
          <span>{town}</span>
          <span>{t('common.printedOn', { date: formatDate(todayInJapan(), lang) })}</span>
        </div>
      </div>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[64rem] flex-1 px-6 py-8 outline-none">
        {children}
      </main>
      <footer className="border-t border-solid-gray-200 bg-solid-gray-50">
        <p className="mx-auto max-w-[64rem] px-6 py-4 text-dns-14N-130 text-solid-gray-700">
          {t('policies.portal.footer')}
        </p>
      </footer>
    </div>
  );
}

function Paragraphs({ text }: { text: string }) {
  const lines = text.split('\n').filter((l) => l.trim());
  return (
    <>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
        <p key={i} className="text-std-16N-170 text-solid-gray-900">
          {line}
        </p>
      ))}
    </>
  );
}

const anchorOf = (prefix: string, path: string) => `${prefix}-${path.replace(/[^\p{L}\p{N}]+/gu, '-')}`;

/** One clause and its children: 章 and the first level below it are headings; deeper items are a nested list. */
function Clause({ clause, depth, prefix }: { clause: ClauseView; depth: number; prefix: string }) {
  const title = [clause.label, clause.heading].filter(Boolean).join(' ');
  if (depth <= 1) {
    const H = depth === 0 ? 'h3' : 'h4';
    return (
      <section aria-labelledby={anchorOf(prefix, clause.path)} className="flex flex-col gap-2 print:break-inside-auto!">
        <H
          id={anchorOf(prefix, clause.path)}
          className={depth === 0 ? 'text-std-24B-150 text-solid-gray-900' : 'text-std-20B-150 text-solid-gray-900'}
        >
          {title}
        </H>
        <Paragraphs text={clause.text} />
        {clause.children.length > 0 && <ClauseList clauses={clause.children} depth={depth + 1} prefix={prefix} />}
      </section>
    );
  }
  return (
    <li className="flex flex-col gap-1 print:break-inside-auto!">
      <p className="text-std-16N-170 text-solid-gray-900">
        <span className="font-bold">{clause.label}</span>
        {clause.heading && <span className="ml-2 font-bold">{clause.heading}</span>}
      </p>
      <div className="flex flex-col gap-1 pl-6">
        <Paragraphs text={clause.text} />
        {clause.children.length > 0 && <ClauseList clauses={clause.children} depth={depth + 1} prefix={prefix} />}
      </div>
    </li>
  );
}

function ClauseList({ clauses, depth, prefix }: { clauses: ClauseView[]; depth: number; prefix: string }) {
  if (depth <= 1) {
    return (
      <div className={depth === 0 ? 'flex flex-col gap-8' : 'flex flex-col gap-5'}>
        {clauses.map((c) => (
          <Clause key={c.path} clause={c} depth={depth} prefix={prefix} />
        ))}
      </div>
    );
  }
  return (
    // The numbering is the document's own (1., (1), ①); the list adds none.
    <ul className="flex list-none flex-col gap-2 pl-2">
      {clauses.map((c) => (
        <Clause key={c.path} clause={c} depth={depth} prefix={prefix} />
      ))}
    </ul>
  );
}

/** 策定日・改訂日・施行日 and the version number, in 和暦（西暦）. */
function VersionFacts({ version }: { version: PublicVersion }) {
  const { t } = useTranslation();
  const items = [
    { label: t('policies.portal.versionNumber'), value: t('policies.portal.versionLabel', { n: version.number }) },
    { label: t('policies.portal.establishedOn'), value: <DateText iso={version.establishedOn} /> },
    { label: t('policies.portal.revisedOn'), value: <DateText iso={version.revisedOn} /> },
    { label: t('policies.portal.effectiveOn'), value: <DateText iso={version.effectiveOn} /> },
  ];
  return (
    <dl className="grid grid-cols-[minmax(6rem,10rem)_1fr] gap-x-6 gap-y-1 rounded-8 bg-solid-gray-50 px-6 py-4 text-std-16N-170 print:bg-white print:px-0">
      {items.map((i) => (
        <div key={i.label} className="contents">
          <dt className="font-bold text-solid-gray-900">{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function VersionText({ version, prefix }: { version: PublicVersion; prefix: string }) {
  const { t } = useTranslation();
  if (version.clauses.length === 0) {
    // A text the parser found no numbered clauses in is shown as written.
    return <Paragraphs text={version.body} />;
  }
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label={t('policies.portal.contentsOf', { title: version.title })} className="no-print">
        <h3 className="text-std-18B-160 text-solid-gray-900">{t('policies.portal.contents')}</h3>
        <ul className="mt-2 flex flex-col gap-1 pl-1">
          {version.clauses
            .flatMap((c) => [c, ...c.children])
            .map((c) => (
              <li key={c.path} className={c.path.includes('/') ? 'pl-6' : ''}>
                <a href={`#${anchorOf(prefix, c.path)}`} className="text-std-16N-170 text-blue-1000 underline">
                  {[c.label, c.heading].filter(Boolean).join(' ')}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <ClauseList clauses={version.clauses} depth={0} prefix={prefix} />
    </div>
  );
}

function History({ code, doc }: { code: string; doc: PortalDocument }) {
  const { t } = useTranslation();
  const standing = (h: HistoryEntry) => t(`policies.portal.standing.${h.standing ?? 'superseded'}`);
  return (
    <Table<HistoryEntry>
      caption={t('policies.portal.historyOf', { title: doc.title })}
      columns={[
        {
          header: t('policies.portal.versionNumber'),
          cell: ({ row }) => t('policies.portal.versionLabel', { n: row.original.number }),
        },
        { header: t('policies.portal.revisedOn'), cell: ({ row }) => <DateText iso={row.original.revisedOn} /> },
        { header: t('policies.portal.effectiveOn'), cell: ({ row }) => <DateText iso={row.original.effectiveOn} /> },
        { header: t('policies.portal.standingHeader'), cell: ({ row }) => standing(row.original) },
        { header: t('policies.portal.changeSummary'), cell: ({ row }) => row.original.changeSummary || '—' },
        {
          header: t('policies.portal.text'),
          cell: ({ row }) => (
            <Link to={`/portal/${code}/versions/${row.original.id}`}>
              {t('policies.portal.open', { n: row.original.number })}
            </Link>
          ),
        },
      ]}
      data={[...doc.history].reverse()}
      rowKey={(h) => h.id}
      empty={t('policies.portal.noHistory')}
    />
  );
}

function DocumentSection({ code, doc }: { code: string; doc: PortalDocument }) {
  const { t } = useTranslation();
  const id = `doc-${doc.kind.toLowerCase()}-${doc.id.slice(-8)}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-6 print:break-inside-auto!">
      <h2 id={id} className="border-b-2 border-blue-900 pb-2 text-std-28B-150 text-solid-gray-900">
        {doc.title}
      </h2>
      {doc.scheduled.map((s) => (
        <NotificationBanner key={s.id} kind="info" live={false} title={t('policies.portal.scheduledTitle')}>
          <p>
            {t('policies.portal.scheduled', {
              n: s.number,
              revised: s.revisedOn ? formatDate(s.revisedOn) : '—',
              effective: s.effectiveOn ? formatDate(s.effectiveOn) : '—',
            })}{' '}
            <Link to={`/portal/${code}/versions/${s.id}`}>{t('policies.portal.openScheduled', { n: s.number })}</Link>
          </p>
        </NotificationBanner>
      ))}
      {doc.inForce ? (
        <>
          <VersionFacts version={doc.inForce} />
          <VersionText version={doc.inForce} prefix={id} />
        </>
      ) : (
        <p className="text-std-16N-170">{t('policies.portal.notYetInForce')}</p>
      )}
      <div className="no-print flex flex-col gap-2">
        <h3 className="text-std-20B-150 text-solid-gray-900">{t('policies.portal.history')}</h3>
        <History code={code} doc={doc} />
      </div>
    </section>
  );
}

const isMissing = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 400);

/** An unknown 団体コード is a page that does not exist; any other failure says the page could not be loaded. */
function PortalError({ code, error }: { code: string; error: unknown }) {
  const { t } = useTranslation();
  const missing = isMissing(error);
  const title = missing ? t('policies.portal.noTown') : t('policies.portal.siteName');
  return (
    <div className="flex max-w-[48rem] flex-col gap-4">
      <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
      {missing ? (
        <p className="text-std-16N-170">{t('policies.portal.noTownLead', { code })}</p>
      ) : (
        <NotificationBanner kind="error" title={t('common.loadError')} />
      )}
    </div>
  );
}

function CurrentPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const query = usePortal(code);
  const town = query.data?.town.name;
  usePageTitle(
    town
      ? t('policies.portal.pageTitle', { town })
      : query.isError && isMissing(query.error)
        ? t('policies.portal.noTown')
        : t('policies.portal.siteName'),
  );
  return (
    <Frame town={town}>
      {query.isError ? (
        <PortalError code={code} error={query.error} />
      ) : (
        <Loaded query={query}>
          {(data) => (
            <div className="flex flex-col gap-10">
              <div className="flex flex-wrap items-start justify-between gap-4">
                <div className="flex flex-col gap-2">
                  <h1 className="text-std-32B-150 text-solid-gray-900">
                    {t('policies.portal.pageTitle', { town: data.town.name })}
                  </h1>
                  <p className="text-std-16N-170 text-solid-gray-800">
                    {t('policies.portal.lead', { town: data.town.name, date: formatDate(data.on, lang) })}
                  </p>
                </div>
                <PrintButton what={t('policies.portal.pageTitle', { town: data.town.name })} />
              </div>
              {data.documents.length === 0 ? (
                <p className="text-std-16N-170">{t('policies.portal.nothingPublished')}</p>
              ) : (
                data.documents.map((doc) => <DocumentSection key={doc.id} code={code} doc={doc} />)
              )}
            </div>
          )}
        </Loaded>
      )}
    </Frame>
  );
}

/** One published version (from the history or an announced revision), with how it stands today. */
function VersionPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { versionId = '' } = useParams();
  const portalQuery = usePortal(code);
  const query = useQuery({
    queryKey: ['portal', code, 'version', versionId],
    queryFn: () => get<PortalVersion>(`/public/${encodeURIComponent(code)}/policies/versions/${versionId}`),
  });
  const town = portalQuery.data?.town.name;
  const entry = portalQuery.data?.documents.flatMap((d) => d.history).find((h) => h.id === versionId);
  const title = query.data
    ? t('policies.portal.versionTitle', { title: query.data.document.title, n: query.data.version.number })
    : t('policies.portal.siteName');
  usePageTitle(town ? `${title}（${town}）` : title);
  return (
    <Frame town={town}>
      <p className="no-print mb-4">
        <Link to={`/portal/${code}`}>{t('policies.portal.back')}</Link>
      </p>
      {query.isError ? (
        <div className="flex flex-col gap-4">
          <h1 className="text-std-32B-150 text-solid-gray-900">{t('policies.portal.noVersion')}</h1>
          <p className="text-std-16N-170">{t('policies.portal.noVersionLead')}</p>
        </div>
      ) : (
        <Loaded query={query}>
          {(data) => (
            <div className="flex flex-col gap-6">
              <div className="flex flex-wrap items-start justify-between gap-4">
                <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
                <PrintButton what={title} />
              </div>
              {entry && entry.standing !== 'in_force' && (
                <NotificationBanner kind={entry.standing === 'scheduled' ? 'info' : 'warning'} live={false}>
                  {entry.standing === 'scheduled'
                    ? t('policies.portal.isScheduled', {
                        effective: formatDate(entry.effectiveOn ?? '', lang),
                      })
                    : t('policies.portal.isSuperseded', {
                        effective: formatDate(entry.effectiveOn ?? '', lang),
                        until: entry.effectiveUntil ? formatDate(entry.effectiveUntil, lang) : '—',
                      })}{' '}
                  <Link to={`/portal/${code}`}>{t('policies.portal.seeCurrent')}</Link>
                </NotificationBanner>
              )}
              {entry?.standing === 'in_force' && (
                <p className="text-std-16B-170 text-green-900">{t('policies.portal.isInForce')}</p>
              )}
              {data.version.changeSummary && (
                <p className="text-std-16N-170">
                  <span className="font-bold">{t('policies.portal.changeSummary')}：</span>
                  {data.version.changeSummary}
                </p>
              )}
              <VersionFacts version={data.version} />
              <VersionText version={data.version} prefix="v" />
            </div>
          )}
        </Loaded>
      )}
    </Frame>
  );
}

export default function PortalPage() {
  const { tenantCode = '' } = useParams();
  return (
    <Routes>
      <Route index element={<CurrentPage code={tenantCode} />} />
      <Route path="versions/:versionId" element={<VersionPage code={tenantCode} />} />
      <Route path="*" element={<CurrentPage code={tenantCode} />} />
    </Routes>
  );
}
