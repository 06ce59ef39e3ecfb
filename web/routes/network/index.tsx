/**
 * ネットワーク・三層の対策 (/network): the tier diagram, the systems register, findings and the firewall import.
 * Pages show only to roles that may use them; the server refuses the rest anyway.
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { may, useMe } from '../../api.ts';
import { AreaLayout, gateWith, type Needs } from '../../components/AreaLayout.tsx';
import { ButtonLink } from '../../components/Button.tsx';
import NotFound from '../NotFound.tsx';
import DiagramPage from './DiagramPage.tsx';
import ExceptionsPage from './ExceptionsPage.tsx';
import FindingsPage from './FindingsPage.tsx';
import FlowsPage, { FlowEdit, FlowNew } from './FlowsPage.tsx';
import ImportPage from './ImportPage.tsx';
import SettingsPage from './SettingsPage.tsx';
import { SystemEdit, SystemNew, SystemsList } from './SystemsPage.tsx';

const read: ReadonlyArray<Needs> = [['network', 'read']];
const manage: ReadonlyArray<Needs> = [['network', 'manage']];
const editSystem: ReadonlyArray<Needs> = [['network_system', 'edit']];

const PAGES = [
  { path: '', key: 'diagram', needs: read },
  { path: 'systems', key: 'systems', needs: read },
  { path: 'flows', key: 'flows', needs: read },
  { path: 'findings', key: 'findings', needs: read },
  { path: 'import', key: 'import', needs: manage },
  { path: 'exceptions', key: 'exceptions', needs: read },
  { path: 'settings', key: 'settings', needs: read },
] as const;

function Layout() {
  const { t } = useTranslation();
  return (
    <AreaLayout
      base="/network"
      title={t('network.title')}
      menuLabel={t('network.menu')}
      pages={PAGES.map((p) => ({ ...p, label: t(`network.pages.${p.key}`) }))}
      home="trail"
      className="max-w-[64rem]"
    />
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
  const { t } = useTranslation();
  const gate = gateWith(t('network.notAllowed'));
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={gate(read, <DiagramPage />)} />
        <Route path="systems" element={gate(read, <SystemsIndex />)} />
        <Route path="systems/new" element={gate(manage, <SystemNew />)} />
        <Route path="systems/:id" element={gate(read, <SystemEdit />)} />
        <Route path="flows" element={gate(read, <FlowsPage />)} />
        <Route path="flows/new" element={gate(editSystem, <FlowNew />)} />
        <Route path="flows/:id" element={gate(editSystem, <FlowEdit />)} />
        <Route path="exceptions" element={gate(read, <ExceptionsPage />)} />
        <Route path="settings" element={gate(read, <SettingsPage />)} />
        <Route path="findings" element={gate(read, <FindingsPage />)} />
        <Route path="import" element={gate(manage, <ImportPage />)} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
