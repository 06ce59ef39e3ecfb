/**
 * 無害化 (/sanitizer): the sanitising mail gateway as the platform sees it — 処理の状況 (dashboard), the quarantine
 * queue and the records with each message's detail and 無害化レポート, 原本提供の申請 (requests and decisions), and the
 * policy in force. Everyone with 'sanitizer:read' sees the area; the server limits each list to what the caller may see
 * (their own mail, their units' mail, or all for oversight). The Internet-side PPAP page is PpapPage (outside the shell).
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router';
import { AreaLayout, RequirePermission } from '../../components/AreaLayout.tsx';
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

function SanitizerLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <AreaLayout
      base="/sanitizer"
      title={t('sanitizer.title')}
      menuLabel={t('sanitizer.menu')}
      pages={PAGES.map((p) => ({ ...p, label: t(`sanitizer.pages.${p.key}`) }))}
      home="trail"
      // A message's page brings its own heading and title.
      bare={/^\/sanitizer\/messages\/[^/]+/.test(pathname)}
      className="max-w-[72rem]"
    />
  );
}

export default function SanitizerRoutes() {
  const { t } = useTranslation();
  return (
    <RequirePermission needs={[['sanitizer', 'read']]} message={t('sanitizer.notAllowed')}>
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
    </RequirePermission>
  );
}
