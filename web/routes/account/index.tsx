import { useTranslation } from 'react-i18next';
import { useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { usePageTitle } from '../../lib/page.tsx';
import { MfaSection } from './MfaSection.tsx';
import { PasskeysSection } from './PasskeysSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';

/** アカウント設定: the signed-in user's own password, second factors, recovery codes and sessions. */
export default function AccountPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('account.title'));
  if (!me) return null;
  return (
    <div className="flex max-w-[60rem] flex-col gap-8">
      <div>
        <Breadcrumb items={[{ label: t('account.title') }]} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('account.title')}</h1>
        <p className="mt-2 text-std-16N-170">{t('account.lead')}</p>
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-6 gap-y-2 rounded-8 bg-solid-gray-50 px-6 py-4 text-std-16N-170">
        <dt className="font-bold">{t('account.name')}</dt>
        <dd>{me.person?.name ?? '—'}</dd>
        <dt className="font-bold">{t('account.loginId')}</dt>
        <dd className="font-mono">{me.user.loginId}</dd>
      </dl>
      <PasswordSection />
      <MfaSection me={me} />
      <PasskeysSection />
      <SessionsSection />
    </div>
  );
}
