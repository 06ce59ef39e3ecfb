/**
 * 情報セキュリティポリシー (/policies): the documents (基本方針・対策基準・実施手順) with their versions, approval and
 * 新旧対照表, and the records kept about them (周知・確認, 見直し, 例外措置). Tabs show only to roles that may use them;
 * the server refuses the rest anyway.
 *
 * The layout renders the breadcrumb and the page's h1 above the tabs. A page names itself with
 * `usePolicyHeading(title, crumbs)` (./heading.tsx); without it the h1 is the tab's name.
 */
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { may, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { cx } from '../../lib/cx.ts';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import ComparePage from './ComparePage.tsx';
import DocumentPage from './DocumentPage.tsx';
import DocumentsPage from './DocumentsPage.tsx';
import { type Heading, HeadingContext } from './heading.tsx';
import NewDocumentPage from './NewDocumentPage.tsx';
import AcknowledgementsPage from './records/AcknowledgementsPage.tsx';
import ExceptionsPage from './records/ExceptionsPage.tsx';
import ReviewsPage from './records/ReviewsPage.tsx';
import VersionPage from './VersionPage.tsx';
import './policies-print.css';

type Needs = readonly [string, string];

const PAGES: ReadonlyArray<{ path: string; key: string; needs: ReadonlyArray<Needs> }> = [
  { path: '', key: 'documents', needs: [['policy', 'read']] },
  {
    path: 'acknowledgements',
    key: 'acknowledgements',
    needs: [
      ['policy_ack', 'acknowledge'],
      ['policy_ack', 'manage'],
      ['policy_ack', 'read_report'],
    ],
  },
  { path: 'reviews', key: 'reviews', needs: [['policy_review', 'read']] },
  {
    path: 'exceptions',
    key: 'exceptions',
    needs: [
      ['policy_exception', 'read'],
      ['policy_exception', 'request'],
    ],
  },
];

const mayAny = (me: Parameters<typeof may>[0], needs: ReadonlyArray<Needs>) =>
  needs.some(([resource, action]) => may(me, resource, action));

function Layout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const pages = PAGES.filter((p) => mayAny(me ?? undefined, p.needs));
  const current = PAGES.find((p) => p.path && location.pathname.startsWith(`/policies/${p.path}`)) ?? PAGES[0];
  const [heading, setHeading] = useState<Heading | null>(null);
  const shown = heading?.pathname === location.pathname ? heading : null;
  const title = shown?.title ?? t(`policies.pages.${current.key}`);
  usePageTitle(`${title}（${t('policies.title')}）`);
  // /policies itself is the area's first page: its crumb is the area, not a link back to the same page.
  const atAreaRoot = location.pathname.replace(/\/$/, '') === '/policies';
  const crumbs = atAreaRoot
    ? [{ label: t('policies.title') }]
    : [{ label: t('policies.title'), href: '/policies' }, ...(shown?.crumbs ?? []), { label: title }];
  return (
    <div className="policy-print flex max-w-[72rem] flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Breadcrumb items={crumbs} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
      </div>
      <nav aria-label={t('policies.menu')} className="no-print border-b border-solid-gray-420">
        <ul className="flex flex-wrap gap-1">
          {pages.map((p) => (
            <li key={p.key}>
              <NavLink
                to={p.path ? `/policies/${p.path}` : '/policies'}
                aria-current={p.key === current.key ? 'page' : undefined}
                className={cx(
                  '-mb-px flex min-h-12 items-center border-b-4 px-5 py-2 text-std-16B-170 no-underline',
                  p.key === current.key
                    ? 'border-blue-900 text-blue-900'
                    : 'border-transparent text-solid-gray-700 hover:bg-solid-gray-50 hover:text-solid-gray-900 hover:underline',
                )}
              >
                {t(`policies.pages.${p.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <HeadingContext.Provider value={setHeading}>
        <Outlet />
      </HeadingContext.Provider>
    </div>
  );
}

function Allowed({ needs, children }: { needs: ReadonlyArray<Needs>; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return mayAny(me ?? undefined, needs) ? (
    children
  ) : (
    <NotificationBanner kind="warning" live={false}>
      {t('policies.notAllowed')}
    </NotificationBanner>
  );
}

const read: ReadonlyArray<Needs> = [['policy', 'read']];
const edit: ReadonlyArray<Needs> = [['policy', 'edit']];

export default function PolicyRoutes() {
  const allowed = (needs: ReadonlyArray<Needs>, page: ReactNode) => <Allowed needs={needs}>{page}</Allowed>;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={allowed(read, <DocumentsPage />)} />
        <Route path="new" element={allowed(edit, <NewDocumentPage />)} />
        <Route path="documents/:id" element={allowed(read, <DocumentPage />)} />
        <Route path="documents/:id/compare" element={allowed(read, <ComparePage />)} />
        <Route path="versions/:id" element={allowed(read, <VersionPage />)} />
        <Route path="acknowledgements/*" element={allowed(PAGES[1].needs, <AcknowledgementsPage />)} />
        <Route path="reviews/*" element={allowed(PAGES[2].needs, <ReviewsPage />)} />
        <Route path="exceptions/*" element={allowed(PAGES[3].needs, <ExceptionsPage />)} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
