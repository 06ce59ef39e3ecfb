import { type AppointedRole, ROLES } from '../../../../src/domain/roles.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';

/** The policy's name of a role (the server gives it in Japanese; English from the same table). */
export function useRoleName() {
  const lang = useLanguage();
  return (role: AppointedRole) => (lang === 'en' ? ROLES[role].en : ROLES[role].ja);
}
