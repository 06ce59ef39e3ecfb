/** How the contact pages name roles and show e-mail addresses. */
import { type AppointedRole, ROLES } from '../../../../src/domain/roles.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';

/** The policy's name of a role (the server gives it in Japanese; English from the same table). */
export function useRoleName() {
  const lang = useLanguage();
  return (role: AppointedRole) => (lang === 'en' ? ROLES[role].en : ROLES[role].ja);
}

/** An address that breaks after the @ rather than mid-word. */
export function EmailText({ email }: { email: string | null }) {
  if (!email) return null;
  const at = email.indexOf('@');
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
