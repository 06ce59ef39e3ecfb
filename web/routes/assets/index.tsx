/**
 * 情報資産管理台帳 (/assets): the register (list, detail, create, edit), permission requests, findings, the Excel/CSV
 * import and the classification schemes. Tabs show only to roles that may use them; the server refuses the rest.
 */
import { useTranslation } from 'react-i18next';
import { Outlet, Route, Routes } from 'react-router';
import { AreaLayout, gateWith, type Needs } from '../../components/AreaLayout.tsx';
import NotFound from '../NotFound.tsx';
import { AssetEditPage, AssetNewPage } from './AssetForm.tsx';
import { AssetDetailPage } from './DetailPage.tsx';
import FindingsPage from './findings/FindingsPage.tsx';
import ImportPage from './import/ImportPage.tsx';
import { AssetListPage } from './ListPage.tsx';
import RequestsPage from './lifecycle/RequestsPage.tsx';
import SchemesPage from './schemes/SchemesPage.tsx';

const PAGES = [
  { path: '', key: 'list', needs: [['asset', 'read']] },
  { path: 'requests', key: 'requests', needs: [['asset_permission', 'read']] },
  { path: 'findings', key: 'findings', needs: [['asset_finding', 'read']] },
  { path: 'import', key: 'import', needs: [['asset', 'manage']] },
  { path: 'schemes', key: 'schemes', needs: [['asset_scheme', 'read']] },
] as const satisfies ReadonlyArray<{ path: string; key: string; needs: ReadonlyArray<Needs> }>;

/** The tab pages: breadcrumb, the page's heading and the tab menu. */
function TabLayout() {
  const { t } = useTranslation();
  return (
    <AreaLayout
      base="/assets"
      title={t('assets.title')}
      menuLabel={t('assets.menu')}
      pages={PAGES.map((p) => ({ ...p, label: t(`assets.pages.${p.key}`) }))}
      home="area"
      className="max-w-[80rem]"
    />
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

export default function AssetRoutes() {
  const { t } = useTranslation();
  const gate = gateWith(t('assets.notAllowed'));
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
        <Route path="new" element={gate([['asset', 'manage']], <AssetNewPage />)} />
        <Route path=":id" element={gate([['asset', 'read']], <AssetDetailPage />)} />
        <Route path=":id/edit" element={gate([['asset', 'manage']], <AssetEditPage />)} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
