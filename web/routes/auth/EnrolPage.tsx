import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { keys, queryClient, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { usePageTitle } from '../../lib/page.tsx';
import { PublicLayout } from '../PublicLayout.tsx';
import { useSignOut } from '../Shell.tsx';
import { PasskeyRegistration } from './PasskeyRegistration.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { TotpEnrolment } from './TotpEnrolment.tsx';

/**
 * Forced MFA enrolment: a session held back because the user's role needs MFA reaches only this page until an
 * authenticator app or a passkey is registered. Then the recovery codes are shown once.
 */
export default function EnrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const signOut = useSignOut();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [finished, setFinished] = useState(false);
  usePageTitle(codes ? t('recovery.title') : t('enrol.title'));

  if (!me) return <Navigate to="/login" replace />;
  if (me.mfaState === 'pending') return <Navigate to="/login" replace />;
  if (me.passwordChangeRequired) return <Navigate to="/change-password" replace />;
  if (me.mfaState === 'full' && !codes && !finished) return <Navigate to="/" replace />;

  // The server promotes the session as soon as a method is registered; /auth/me is refreshed only after the
  // codes have been seen, so that this page is not left before they are stored.
  const enrolled = (recoveryCodes: string[] | null) => {
    if (recoveryCodes) setCodes(recoveryCodes);
    else finish();
  };
  const finish = () => {
    setFinished(true);
    void queryClient.invalidateQueries({ queryKey: keys.me }).then(() => navigate('/', { replace: true }));
  };

  return (
    <PublicLayout wide>
      {codes ? (
        <RecoveryCodes codes={codes} onDone={finish} doneLabel={t('recovery.continue')} headingLevel={1} />
      ) : (
        <>
          <h1 className="text-std-32B-150 text-solid-gray-900">{t('enrol.title')}</h1>
          <p className="mt-3 text-std-16N-170">{t('enrol.lead')}</p>
          <Tabs
            className="mt-8"
            label={t('enrol.tabsLabel')}
            items={[
              { id: 'totp', label: t('enrol.totpTab'), content: <TotpEnrolment onEnrolled={enrolled} /> },
              {
                id: 'passkey',
                label: t('enrol.passkeyTab'),
                content: (
                  <div className="flex flex-col gap-6">
                    <p className="text-std-16N-170">{t('enrol.passkeyLead')}</p>
                    <PasskeyRegistration onRegistered={enrolled} buttonLabel={t('enrol.passkeyButton')} />
                  </div>
                ),
              },
            ]}
          />
          <div className="mt-10 border-t border-solid-gray-200 pt-6">
            <Button variant="tertiary" size="sm" onPress={() => signOut.mutate()}>
              {t('enrol.signOutInstead')}
            </Button>
          </div>
        </>
      )}
    </PublicLayout>
  );
}
