/**
 * 誓約 (/pledges): every member of staff reads and confirms the pledge in force; those who keep the pledges
 * (情報セキュリティ担当, 統括, CISO, Mamori管理者) also maintain the texts, record paper pledges and follow completion.
 * Each page shows only to those whose roles allow it; the server refuses the rest anyway.
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { AreaLayout, gateWith } from '../../components/AreaLayout.tsx';
import NotFound from '../NotFound.tsx';
import MinePage from './MinePage.tsx';
import RecordPage from './RecordPage.tsx';
import StatusPage from './StatusPage.tsx';
import TextsPage from './TextsPage.tsx';

const PAGES = [
  { path: '', key: 'mine', needs: [['pledge', 'read_own']] },
  { path: 'status', key: 'status', needs: [['pledge', 'read_report']] },
  { path: 'record', key: 'record', needs: [['pledge', 'record']] },
  { path: 'texts', key: 'texts', needs: [['pledge_text', 'manage']] },
] as const;

function PledgesLayout() {
  const { t } = useTranslation();
  return (
    <AreaLayout
      base="/pledges"
      title={t('pledges.title')}
      menuLabel={t('pledges.menu')}
      pages={PAGES.map((p) => ({ ...p, label: t(`pledges.pages.${p.key}`) }))}
      home="area"
      hideLoneTab
      className="max-w-[64rem]"
    />
  );
}

export default function PledgeRoutes() {
  const { t } = useTranslation();
  const gate = gateWith(t('pledges.notAllowed'));
  return (
    <Routes>
      <Route element={<PledgesLayout />}>
        <Route index element={<MinePage />} />
        <Route path="status" element={gate(PAGES[1].needs, <StatusPage />)} />
        <Route path="record" element={gate(PAGES[2].needs, <RecordPage />)} />
        <Route path="texts" element={gate(PAGES[3].needs, <TextsPage />)} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
