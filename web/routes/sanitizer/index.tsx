/**
 * 無害化 (/sanitizer): the sanitising mail gateway as the platform sees it — 処理の状況 (dashboard), the quarantine
 * queue and the records with each message's detail and 無害化レポート, 原本提供の申請 (requests and decisions), and the
 * policy in force. Everyone with 'sanitizer:read' sees the area; the server limits each list to what the caller may see
 * (their own mail, their units' mail, or all for oversight). The Internet-side PPAP page is PpapPage (outside the shell).
 */
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { may, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { cx } from '../../lib/cx.ts';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import DashboardPage from './DashboardPage.tsx';
import MessagePage from './MessagePage.tsx';
import MessagesPage from './MessagesPage.tsx';
import PolicyPage from './PolicyPage.tsx';
import RequestsPage from './RequestsPage.tsx';

const PAGES = [
  { path: '', key: 'dashboard' },
  { path: 'messages', key: 'messages' },
  { path: 'requests', key: 'requests' },
  { path: 'policy', key: 'policy' },
] as const;

/** The document title of a list page (a message's page sets its own). */
function PageTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}

function SanitizerLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const current = PAGES.find((p) => p.path && location.pathname.startsWith(`/sanitizer/${p.path}`)) ?? PAGES[0];
  const detail = /^\/sanitizer\/messages\/[^/]+/.test(location.pathname);
  const title = t(`sanitizer.pages.${current.key}`);
  return (
    <div className="flex max-w-[72rem] flex-col gap-6">
      {!detail && <PageTitle title={`${title}（${t('sanitizer.title')}）`} />}
      {!detail && (
        <div>
          <Breadcrumb items={[{ label: t('sanitizer.title'), href: '/sanitizer' }, { label: title }]} />
          <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
        </div>
      )}
      {!detail && (
        <nav aria-label={t('sanitizer.menu')} className="no-print border-b border-solid-gray-420">
          <ul className="flex flex-wrap gap-1">
            {PAGES.map((p) => (
              <li key={p.key}>
                <NavLink
                  to={p.path ? `/sanitizer/${p.path}` : '/sanitizer'}
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
                  {t(`sanitizer.pages.${p.key}`)}
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

export default function SanitizerRoutes() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!may(me ?? undefined, 'sanitizer', 'read'))
    return (
      <NotificationBanner kind="warning" live={false}>
        {t('sanitizer.notAllowed')}
      </NotificationBanner>
    );
  return (
    <Routes>
      <Route element={<SanitizerLayout />}>
        <Route index element={<DashboardPage />} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="messages/:id" element={<MessagePage />} />
        <Route path="requests" element={<RequestsPage />} />
        <Route path="policy" element={<PolicyPage />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
