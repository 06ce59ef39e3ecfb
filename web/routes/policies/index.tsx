/**
 * 情報セキュリティポリシー (/policies): the documents (基本方針・対策基準・実施手順) with their versions, approval and
 * 新旧対照表, and the records kept about them (周知・確認, 見直し, 例外措置). Tabs show only to roles that may use them;
 * the server refuses the rest anyway.
 *
 * The layout renders the breadcrumb and the page's h1 above the tabs. A page names itself with
 * `usePolicyHeading(title, crumbs)` (./heading.tsx); without it the h1 is the tab's name.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Route, Routes, useLocation } from 'react-router';
import { AreaLayout, gateWith, type Needs } from '../../components/AreaLayout.tsx';
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

function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [heading, setHeading] = useState<Heading | null>(null);
  return (
    <AreaLayout
      base="/policies"
      title={t('policies.title')}
      menuLabel={t('policies.menu')}
      pages={PAGES.map((p) => ({ ...p, label: t(`policies.pages.${p.key}`) }))}
      home="tab"
      // A heading left by the previous page is never shown.
      heading={heading?.pathname === pathname ? heading : null}
      className="policy-print max-w-[72rem]"
    >
      <HeadingContext.Provider value={setHeading}>
        <Outlet />
      </HeadingContext.Provider>
    </AreaLayout>
  );
}

const read: ReadonlyArray<Needs> = [['policy', 'read']];
const edit: ReadonlyArray<Needs> = [['policy', 'edit']];

export default function PolicyRoutes() {
  const { t } = useTranslation();
  const allowed = gateWith(t('policies.notAllowed'));
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
