/** アカウント管理 (/admin): sign-in accounts, for the Mamori administrator (PLATFORM_ADMIN) only. */
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { may, useMe } from '../../api.ts';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import AccountsPage from './AccountsPage.tsx';
import NewAccountPage from './NewAccountPage.tsx';

function NotAllowed() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  return (
    <div className="flex max-w-[48rem] flex-col gap-4">
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('admin.title')}</h1>
      <NotificationBanner kind="info" live={false}>
        {t('admin.notAllowed')}
      </NotificationBanner>
    </div>
  );
}

export default function AdminRoutes() {
  const { data: me } = useMe();
  if (!may(me ?? undefined, 'account', 'read')) return <NotAllowed />;
  return (
    <Routes>
      <Route index element={<Navigate to="accounts" replace />} />
      <Route path="accounts" element={<AccountsPage />} />
      <Route path="accounts/new" element={<NewAccountPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
