/**
 * ネットワーク・三層の対策 (/network): the tier diagram, the systems register, findings and the firewall import.
 * Pages show only to roles that may use them; the server refuses the rest anyway.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { may, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { ButtonLink } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { cx } from '../../lib/cx.ts';
import { usePageTitle } from '../../lib/page.tsx';
import NotFound from '../NotFound.tsx';
import DiagramPage from './DiagramPage.tsx';
import ExceptionsPage from './ExceptionsPage.tsx';
import FindingsPage from './FindingsPage.tsx';
import FlowsPage, { FlowEdit, FlowNew } from './FlowsPage.tsx';
import ImportPage from './ImportPage.tsx';
import SettingsPage from './SettingsPage.tsx';
import { SystemEdit, SystemNew, SystemsList } from './SystemsPage.tsx';

const PAGES = [
  { path: '', key: 'diagram', needs: ['network', 'read'] },
  { path: 'systems', key: 'systems', needs: ['network', 'read'] },
  { path: 'flows', key: 'flows', needs: ['network', 'read'] },
  { path: 'findings', key: 'findings', needs: ['network', 'read'] },
  { path: 'import', key: 'import', needs: ['network', 'manage'] },
  { path: 'exceptions', key: 'exceptions', needs: ['network', 'read'] },
  { path: 'settings', key: 'settings', needs: ['network', 'read'] },
] as const;

function Layout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const pages = PAGES.filter((p) => may(me ?? undefined, p.needs[0], p.needs[1]));
  const current = PAGES.find((p) => p.path && location.pathname.startsWith(`/network/${p.path}`)) ?? PAGES[0];
  const title = t(`network.pages.${current.key}`);
  usePageTitle(`${title}（${t('network.title')}）`);
  return (
    <div className="flex max-w-[64rem] flex-col gap-6">
      <div>
        <Breadcrumb items={[{ label: t('network.title'), href: '/network' }, { label: title }]} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
      </div>
      <nav aria-label={t('network.menu')} className="no-print border-b border-solid-gray-420">
        <ul className="flex flex-wrap gap-1">
          {pages.map((p) => (
            <li key={p.key}>
              <NavLink
                to={p.path ? `/network/${p.path}` : '/network'}
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
                {t(`network.pages.${p.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

function Allowed({ needs, children }: { needs: readonly [string, string]; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return may(me ?? undefined, needs[0], needs[1]) ? (
    <>{children}</>
  ) : (
    <NotificationBanner kind="warning" live={false}>
      {t('network.notAllowed')}
    </NotificationBanner>
  );
}

function SystemsIndex() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <div className="flex flex-col gap-4">
      {may(me ?? undefined, 'network', 'manage') && (
        <div>
          <ButtonLink to="/network/systems/new" variant="secondary">
            {t('network.systems.new')}
          </ButtonLink>
        </div>
      )}
      <SystemsList />
    </div>
  );
}

export default function NetworkRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route
          index
          element={
            <Allowed needs={PAGES[0].needs}>
              <DiagramPage />
            </Allowed>
          }
        />
        <Route
          path="systems"
          element={
            <Allowed needs={PAGES[1].needs}>
              <SystemsIndex />
            </Allowed>
          }
        />
        <Route
          path="systems/new"
          element={
            <Allowed needs={['network', 'manage']}>
              <SystemNew />
            </Allowed>
          }
        />
        <Route
          path="systems/:id"
          element={
            <Allowed needs={PAGES[1].needs}>
              <SystemEdit />
            </Allowed>
          }
        />
        <Route
          path="flows"
          element={
            <Allowed needs={['network', 'read']}>
              <FlowsPage />
            </Allowed>
          }
        />
        <Route
          path="flows/new"
          element={
            <Allowed needs={['network_system', 'edit']}>
              <FlowNew />
            </Allowed>
          }
        />
        <Route
          path="flows/:id"
          element={
            <Allowed needs={['network_system', 'edit']}>
              <FlowEdit />
            </Allowed>
          }
        />
        <Route
          path="exceptions"
          element={
            <Allowed needs={['network', 'read']}>
              <ExceptionsPage />
            </Allowed>
          }
        />
        <Route
          path="settings"
          element={
            <Allowed needs={['network', 'read']}>
              <SettingsPage />
            </Allowed>
          }
        />
        <Route
          path="findings"
          element={
            <Allowed needs={['network', 'read']}>
              <FindingsPage />
            </Allowed>
          }
        />
        <Route
          path="import"
          element={
            <Allowed needs={['network', 'manage']}>
              <ImportPage />
            </Allowed>
          }
        />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
