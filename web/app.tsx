import { lazy, type ReactNode, Suspense } from 'react';
import { RouterProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useHref, useLocation, useNavigate } from 'react-router';
import { useMe, useSetupStatus } from './api.ts';
import { NotificationBanner } from './components/NotificationBanner.tsx';
import { peekFlash } from './lib/flash.ts';
import { PageProvider } from './lib/page.tsx';
import ChangePasswordPage from './routes/auth/ChangePasswordPage.tsx';
import EnrolPage from './routes/auth/EnrolPage.tsx';
import LoginPage from './routes/auth/LoginPage.tsx';
import SetupPage from './routes/auth/SetupPage.tsx';
import Dashboard from './routes/dashboard/index.tsx';
import NotFound from './routes/NotFound.tsx';
import { PublicLayout } from './routes/PublicLayout.tsx';
import { Shell } from './routes/Shell.tsx';
import PpapPage from './routes/sanitizer/PpapPage.tsx';

// Each area's pages load when first visited, so the first page a modest PC opens stays small.
const AccountPage = lazy(() => import('./routes/account/index.tsx'));
const AdminRoutes = lazy(() => import('./routes/admin/index.tsx'));
const AssetRoutes = lazy(() => import('./routes/assets/index.tsx'));
const AuditRoutes = lazy(() => import('./routes/audit/index.tsx'));
const NetworkRoutes = lazy(() => import('./routes/network/index.tsx'));
const OrganisationRoutes = lazy(() => import('./routes/organisation/index.tsx'));
const PledgeRoutes = lazy(() => import('./routes/pledges/index.tsx'));
const PolicyRoutes = lazy(() => import('./routes/policies/index.tsx'));
const PortalPage = lazy(() => import('./routes/policies/PortalPage.tsx'));
const SanitizerRoutes = lazy(() => import('./routes/sanitizer/index.tsx'));

/** Only a fully signed-in user (MFA passed or not required) sees the application; others go where they must. */
function RequireSignedIn({ children }: { children: ReactNode }) {
  const { data: me } = useMe();
  const location = useLocation();
  if (!me || me.mfaState === 'pending') {
    // After an unexpected end (idle timeout, first visit) sign-in returns to this page; after signing out, to the top.
    const flash = peekFlash()?.key;
    const deliberate = flash === 'signedOut' || flash === 'loggedOutAll';
    return <Navigate to="/login" replace state={deliberate ? undefined : { from: location.pathname }} />;
  }
  if (me.passwordChangeRequired) return <Navigate to="/change-password" replace />;
  if (me.mfaState === 'enrol') return <Navigate to="/enrol" replace />;
  return <>{children}</>;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <p role="status" className="py-12 text-std-16N-170">
        {t('common.loading')}
      </p>
    </PublicLayout>
  );
}

function LoadFailed() {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <NotificationBanner kind="error" title={t('common.loadError')} />
    </PublicLayout>
  );
}

/** Everything but the public portal: it waits for the setup status and for who is signed in. */
function Main() {
  const setup = useSetupStatus();
  const me = useMe();
  let content: ReactNode;
  if (setup.isPending || me.isPending) content = <Loading />;
  else if (setup.isError || me.isError) content = <LoadFailed />;
  else {
    const needed = setup.data.needed;
    content = (
      <Routes>
        <Route path="/setup" element={needed ? <SetupPage /> : <Navigate to="/login" replace />} />
        <Route element={needed ? <Navigate to="/setup" replace /> : <Outlet />}>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/enrol" element={<EnrolPage />} />
          <Route path="/change-password" element={<ChangePasswordPage />} />
          <Route path="/ppap/:token" element={<PpapPage />} />
          <Route
            element={
              <RequireSignedIn>
                <Shell />
              </RequireSignedIn>
            }
          >
            <Route index element={<Dashboard />} />
            <Route path="organisation/*" element={<OrganisationRoutes />} />
            <Route path="pledges/*" element={<PledgeRoutes />} />
            <Route path="policies/*" element={<PolicyRoutes />} />
            <Route path="assets/*" element={<AssetRoutes />} />
            <Route path="network/*" element={<NetworkRoutes />} />
            <Route path="audit/*" element={<AuditRoutes />} />
            <Route path="sanitizer/*" element={<SanitizerRoutes />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="admin/*" element={<AdminRoutes />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    );
  }
  return content;
}

export function App() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // The public portal needs no session; asking who is signed in would only earn a 401 there.
  const portal = pathname.startsWith('/portal/');
  return (
    <RouterProvider navigate={navigate} useHref={useHref}>
      <PageProvider>
        {portal ? (
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/portal/:tenantCode/*" element={<PortalPage />} />
            </Routes>
          </Suspense>
        ) : (
          <Main />
        )}
      </PageProvider>
    </RouterProvider>
  );
}
