/**
 * 情報資産管理台帳 (/assets): the register (list, detail, create, edit), permission requests, findings, the Excel/CSV
 * import and the classification schemes. Tabs show only to roles that may use them; the server refuses the rest.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { may, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { cx } from '../../lib/cx.ts';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import { AssetEditPage, AssetNewPage } from './AssetForm.tsx';
import { AssetDetailPage } from './DetailPage.tsx';
import FindingsPage from './findings/FindingsPage.tsx';
import ImportPage from './import/ImportPage.tsx';
import { AssetListPage } from './ListPage.tsx';
import RequestsPage from './lifecycle/RequestsPage.tsx';
import SchemesPage from './schemes/SchemesPage.tsx';

type Needs = readonly [resource: string, action: string];

const PAGES = [
  { path: '', key: 'list', needs: ['asset', 'read'] },
  { path: 'requests', key: 'requests', needs: ['asset_permission', 'read'] },
  { path: 'findings', key: 'findings', needs: ['asset_finding', 'read'] },
  { path: 'import', key: 'import', needs: ['asset', 'manage'] },
  { path: 'schemes', key: 'schemes', needs: ['asset_scheme', 'read'] },
] as const satisfies ReadonlyArray<{ path: string; key: string; needs: Needs }>;

/** The tab pages: breadcrumb, the page's heading and the tab menu. */
function TabLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const pages = PAGES.filter((p) => may(me ?? undefined, p.needs[0], p.needs[1]));
  const current = PAGES.find((p) => p.path && location.pathname.startsWith(`/assets/${p.path}`)) ?? PAGES[0];
  const title = t(`assets.pages.${current.key}`);
  usePageTitle(current.key === 'list' ? t('assets.title') : `${title}（${t('assets.title')}）`);
  return (
    <div className="flex max-w-[80rem] flex-col gap-6">
      <div>
        <Breadcrumb
          items={
            current.key === 'list'
              ? [{ label: t('assets.title') }]
              : [{ label: t('assets.title'), href: '/assets' }, { label: title }]
          }
        />
        <h1 className="text-std-32B-150 text-solid-gray-900">{current.key === 'list' ? t('assets.title') : title}</h1>
      </div>
      <nav aria-label={t('assets.menu')} className="no-print border-b border-solid-gray-420">
        <ul className="flex flex-wrap gap-1">
          {pages.map((p) => (
            <li key={p.key}>
              <NavLink
                to={p.path ? `/assets/${p.path}` : '/assets'}
                end={!p.path}
                className={({ isActive }) =>
                  cx(
                    '-mb-px flex min-h-12 items-center border-b-4 px-5 py-2 text-std-16B-170 no-underline',
                    isActive
                      ? 'border-blue-900 text-blue-900'
                      : 'border-transparent text-solid-gray-700 hover:bg-solid-gray-50 hover:text-solid-gray-900 hover:underline',
                  )
                }
              >
                {t(`assets.pages.${p.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

/** Pages of one asset (detail, new, edit) bring their own breadcrumb and heading. */
function PlainLayout() {
  return (
    <div className="flex max-w-[64rem] flex-col gap-6">
      <Outlet />
    </div>
  );
}

function Allowed({ needs, children }: { needs: Needs; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  return may(me, needs[0], needs[1]) ? (
    <>{children}</>
  ) : (
    <NotificationBanner kind="warning" live={false}>
      {t('assets.notAllowed')}
    </NotificationBanner>
  );
}

const gate = (needs: Needs, page: ReactNode) => <Allowed needs={needs}>{page}</Allowed>;

export default function AssetRoutes() {
  return (
    <Routes>
      <Route element={<TabLayout />}>
        <Route index element={gate(PAGES[0].needs, <AssetListPage />)} />
        <Route path="requests" element={gate(PAGES[1].needs, <RequestsPage />)} />
        <Route path="findings" element={gate(PAGES[2].needs, <FindingsPage />)} />
        <Route path="import" element={gate(PAGES[3].needs, <ImportPage />)} />
        <Route path="schemes" element={gate(PAGES[4].needs, <SchemesPage />)} />
      </Route>
      <Route element={<PlainLayout />}>
        <Route path="new" element={gate(['asset', 'manage'], <AssetNewPage />)} />
        <Route path=":id" element={gate(['asset', 'read'], <AssetDetailPage />)} />
        <Route path=":id/edit" element={gate(['asset', 'manage'], <AssetEditPage />)} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
