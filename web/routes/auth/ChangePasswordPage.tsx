import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { keys, queryClient, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { usePageTitle } from '../../lib/page.tsx';
import { PasswordChangeForm } from '../account/PasswordSection.tsx';
import { PublicLayout } from '../PublicLayout.tsx';
import { useSignOut } from '../Shell.tsx';

/**
 * An administrator chose this user's password (a new account or a reset). The server lets the session do nothing
 * else until the user replaces it, so this page comes before everything, MFA enrolment included.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const signOut = useSignOut();
  usePageTitle(t('auth.issuedPassword.title'));

  if (!me || me.mfaState === 'pending') return <Navigate to="/login" replace />;
  if (!me.passwordChangeRequired) return <Navigate to={me.mfaState === 'enrol' ? '/enrol' : '/'} replace />;

  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: keys.me }).then(() => {
      const next = queryClient.getQueryData<typeof me>(keys.me);
      navigate(next?.mfaState === 'enrol' ? '/enrol' : '/', { replace: true });
    });
  };

  return (
    <PublicLayout>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('auth.issuedPassword.title')}</h1>
      <p className="mt-3 text-std-16N-170">{t('auth.issuedPassword.lead', { loginId: me.user.loginId })}</p>
      <p className="mt-3 text-std-16N-170">{t('auth.issuedPassword.after')}</p>
      <div className="mt-8">
        <PasswordChangeForm
          onChanged={changed}
          currentLabel={t('auth.issuedPassword.current')}
          submitLabel={t('auth.issuedPassword.submit')}
          variant="primary"
        />
      </div>
      <div className="mt-10 border-t border-solid-gray-200 pt-6">
        <Button variant="tertiary" size="sm" onPress={() => signOut.mutate()}>
          {t('auth.issuedPassword.signOutInstead')}
        </Button>
      </div>
    </PublicLayout>
  );
}
