/**
 * Labels of the organisation's codes in the current language. Japanese comes from the server's contract (the
 * policy's own terms); English from the area's message file.
 */
import { useTranslation } from 'react-i18next';
import { type AppointedRole, ROLES, type RoleCode } from '../../../../src/domain/roles.ts';
import {
  BODY_KIND_LABELS,
  EMPLOYMENT_TYPE_LABELS,
  PERSON_STATUS_LABELS,
  UNIT_LEVEL_LABELS,
} from '../../../../src/modules/organisation/contract.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';

type Labels = Record<string, string>;

export function useOrgLabels() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const pick = (ja: Labels, group: string) => (code: string | null | undefined) =>
    !code
      ? ''
      : lang === 'en'
        ? t(`org.codes.${group}.${code}`, { defaultValue: ja[code] ?? code })
        : (ja[code] ?? code);
  return {
    bodyKind: pick(BODY_KIND_LABELS, 'bodyKind'),
    level: pick(UNIT_LEVEL_LABELS, 'level'),
    employment: pick(EMPLOYMENT_TYPE_LABELS, 'employment'),
    status: pick(PERSON_STATUS_LABELS, 'status'),
    role: (code: string) => {
      const info = ROLES[code as RoleCode];
      return info ? (lang === 'en' ? info.en : info.ja) : code;
    },
  };
}

/** The scope a role is appointed for: the whole 団体, a unit, or an information system. */
export const roleScope = (role: string) => ROLES[role as AppointedRole]?.scope ?? 'TENANT';
export const roleIsSingle = (role: string) => ROLES[role as AppointedRole]?.single ?? false;
