/**
 * 誓約 (/pledges): every member of staff reads and confirms the pledge in force; those who keep the pledges
 * (情報セキュリティ担当, 統括, CISO, Mamori管理者) also maintain the texts, record paper pledges and follow completion.
 * Each page shows only to those whose roles allow it; the server refuses the rest anyway.
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
import MinePage from './MinePage.tsx';
import RecordPage from './RecordPage.tsx';
import StatusPage from './StatusPage.tsx';
import TextsPage from './TextsPage.tsx';

const PAGES = [
  { path: '', key: 'mine', needs: ['pledge', 'read_own'] },
  { path: 'status', key: 'status', needs: ['pledge', 'read_report'] },
  { path: 'record', key: 'record', needs: ['pledge', 'record'] },
  { path: 'texts', key: 'texts', needs: ['pledge_text', 'manage'] },
] as const;

function PledgesLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const pages = PAGES.filter((p) => may(me ?? undefined, p.needs[0], p.needs[1]));
  const current = PAGES.find((p) => p.path && location.pathname.startsWith(`/pledges/${p.path}`)) ?? PAGES[0];
  const title = t(`pledges.pages.${current.key}`);
  usePageTitle(current.key === 'mine' ? t('pledges.title') : `${title}（${t('pledges.title')}）`);
  return (
    <div className="flex max-w-[64rem] flex-col gap-6">
      <div>
        <Breadcrumb
          items={
            current.key === 'mine'
              ? [{ label: t('pledges.title') }]
              : [{ label: t('pledges.title'), href: '/pledges' }, { label: title }]
          }
        />
        <h1 className="text-std-32B-150 text-solid-gray-900">{current.key === 'mine' ? t('pledges.title') : title}</h1>
      </div>
      {pages.length > 1 && (
        <nav aria-label={t('pledges.menu')} className="no-print border-b border-solid-gray-420">
          <ul className="flex flex-wrap gap-1">
            {pages.map((p) => (
              <li key={p.key}>
                <NavLink
                  to={p.path ? `/pledges/${p.path}` : '/pledges'}
                  end
                  className={({ isActive }) =>
                    cx(
                      '-mb-px flex min-h-12 items-center border-b-4 px-5 py-2 text-std-16B-170 no-underline',
                      isActive
                        ? 'border-blue-900 text-blue-900'
                        : 'border-transparent text-solid-gray-700 hover:bg-solid-gray-50 hover:text-solid-gray-900 hover:underline',
                    )
                  }
                >
                  {t(`pledges.pages.${p.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Outlet />
    </div>
  );
}

/** A page for those allowed to see it (the menu never links others there); the server refuses the rest anyway. */
function Allowed({ needs, children }: { needs: readonly [string, string]; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return may(me ?? undefined, needs[0], needs[1]) ? (
    children
  ) : (
    <NotificationBanner kind="warning" live={false}>
      {t('pledges.notAllowed')}
    </NotificationBanner>
  );
}

export default function PledgeRoutes() {
  return (
    <Routes>
      <Route element={<PledgesLayout />}>
        <Route index element={<MinePage />} />
        <Route
          path="status"
          element={
            <Allowed needs={PAGES[1].needs}>
              <StatusPage />
            </Allowed>
          }
        />
        <Route
          path="record"
          element={
            <Allowed needs={PAGES[2].needs}>
              <RecordPage />
            </Allowed>
          }
        />
        <Route
          path="texts"
          element={
            <Allowed needs={PAGES[3].needs}>
              <TextsPage />
            </Allowed>
          }
        />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
